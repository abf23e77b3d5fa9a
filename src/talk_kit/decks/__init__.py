"""Decks: the model of a reveal.js deck written in Markdown, its rendering, and its pages."""
