"""`python -m sitecheck` runs the CLI."""

from .cli import main

raise SystemExit(main())
