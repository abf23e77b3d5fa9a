"""What only a browser sees: overflow, accessibility, console, requests and page weight.

`python -m browsercheck` (or `./scripts/check --browser`) serves a built site on loopback and
drives headless Chromium over every guide page and every build-up step of every deck. Findings
use the checker's format (`slides/x.md:12: warning: overflow: …`) and point at source lines.

This is a package of its own, beside `sitecheck`, because it needs Playwright and a Chromium
binary: both are development tools (requirements-dev.txt, `apt-get install chromium`), while
`sitecheck` runs in every build and on any machine that can build the site. It uses sitecheck
as a library (settings, deck model, findings) and is not part of `pip install .`.
"""
