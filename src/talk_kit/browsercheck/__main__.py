"""`python -m browsercheck`: see cli.py."""

import sys

from talk_kit.browsercheck.cli import main

sys.exit(main())
