"""`python -m sitecheck` runs the CLI."""

from talk_kit.sitecheck.cli import command

command()
