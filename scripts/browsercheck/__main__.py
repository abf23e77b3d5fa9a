"""`python -m browsercheck`: see cli.py."""

import sys

from .cli import main

sys.exit(main())
