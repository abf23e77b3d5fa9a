"""Link texts and alt texts (WCAG 2.4.4 and 1.1.1), as one check run compares them."""

from __future__ import annotations

import pytest

from talk_kit.sitecheck import content
from talk_kit.sitecheck.config import Rules
from talk_kit.sitecheck.content import LinkTextRules
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
    problems = LinkTextRules(Rules()).problems(links)
    assert [(found.text, problem.code) for found, problem in problems] == [
        ("Hier", "generic-link-text"),
        (" Klicken  Sie hier! ", "generic-link-text"),
        ("Mehr…", "generic-link-text"),
        ("", "missing-alt"),
    ]


def test_each_distinct_text_is_compared_once_however_many_the_site_has(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A site has about as many distinct link texts as pages: each is normalised once per
    run, not again on every page once there are more than a cache of fixed size keeps."""
    calls: list[str] = []
    normalise = content._normalise

    def counted(text: str) -> str:
        calls.append(text)
        return normalise(text)

    monkeypatch.setattr(content, "_normalise", counted)
    pages = [[link(f"Seite {number}, Abschnitt {n}") for n in range(4)] for number in range(2000)]
    rules = LinkTextRules(Rules())
    for _ in range(2):  # every page twice: the second time costs no normalising
        for page in pages:
            assert rules.problems(page) == []
    assert len(calls) == 8000
