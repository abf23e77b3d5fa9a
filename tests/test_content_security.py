"""The Content-Security-Policy hook and the task list names, without a browser."""

from __future__ import annotations

import re

from conftest import ROOT

from talk_kit.csp import plugin as csp
from talk_kit.guide import task_lists as task_lists

PAGE = (
    "<!doctype html><html><head><meta charset=utf-8><title>t</title>"
    "<script>var a = 1;</script><script type=application/json>{}</script>"
    '<style>p { color: red }</style></head><body><div style="width:1px">x</div>'
    '<script src="x.js"></script></body></html>'
)


def test_the_policy_allows_exactly_the_inline_code_of_the_page() -> None:
    policy = csp.policy_for(PAGE)
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    scripts = re.search(r"script-src ([^;]*)", policy).group(1).split()
    assert scripts == ["'self'", csp.sha256("var a = 1;")]  # the JSON data block needs none
    styles = re.search(r"style-src ([^;]*)", policy).group(1).split()
    assert styles == [
        "'self'",
        csp.sha256("p { color: red }"),
        "'unsafe-hashes'",
        csp.sha256("width:1px"),
    ]
    assert "default-src 'none'" in policy and "frame-src" not in policy


def test_the_meta_comes_before_the_first_script() -> None:
    html = csp.with_policy(PAGE, "default-src 'none'")
    meta = html.index('<meta http-equiv="Content-Security-Policy"')
    assert meta < html.index("<script>") and html.index("<head>") < meta


def test_the_speaker_view_is_read_from_the_pinned_notes_plugin() -> None:
    notes = ROOT / "node_modules" / "reveal.js" / "plugin" / "notes" / "notes.js"
    view = csp.speaker_view_html(notes.read_text(encoding="utf-8"))
    scripts, styles, attributes = csp.inline_code(view)
    assert view.rstrip().endswith("</html>")
    assert len(scripts) == 1 and "connectionStatus" in scripts[0]
    assert len(styles) == 1 and "#speaker-controls" in styles[0]
    assert set(attributes) == {"display: none"}


def test_the_print_view_styles_follow_the_deck_size() -> None:
    styles = csp.print_view_styles({"width": 1280, "height": 720, "margin": 0.04})
    assert "@page{size:1331px 748px; margin: 0px;}" in styles
    assert "{max-width: 1280px; max-height:720px}" in styles
    assert csp.print_view_styles({"width": "100%", "height": 720}) == ""


def test_a_task_checkbox_is_named_by_its_item() -> None:
    html = (
        '<ul class="task-list"><li class="task-list-item"><label class="task-list-control">'
        '<input type="checkbox" disabled/><span class="task-list-indicator"></span></label> '
        "<strong>Woche 1:</strong> Ziel &amp; Zielgruppe<ul><li>nested</li></ul></li></ul>"
    )
    named = task_lists.named_checkboxes(html)
    assert '<input type="checkbox" aria-label="Woche 1: Ziel &amp; Zielgruppe" disabled/>' in named


def test_under_mkdocs_serve_only_the_scripts_are_relaxed_for_live_reload() -> None:
    policy = csp.policy_for(PAGE)
    served = csp.for_live_reload(policy)
    assert "script-src 'self' 'unsafe-inline';" in served
    assert csp.sha256("var a = 1;") not in served  # a hash would switch 'unsafe-inline' off
    assert served.split("; ")[2:] == policy.split("; ")[2:]  # styles and the rest unchanged
