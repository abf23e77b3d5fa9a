"""What only a browser sees: overflow, accessibility, console, requests and page weight.

`python -m browsercheck` (or `./scripts/check --browser`) serves a built site on loopback and
drives headless Chromium over every guide page and every build-up step of every deck. Findings
use the checker's format (`slides/x.md:12: warning: overflow: …`) and point at source lines.

This is a package of its own, beside `sitecheck`, because it needs Playwright, a Chromium
binary and axe-core (an npm development package), while `sitecheck` must run on any MkDocs
project without a browser: `pip install .` installs sitecheck with its few dependencies and
must not pull in a browser driver. Playwright is pinned in this project's requirements (the
build prints deck PDFs with it); the browser check runs from the checkout
(`./scripts/check --browser`) and uses sitecheck as a library (settings, deck model,
findings).
"""
