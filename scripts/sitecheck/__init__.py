"""sitecheck: link and slide checks for MkDocs sites with reveal.js decks.

The package is plain Python (PyYAML only) so the same checks run from the CLI
(`python -m sitecheck check`), from the MkDocs hook `scripts/hooks/checks.py`,
and from any later static-site tool that reads mkdocs.yml.
"""

__version__ = "0.1.0"
