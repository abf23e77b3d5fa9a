"""Content rules of the German guide (docs/), checked on the Markdown sources.

Why: the guide is the part attendees read after the talk, on a phone. It must be substantial
(page and word minimums), dated ("Stand"), sourced (every percentage has a source with a year
on the same page), connected (every page links to another; every chapter the talk presents
links back to its slide), and legally complete (Impressum and Datenschutz in every footer).
Only the last check needs a built site; the others read files.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

import markdown
import pytest
import yaml
from conftest import ROOT

from talk_kit.sitecheck.links import source_uri
from talk_kit.sitecheck.rendered import read_page

DOCS = ROOT / "docs"
DECK = ROOT / "slides" / "neue-medien-neue-chancen.md"
DECK_VIRTUAL = PurePosixPath("folien/neue-medien-neue-chancen.md")

MIN_GUIDE_PAGES = 15
MIN_GUIDE_WORDS = 12_000

# Pages that are not guide content: the site's own legal pages, the news section and the
# slides landing page. They are checked for Stand/links but not counted towards the minimums.
NOT_GUIDE = {"impressum.md", "datenschutz.md", "folien/index.md"}

PERCENT = re.compile(r"\d+(?:,\d+)? ?%")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
FOOTNOTE_REF = re.compile(r"\[\^([^\]]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:\s*(.+)$", re.MULTILINE)
MD_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
WORD = re.compile(r"[A-Za-zÄÖÜäöüß][\wÄÖÜäöüß-]*")


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter, body) of a Markdown page; empty mapping when there is none."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]) or {}, text[end + 5 :]


def all_pages() -> list[Path]:
    """Every Markdown page of the site (snippets are not pages)."""
    return sorted(
        path for path in DOCS.rglob("*.md") if "_snippets" not in path.relative_to(DOCS).parts
    )


def rel(path: Path) -> str:
    return path.relative_to(DOCS).as_posix()


def guide_pages() -> list[Path]:
    return [p for p in all_pages() if rel(p) not in NOT_GUIDE and not rel(p).startswith("blog/")]


def body(path: Path) -> str:
    return split_front_matter(path.read_text(encoding="utf-8"))[1]


def words(markdown: str) -> int:
    """Words a reader sees: without code, comments, link targets and Markdown syntax."""
    text = COMMENT.sub(" ", FENCE.sub(" ", markdown))
    text = MD_LINK.sub(lambda m: m.group(0).split("](")[0], text)
    return len(WORD.findall(text))


def blocks(markdown: str) -> list[str]:
    """Paragraphs, lists and tables: runs of non-blank lines."""
    return [b for b in re.split(r"\n\s*\n", markdown) if b.strip()]


def link_targets(path: Path) -> list[str]:
    """Relative `.md` link targets of a page (fragment kept), as written: the links
    Python-Markdown renders (before MkDocs rewrites them), read as the checker reads them."""
    html = markdown.markdown(body(path), extensions=["attr_list", "md_in_html", "tables"])
    targets = (link.url for link in read_page(html).links if not link.fetched)
    return [t for t in targets if not re.match(r"[a-z]+:", t) and ".md" in t]


def resolve(path: Path, target: str) -> PurePosixPath:
    """Docs-relative path a link from `path` points to (without fragment), as the checker
    resolves it."""
    return PurePosixPath(source_uri(rel(path), target.split("#", 1)[0]))


def deck_slides() -> list[str]:
    """The slides of the talk deck (front matter removed, split at `---` separators)."""
    text = FENCE.sub("", split_front_matter(DECK.read_text(encoding="utf-8"))[1])
    return re.split(r"\n\s*\n---\n\s*\n", text)


def slide_id(slide: str) -> str | None:
    match = re.search(r'<!--\s*\.slide:[^>]*\bid="([^"]+)"', slide)
    return match.group(1) if match else None


def test_enough_guide_pages() -> None:
    pages = guide_pages()
    assert len(pages) >= MIN_GUIDE_PAGES, [rel(p) for p in pages]


def test_enough_words() -> None:
    total = sum(words(body(p)) for p in guide_pages())
    assert total >= MIN_GUIDE_WORDS, f"{total} words"


def test_word_counter_ignores_syntax() -> None:
    sample = "# Titel\n\n[zwei Wörter](sehr/lange/adresse.md#anker)\n\n```\ncode code\n```\n"
    assert words(sample) == 3


def test_nav_pages_exist() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config[config.index("\nnav:") :]
    for target in re.findall(r"([\w/-]+\.md)", nav):
        assert (DOCS / target).is_file(), target


@pytest.mark.parametrize("path", all_pages(), ids=rel)
def test_page_has_stand_and_description(path: Path) -> None:
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
    assert isinstance(meta.get("stand"), dt.date), f"{rel(path)}: stand: YYYY-MM-DD missing"
    assert str(meta.get("description", "")).strip(), f"{rel(path)}: description missing"


def source_problems(markdown: str) -> list[str]:
    """Blocks with a percentage that cite no footnote (in themselves or their lead-in line)
    defined on the page with a year."""
    definitions = dict(FOOTNOTE_DEF.findall(markdown))
    page_blocks = [b for b in blocks(markdown) if not FOOTNOTE_DEF.match(b.strip())]
    problems = []
    for index, block in enumerate(page_blocks):
        if not PERCENT.search(block):
            continue
        lead_in = page_blocks[index - 1] if index else ""
        refs = FOOTNOTE_REF.findall(block) or FOOTNOTE_REF.findall(lead_in)
        if not refs:
            problems.append(f"percentage without a footnote: {block.strip()[:80]!r}")
        for ref in refs:
            if ref not in definitions:
                problems.append(f"footnote [^{ref}] is not defined")
            elif not YEAR.search(definitions[ref]):
                problems.append(f"source [^{ref}] names no year")
    return problems


@pytest.mark.parametrize("path", all_pages(), ids=rel)
def test_every_percentage_has_a_source_with_year(path: Path) -> None:
    assert source_problems(body(path)) == [], rel(path)


def test_source_check_catches_missing_and_yearless_sources() -> None:
    assert source_problems("Text.\n\nEine Zahl: 42 % der Betriebe.\n") != []
    assert source_problems("So viele: 42 %.[^a]\n\n[^a]: Eine Studie.\n") != []
    assert source_problems("So viele: 42 %.[^a]\n") != []
    assert source_problems("Laut Studie:[^a]\n\n- 42 % der Betriebe\n\n[^a]: Studie 2025.\n") == []


@pytest.mark.parametrize("path", all_pages(), ids=rel)
def test_page_links_to_another_page(path: Path) -> None:
    others = {resolve(path, t) for t in link_targets(path)} - {PurePosixPath(rel(path))}
    assert others, f"{rel(path)} links to no other page"


@pytest.mark.parametrize("path", all_pages(), ids=rel)
def test_relative_links_point_to_pages(path: Path) -> None:
    for target in link_targets(path):
        resolved = resolve(path, target)
        if resolved.parts[0] == "folien" and resolved.name != "index.md":
            assert (ROOT / "slides" / resolved.name).is_file(), f"{rel(path)}: {target}"
        else:
            assert (DOCS / resolved).is_file(), f"{rel(path)}: {target}"


def test_chapters_link_to_their_slides() -> None:
    """Each page a slide names as its guide chapter links back to one of those slides by id."""
    slides = deck_slides()
    ids = {slide_id(s) for s in slides} - {None}
    chapters: dict[PurePosixPath, set[str]] = {}
    for slide in slides:
        for target in re.findall(r'\]\(([^)]+\.md)\)\s*<!--\s*\.element: class="leitfaden"', slide):
            page = resolve(DOCS / DECK_VIRTUAL, target)
            chapters.setdefault(page, set()).add(slide_id(slide) or "")
    assert len(chapters) >= 10, chapters
    for page, slide_ids in chapters.items():
        routes = [
            t.split("#/", 1)[1]
            for t in link_targets(DOCS / page)
            if "#/" in t and resolve(DOCS / page, t) == DECK_VIRTUAL
        ]
        assert set(routes) & slide_ids, f"{page} should link to one of {sorted(slide_ids)}"
        for route in routes:
            assert route in ids, f"{page}: slide #/{route} does not exist in the deck"


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„])|\n\s*\|")
INFO_DUTY = re.compile(r"Informations|Kennzeichnungspflicht|Impressum", re.IGNORECASE)
STAFF_250 = re.compile(r"\b250\b")


def staff_limit_claims(markdown: str) -> list[str]:
    """Sentences (or table rows) that tie the 250-staff limit to information duties.

    § 13 Abs. 4 UWG excludes cost recovery by competitors for breaches of information duties
    online whatever the firm's size (Nr. 1); the 250-staff limit belongs to DSGVO breaches only
    (Nr. 2). A sentence naming both is the old, wrong claim.
    """
    text = COMMENT.sub(" ", FENCE.sub(" ", markdown))
    sentences = SENTENCE_END.split(text)
    return [" ".join(s.split()) for s in sentences if STAFF_250.search(s) and INFO_DUTY.search(s)]


def test_staff_limit_check_catches_the_old_claim() -> None:
    old = (
        "Seit Dezember 2020 können Mitbewerber bei Verstößen gegen solche Informationspflichten "
        "von Betrieben mit weniger als 250 Beschäftigten keine Abmahnkosten mehr verlangen."
    )
    old_row = (
        "| § 13 Abs. 4 UWG | Mitbewerber können für Verstöße gegen Informations- und "
        "Kennzeichnungspflichten im Internet (zum Beispiel beim Impressum) und für Verstöße "
        "gegen die DSGVO durch Unternehmen mit weniger als 250 Beschäftigten keinen Ersatz "
        "ihrer Abmahnkosten verlangen. |"
    )
    right = (
        "| § 13 Abs. 4 Nr. 1 UWG | Für Informationspflichten gilt der Ausschluss immer. |\n"
        "| § 13 Abs. 4 Nr. 2 UWG | Für DSGVO-Verstöße nur unter 250 Mitarbeitenden. |"
    )
    assert staff_limit_claims(old) != []
    assert staff_limit_claims(old_row) != []
    assert staff_limit_claims(right) == []


@pytest.mark.parametrize("path", [*all_pages(), DECK], ids=lambda p: p.name)
def test_no_page_ties_the_250_staff_limit_to_information_duties(path: Path) -> None:
    assert staff_limit_claims(path.read_text(encoding="utf-8")) == [], path


OS_PLATFORM = re.compile(r"ec\.europa\.eu/(?:consumers/)?odr|OS-Plattform\]\(", re.IGNORECASE)


def test_no_link_to_the_closed_os_platform() -> None:
    """The EU online dispute resolution platform closed on 20 July 2025; a link to it misleads."""
    files = [*all_pages(), *(ROOT / "slides").glob("*.md"), *(ROOT / "overrides").rglob("*.html")]
    linked = [str(f.relative_to(ROOT)) for f in files if OS_PLATFORM.search(f.read_text("utf-8"))]
    assert linked == []
    assert OS_PLATFORM.search("[Plattform](https://ec.europa.eu/consumers/odr/)")


# Topics small-business owners ask about first (issue 12), each a page of its own.
NEW_TOPICS = (
    "anzeigen.md",
    "bewertungen.md",
    "konto-sicherheit.md",
    "recht/gewinnspiele.md",
    "recht/werbekennzeichnung.md",
    "recht/ki-inhalte.md",
    "recht/barrierefreiheit.md",
)
TASK = re.compile(r"^\s*- \[ \] \S", re.MULTILINE)


def nav_targets() -> set[str]:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return set(re.findall(r"([\w/-]+\.md)", config[config.index("\nnav:") :]))


@pytest.mark.parametrize("name", NEW_TOPICS)
def test_topic_page_has_checklist_and_sources(name: str) -> None:
    path = DOCS / name
    assert path.is_file(), name
    assert name in nav_targets(), f"{name} is not in the nav"
    text = body(path)
    assert len(TASK.findall(text)) >= 4, f"{name}: a checklist of at least four tasks"
    definitions = dict(FOOTNOTE_DEF.findall(text))
    cited = set(FOOTNOTE_REF.findall(text))
    assert cited and cited <= set(definitions), f"{name}: every cited source is defined"
    assert any(YEAR.search(source) for source in definitions.values()), f"{name}: dated source"
    assert words(text) >= 400, f"{name}: {words(text)} words"


GENERIC_KUNDINNEN = re.compile(r"\bKundinnen\b(?!\s+und\s+Kunden\b)")


def test_customers_are_named_consistently() -> None:
    """'Kundinnen' alone would mean all customers next to a generic 'Kunden' elsewhere; the
    guide and the talk say 'Kundinnen und Kunden' or 'Kundschaft'."""
    assert GENERIC_KUNDINNEN.search("Fragen Sie neue Kundinnen, wie sie kamen.")
    assert not GENERIC_KUNDINNEN.search("Fragen Sie neue Kundinnen und\nKunden.")
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in [*all_pages(), DECK]
        for match in GENERIC_KUNDINNEN.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_legal_pages_render_operator_marker() -> None:
    for name in ("impressum.md", "datenschutz.md"):
        assert "<!-- operator-details -->" in body(DOCS / name), name


def test_legal_chapter_says_no_legal_advice() -> None:
    for path in sorted((DOCS / "recht").glob("*.md")):
        assert "Keine Rechtsberatung" in body(path), rel(path)


def test_abbreviation_snippet_defines_terms() -> None:
    snippet = (DOCS / "_snippets" / "abkuerzungen.md").read_text(encoding="utf-8")
    terms = re.findall(r"^\*\[([^\]]+)\]: \S", snippet, re.MULTILINE)
    assert {"DSGVO", "DDG", "UWG", "KUG", "BAG"} <= set(terms)
    assert len(terms) == len(snippet.strip().splitlines()), "every line is one abbreviation"


def footer_link_targets(footer: str, page: str) -> set[str]:
    """Site paths (without slashes) the footer's links point to, resolved from `page`."""
    targets = set()
    for href in re.findall(r'<a href="([^":#?]*)"', footer):
        base = f"/{page}/" if page else "/"  # `page` is a folder (directory URLs)
        targets.add(urljoin(base, href).strip("/"))  # as the browser resolves it
    return targets


@pytest.mark.slow
def test_footer_links_to_impressum_and_datenschutz(built_site: Path) -> None:
    """Every rendered page except full-screen decks has both legal links in its footer."""
    deck_dirs = {f"folien/{p.stem}" for p in (ROOT / "slides").glob("*.md")}
    checked = 0
    for html in sorted(built_site.rglob("*.html")):
        page = html.relative_to(built_site).parent.as_posix()
        if page in deck_dirs:
            continue
        text = html.read_text(encoding="utf-8")
        footer = text[text.find("<footer") :]
        for name in ("impressum", "datenschutz"):
            assert name in footer_link_targets(footer, page), f"{page or '/'}: no {name} link"
        checked += 1
    assert checked >= MIN_GUIDE_PAGES + 2
    assert (built_site / "impressum" / "index.html").is_file()
    assert (built_site / "datenschutz" / "index.html").is_file()
