"""sitecheck: link and slide checks for MkDocs sites with reveal.js decks.

The package is plain Python (PyYAML, and requests for opt-in external links)
so the same checks run from the CLI (`python -m sitecheck check`), from the
MkDocs hook `scripts/hooks/checks.py`, and from any later static-site tool
that reads mkdocs.yml. Every finding is `path:line: error|warning: CODE: message`.

Codes
- links: broken-link, broken-anchor, fragile-anchor (warning), broken-route,
  case-mismatch, unrewritten-md-link, unmapped-page (warning, CLI only),
  external-broken, external-unchecked (warning)
- slides: missing-title, duplicate-title (w), too-many-bullets (w),
  too-many-words (w), too-many-lines (w), code-too-long (w), missing-alt,
  generic-link-text (w), missing-notes (w), missing-guide-link (w), empty-slide, separator-in-fence,
  talk-too-long (w), talk-too-short (w)
- deck files: front-matter, unclosed-fence, unknown-placeholder,
  missing-include, include-cycle, include-depth, encoding, empty-file,
  file-too-large, read-error
- run: config (w), no-site, build-failed, internal-error
Any code's severity can be changed or turned off with
`extra: sitecheck: severity: {code: error|warning|off}` (or per deck, `check:`).
"""

__version__ = "0.1.0"
