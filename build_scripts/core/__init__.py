"""The values every part shares: the model, the names the templates and the MkDocs side share, classes of characters."""
