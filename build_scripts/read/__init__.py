"""Source text → values: editions, glossary, collection, notes, translation, citations; sources.py reads source/."""
