"""The MkDocs side: docs/ as the build script wrote it → the published site (plugin.py: `reading-edition`)."""
