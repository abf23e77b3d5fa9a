"""Link texts and alt texts (WCAG 2.4.4 and 1.1.1), as the checks compare them."""

from __future__ import annotations

from talk_kit.sitecheck.config import Rules
from talk_kit.sitecheck.content import link_text_problems
from talk_kit.sitecheck.rendered import HtmlLink


def link(text: str, code: bool = False) -> HtmlLink:
    return HtmlLink("a", "href", "ziel/", False, text, code=code)


def test_generic_texts_are_found_whatever_their_case_and_punctuation() -> None:
    links = [
        link("Hier"),
        link(" Klicken  Sie hier! "),
        link("Mehr…"),
        link("Mehr über Bewertungen"),
        link("hier", code=True),  # `hier` is a name, not prose
        HtmlLink("img", "src", "bild.png", True, ""),
        HtmlLink("img", "src", "logo.png", True, "Logo der Bäckerei"),
    ]
    problems = link_text_problems(links, Rules())
    assert [(found.text, problem.code) for found, problem in problems] == [
        ("Hier", "generic-link-text"),
        (" Klicken  Sie hier! ", "generic-link-text"),
        ("Mehr…", "generic-link-text"),
        ("", "missing-alt"),
    ]
