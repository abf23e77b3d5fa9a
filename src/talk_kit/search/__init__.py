"""German search: compound parts, readers' synonyms, one entry per slide."""
