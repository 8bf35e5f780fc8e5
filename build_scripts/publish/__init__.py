"""The MkDocs side: docs/ as the build script wrote it → the published site (hooks.py is what mkdocs.yml names)."""
