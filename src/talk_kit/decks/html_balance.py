"""Keep raw HTML inside one slide: every tag it opens is closed there, no stray end tag leaves.

Markdown lets an editor write raw HTML, and a slide is one `<section>` among many on the deck
page. An unmatched `</section>` or `</div>` would end the slide early and change the deck's
structure; an unclosed `<script>`, `<textarea>` or comment would swallow every slide after it.
Each slide's HTML is therefore re-serialised: stray end tags are dropped, open elements are
closed at the end of the slide, and tags that act on the whole page are left out.
"""

from __future__ import annotations

from html.parser import HTMLParser

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Tags that would act on the whole page, not on the slide.
PAGE_LEVEL = frozenset({"html", "head", "body", "base", "plaintext"})
RAW_TEXT = frozenset({"script", "style"})


class _Balancer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in PAGE_LEVEL:
            return
        text = self.get_starttag_text() or f"<{tag}>"
        if tag == "section":  # a nested section would become a slide of its own
            text, tag = "<div" + text[len("<section") :], "div"
        self.out.append(text)
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in PAGE_LEVEL:
            self.out.append(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        tag = "div" if tag == "section" else tag
        if tag not in self.open:
            return  # stray: it would close something outside this slide
        while self.open:
            closed = self.open.pop()
            self.out.append(f"</{closed}>")
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] in RAW_TEXT:
            self.out.append(data)
        else:
            self.out.append(data.replace("&", "&amp;").replace("<", "&lt;"))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data.replace('--', '- -')}-->")

    def handle_decl(self, decl: str) -> None:
        return  # a doctype inside a slide means nothing

    def unknown_decl(self, data: str) -> None:
        self.handle_data(f"<![{data}]>")

    def handle_pi(self, data: str) -> None:
        return

    def finish(self) -> str:
        self.close()
        self.out.extend(f"</{tag}>" for tag in reversed(self.open))
        self.open.clear()
        return "".join(self.out)


def balance_html(fragment: str) -> str:
    """`fragment` with every element it opens closed inside it (see the module docstring)."""
    balancer = _Balancer()
    balancer.feed(fragment)
    return balancer.finish()
