import sys

from talk_kit.presenter.cli import main

sys.exit(main())
