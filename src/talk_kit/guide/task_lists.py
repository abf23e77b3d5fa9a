"""`talk-kit/task-lists`: task list checkboxes get a name, the text of their item.

pymdownx.tasklist (custom_checkbox) renders `- [ ] Text` as a checkbox inside an empty
`<label>` beside the text, so a screen reader announces "checkbox, not checked" without
saying what is to be done (axe-core: label, WCAG 4.1.2). The item's own text, up to a nested
list, becomes the checkbox's `aria-label`.
"""

from __future__ import annotations

import html
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

_CHECKBOX = re.compile(
    r'(<li class="task-list-item"><label class="task-list-control">)<input type="checkbox"([^>]*)>'
)
_ITEM_TEXT_END = re.compile(r"</li>|<ul|<ol")
_TAG = re.compile(r"<[^>]+>")


def item_text(rest: str) -> str:
    """Plain text of a list item from after its checkbox to its end or its nested list."""
    end = _ITEM_TEXT_END.search(rest)
    text = html.unescape(_TAG.sub("", rest[: end.start() if end else len(rest)]))
    return " ".join(text.split())


def named_checkboxes(content: str) -> str:
    def name(match: re.Match[str]) -> str:
        label = html.escape(item_text(content[match.end() :]), quote=True)
        return f'{match.group(1)}<input type="checkbox" aria-label="{label}"{match.group(2)}>'

    return _CHECKBOX.sub(name, content)


class TaskListsPlugin(BasePlugin):
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        return named_checkboxes(html) if "task-list-item" in html else html
