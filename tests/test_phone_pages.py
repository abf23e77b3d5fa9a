"""What a phone reads first in every page (issue 20), without a browser."""

from __future__ import annotations

from talk_kit.csp import plugin as csp

LONG_POLICY = "default-src 'none'; script-src 'self' " + " ".join(["'sha256-x'"] * 100)


def test_the_charset_stays_in_the_first_kilobyte_before_a_long_policy() -> None:
    """A page opened from the file system has no HTTP header that names its encoding: the
    browser looks for `<meta charset>` in the first 1,024 bytes only."""
    page = '<!doctype html><html><head>\n    <meta charset="utf-8"><script>x()</script></head>'
    html = csp.with_policy(page, LONG_POLICY)
    assert html.index('<meta charset="utf-8">') < 1024
    assert html.index('<meta charset="utf-8">') < html.index('http-equiv="Content-Security')
    assert html.index('http-equiv="Content-Security') < html.index("<script>")


def test_without_a_charset_first_the_policy_opens_the_head() -> None:
    page = "<html><head><script>x()</script><meta charset=utf-8></head>"
    html = csp.with_policy(page, LONG_POLICY)
    assert html.startswith('<html><head><meta http-equiv="Content-Security-Policy"')
