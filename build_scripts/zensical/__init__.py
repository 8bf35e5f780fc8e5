"""The same docs/ published by Zensical: the derived configuration, its index rewrite."""
