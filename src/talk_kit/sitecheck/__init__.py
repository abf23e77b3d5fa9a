"""sitecheck: link, load and slide checks for MkDocs sites with reveal.js decks.

The same checks run in the build, as the `talk-kit/checks` plugin (`plugin.py`), and from the
command line, `sitecheck check [mkdocs.yml]` (`cli.py`), which builds the project with its own
configuration into a temporary folder or, with `--site-dir`, reads a site built before. Both
read every link, load and id from the built pages and report each finding at the source line
that wrote it: `path:line: error|warning: code: message`.

The rule codes, their default severities and how a project sets them (`severity:`,
`house_rules:` under the plugin's options, `check:` in a deck's front matter) are listed in
the README under "Checker rules".
"""
