"""Internal link checks: pages, files, anchors and deck routes.

Each link is resolved the way it will be resolved for the reader:
- Markdown links in guide pages, and every link in a deck, are written
  relative to the source file; MkDocs (or the deck hook) rewrites them when
  the target exists. A target that does not exist stays as written, and the
  browser resolves it from the page's URL, so that is tried next.
- Raw HTML in guide pages is never rewritten: it resolves from the URL only,
  so `<a href="x.md">` is a 404 in the browser even if `x.md` exists.
Anchors are compared with the ids in the rendered HTML (as written, then
percent-decoded); on a deck page with its slides and `#/h/v` routes.
"""

from __future__ import annotations

import difflib
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from talk_kit.decks.model import Deck
from talk_kit.decks.routes import is_route, parse_route
from talk_kit.sitecheck.documents import Document
from talk_kit.sitecheck.findings import Finding, Location, error, warning
from talk_kit.sitecheck.markdown_links import HTML_HREF, HTML_SRC, Link
from talk_kit.sitecheck.site_index import SiteIndex
from talk_kit.sitecheck.work import charge

EXTERNAL_RE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
DUPLICATE_ID_RE = re.compile(r"^(?P<base>.+)_(?P<n>\d+)$")
ALWAYS_VALID_FRAGMENTS = ("", "top")


@dataclass(frozen=True)
class ExternalLink:
    """An http(s) link, checked later and only on request."""

    url: str
    location: Location


def check_document_links(
    document: Document, links: list[Link], index: SiteIndex, site_path: str = "/"
) -> tuple[list[Finding], list[ExternalLink]]:
    """Check the already extracted `links` of one document."""
    findings: list[Finding] = []
    external: list[ExternalLink] = []
    for link in links:
        charge(len(link.target))  # resolving reads the target a bounded number of times
        target = link.target.strip()
        if EXTERNAL_RE.match(target):
            url = f"https:{target}" if target.startswith("//") else target
            external.append(ExternalLink(url, document.location(link.line)))
        elif not SCHEME_RE.match(target):
            problem = _check_internal(document, link, target, index, site_path)
            if problem is not None:
                findings.append(problem(document.location(link.line)))
    return findings, external


class _Problem:
    """A finding waiting for its location (resolution does not need it)."""

    def __init__(self, severity: str, code: str, message: str) -> None:
        self.make = error if severity == "error" else warning
        self.code = code
        self.message = message

    def __call__(self, location: Location) -> Finding:
        return self.make(location, self.code, self.message)


def _check_internal(
    document: Document, link: Link, target: str, index: SiteIndex, site_path: str
) -> _Problem | None:
    path, has_hash, fragment = target.partition("#")
    path = path.split("?", 1)[0]
    if not path:
        output: str | None = document.output
    else:
        resolved = _resolve(document, link, path, target, index, site_path)
        if isinstance(resolved, _Problem):
            return resolved
        output = resolved
    if not has_hash or output is None:
        return None
    return _check_fragment(fragment, output, index, target)


def _resolve(
    document: Document, link: Link, path: str, target: str, index: SiteIndex, site_path: str
) -> str | _Problem:
    """The output file `path` reaches, or the problem with it."""
    raw_html = link.kind in (HTML_HREF, HTML_SRC) and document.deck is None
    decoded = unquote(path)
    if not raw_html and not path.startswith("/"):
        uri = source_uri(document.src_uri, path)
        if uri.startswith("../") and uri.endswith(".md"):
            message = (
                f"'{target}' points outside the site: from '{document.src_uri}' it leaves the "
                "docs folder, which is all the site publishes"
            )
            return _Problem("error", "broken-link", message)
        if uri in index.sources:
            output = index.find_output(index.sources[uri])
            if output is not None:
                return output
            message = (
                f"'{target}': '{uri}' exists but is not in the built site where expected "
                "(excluded, or moved by a plugin such as blog); the build hook knows the real URL"
            )
            return _Problem("warning", "unmapped-page", message)
        else:
            variant = index.source_case_variant(uri)
            if variant is not None:
                message = f"'{target}': only '{variant}' exists; case matters on the web server"
                return _Problem("error", "case-mismatch", message)
            composed = _unicode_variant(uri, index.sources)
            if composed is not None:
                return _Problem("error", "unicode-mismatch", f"'{target}': {composed}")
            if uri.endswith(".md"):
                hint = _suggest_page(uri, document.src_uri, index)
                message = f"'{target}': page '{uri}' not found{hint}"
                return _Problem("error", "broken-link", message)
    elif raw_html and decoded.rstrip("/").endswith(".md"):
        page = index.sources.get(source_uri(document.src_uri, path))
        if page is not None:
            message = (
                f"'{target}': MkDocs does not rewrite raw HTML links, the browser gets a 404; "
                f"link to '{_relative_url(page, document.url)}'"
            )
            return _Problem("error", "unrewritten-md-link", message)
    return _resolve_url(document.url, path, target, index, site_path)


def source_uri(from_src_uri: str, path: str) -> str:
    """The docs path a relative link's path (no fragment) names from the file `from_src_uri`,
    as MkDocs resolves Markdown links: `../a%20b.md` from `x/y.md` is `a b.md`."""
    return posixpath.normpath(posixpath.join(_folder(from_src_uri), unquote(path))).rstrip("/")


@lru_cache(maxsize=1024)  # a page's links all start from its folder
def _folder(src_uri: str) -> str:
    return posixpath.dirname(src_uri)


def _resolve_url(
    base_url: str, path: str, target: str, index: SiteIndex, site_path: str
) -> str | _Problem:
    """Resolve like a browser, from the page's URL."""
    decoded = unquote(path)
    if decoded.startswith("/"):
        prefix = site_path if site_path.endswith("/") else f"{site_path}/"
        if not decoded.startswith(prefix):
            return _Problem("error", "broken-link", f"'{target}' points outside the site")
        joined = decoded[len(prefix) :]
    else:
        joined = posixpath.join(posixpath.dirname(base_url + "x"), decoded)
    resolved = posixpath.normpath(joined) if joined else ""
    if resolved == ".":
        resolved = ""
    if resolved.startswith("../") or resolved == "..":
        return _Problem("error", "broken-link", f"'{target}' points outside the site")
    if decoded.endswith("/") and resolved:
        resolved += "/"
    output = index.find_output(resolved)
    if output is not None:
        return output
    variant = index.case_variant(resolved)
    if variant is not None:
        message = f"'{target}': only '{variant}' exists; case matters on the web server"
        return _Problem("error", "case-mismatch", message)
    return _Problem(
        "error", "broken-link", f"'{target}': '{resolved or '/'}' not found in the site"
    )


def _relative_url(target: str, from_url: str) -> str:
    """`target` (a URL or an output file) relative to the page at `from_url`."""
    if target == "index.html" or target.endswith("/index.html"):
        target = target[: -len("index.html")]
    base = posixpath.dirname(from_url + "x") or "."
    relative = posixpath.relpath(target or ".", base)
    return f"{relative}/" if target.endswith("/") or not target else relative


def _check_fragment(fragment: str, output: str, index: SiteIndex, target: str) -> _Problem | None:
    if fragment in ALWAYS_VALID_FRAGMENTS or not output.endswith((".html", ".htm")):
        return None
    deck = index.decks.get(output)
    if deck is not None:
        problem = _check_deck_fragment(fragment, deck, target)
        if problem is not False:
            return problem
    ids = index.ids_of(output) or frozenset()
    if fragment in ids:  # as written, then percent-decoded
        return _fragile(fragment, ids, target)
    if unquote(fragment) in ids:
        return _fragile(unquote(fragment), ids, target)
    hint = _suggest_anchor(unquote(fragment), ids, target)
    message = f"'{target}': no id '{unquote(fragment)}' on {output}{hint}"
    return _Problem("error", "broken-anchor", message)


def _unicode_variant(uri: str, sources: dict[str, str]) -> str | None:
    """Why a path with umlauts is not found although it looks right: NFD against NFC."""
    for form, written, stored in (
        ("NFC", "decomposed", "composed"),
        ("NFD", "composed", "decomposed"),
    ):
        variant = unicodedata.normalize(form, uri)
        if variant != uri and variant in sources:
            return (
                f"the link writes umlauts {written} ({'NFD' if form == 'NFC' else 'NFC'}), the "
                f"file name '{variant}' has them {stored} ({form}); type the umlauts in the link "
                "again"
            )
    return None


def _suggest_page(uri: str, from_uri: str, index: SiteIndex) -> str:
    """` (did you mean 'x.md'?)` for the nearest existing page, written as the link would be."""
    pages = [source for source in index.sources if source.endswith(".md")]
    match = difflib.get_close_matches(uri, pages, n=1, cutoff=0.6)
    if not match:
        return ""
    return f" (did you mean '{posixpath.relpath(match[0], posixpath.dirname(from_uri) or '.')}'?)"


def _suggest_anchor(fragment: str, ids: frozenset[str], target: str) -> str:
    match = difflib.get_close_matches(fragment, sorted(ids), n=1, cutoff=0.6)
    if not match:
        return ""
    return f" (did you mean '{target.partition('#')[0]}#{match[0]}'?)"


def _fragile(fragment: str, ids: frozenset[str], target: str) -> _Problem | None:
    if "_" not in fragment:  # the usual case: no number a repeated heading gets
        return None
    match = DUPLICATE_ID_RE.match(fragment)
    if match is None or match.group("base") not in ids:
        return None
    message = (
        f"'{target}' points to a repeated heading (id '{fragment}'); "
        "the number changes when headings move, give the heading its own id"
    )
    return _Problem("warning", "fragile-anchor", message)


def _check_deck_fragment(fragment: str, deck: Deck, target: str) -> _Problem | bool | None:
    """Check against the deck's slides; False means 'not a slide, try the page ids'."""
    name = unquote(fragment)
    if not is_route(name):
        return None if deck.slide_with_element(name) is not None else False
    if name == "/":
        return None
    route = parse_route(name, _one_based(deck))
    if route is None:
        message = f"'{target}': '#{name}' is no slide route (use #/3, #/3/1 or #/slide-id)"
        return _Problem("error", "broken-route", message)
    if route.name is not None:
        slide = deck.slide_with_element(route.name)
        if slide is None:
            message = f"'{target}': deck '{deck.name}' has no slide with id '{route.name}'"
            return _Problem("error", "broken-route", message)
    else:
        slide = deck.slide_at(route.h or 0, route.v)
        if slide is None:
            count = len({s.h for s in deck.slides})
            message = (
                f"'{target}': deck '{deck.name}' has no slide {name[1:]} "
                f"({count} horizontal slides, #/0 to #/{count - 1})"
            )
            return _Problem("error", "broken-route", message)
    if route.fragment is not None and not -1 <= route.fragment < slide.fragments:
        steps = f"build-up steps 0 to {slide.fragments - 1}" if slide.fragments else "no build-up"
        message = f"'{target}': {slide.label} has {steps}, not {route.fragment}"
        return _Problem("error", "broken-route", message)
    return None


def _one_based(deck: Deck) -> bool:
    options = deck.meta.get("revealjs")
    return isinstance(options, dict) and options.get("hashOneBasedIndex") is True
