"""Internal link checks: pages, files, anchors and deck routes.

Every link is taken from the built page (`rendered.py`) and resolved as the browser resolves
it: from the page's URL. MkDocs has already rewritten each Markdown link whose target it
found (`page.md` became `../page/`), so a link that still names a `.md` file is one it could
not resolve, or raw HTML, which it never rewrites: it gets a message about the source file.
Anchors are compared with the ids in the rendered HTML (as written, then percent-decoded);
on a deck page with its slides and `#/h/v` routes.
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
from talk_kit.sitecheck.site_index import SiteIndex, url_to_file

EXTERNAL_RE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
DUPLICATE_ID_RE = re.compile(r"^(?P<base>.+)_(?P<n>\d+)$")
ALWAYS_VALID_FRAGMENTS = ("", "top")


@dataclass(frozen=True)
class ExternalLink:
    """An http(s) link, checked later and only on request."""

    url: str
    location: Location


def is_external(url: str) -> bool:
    # most links of a site have no colon: `in` spares them the expression
    return url.startswith("//") or (":" in url and EXTERNAL_RE.match(url) is not None)


def has_scheme(url: str) -> bool:
    """`mailto:`, `tel:`, `data:` and the like: nothing in the site to check."""
    return ":" in url and SCHEME_RE.match(url) is not None


class Problem:
    """A finding waiting for its location (resolution does not need it)."""

    def __init__(self, severity: str, code: str, message: str) -> None:
        self.severity = severity
        self.code = code
        self.message = message

    def at(self, location: Location) -> Finding:
        make = error if self.severity == "error" else warning
        return make(location, self.code, self.message)


def check_url(
    document: Document, url: str, index: SiteIndex, site_path: str = "/"
) -> Problem | None:
    """The problem with an internal `url` of `document`'s built page, if any."""
    path, has_hash, fragment = url.partition("#")
    path = path.split("?", 1)[0]
    if not path:
        output: str | None = document.output
    else:
        resolved = _resolve(document, path, url, index, site_path)
        if isinstance(resolved, Problem):
            return resolved
        output = resolved
    if not has_hash or output is None:
        return None
    return _check_fragment(fragment, output, index, url)


def _resolve(
    document: Document, path: str, target: str, index: SiteIndex, site_path: str
) -> str | Problem:
    """The output file `path` reaches, or the problem with it."""
    decoded = unquote(path)
    if decoded.rstrip("/").endswith(".md") and not decoded.startswith("/"):
        problem = _unresolved_page(document, path, target, index)
        if problem is not None:
            return problem
    resolved = _resolve_url(document.url, decoded, target, index, site_path)
    if isinstance(resolved, Problem) and resolved.code == "broken-link":
        # MkDocs leaves a Markdown link it cannot resolve as written: what the editor meant
        # is a file beside the source, maybe spelt in another case or Unicode form.
        return _source_variant(document, path, target, index) or resolved
    return resolved


def _source_variant(document: Document, path: str, target: str, index: SiteIndex) -> Problem | None:
    if path.startswith("/"):
        return None
    uri = source_uri(document.src_uri, path)
    variant = index.source_case_variant(uri)
    if variant is not None:
        message = f"'{target}': only '{variant}' exists; case matters on the web server"
        return Problem("error", "case-mismatch", message)
    composed = _unicode_variant(uri, index.sources)
    if composed is not None:
        return Problem("error", "unicode-mismatch", f"'{target}': {composed}")
    return None


def _unresolved_page(
    document: Document, path: str, target: str, index: SiteIndex
) -> Problem | None:
    """What is wrong with a link that still names a Markdown file in the built page."""
    uri = source_uri(document.src_uri, path)
    if uri.startswith("../"):
        message = (
            f"'{target}' points outside the site: from '{document.src_uri}' it leaves the "
            "docs folder, which is all the site publishes"
        )
        return Problem("error", "broken-link", message)
    if uri in index.sources:
        output = index.find_output(index.sources[uri])
        if output is None:
            message = (
                f"'{target}': '{uri}' exists but is not in the built site (excluded, a draft, "
                "or moved by a plugin)"
            )
            return Problem("warning", "unmapped-page", message)
        message = (
            f"'{target}': MkDocs does not rewrite raw HTML links, the browser gets a 404; "
            f"link to '{_relative_url(output, document.url)}'"
        )
        return Problem("error", "unrewritten-md-link", message)
    variant = _source_variant(document, path, target, index)
    if variant is not None:
        return variant
    hint = _suggest_page(uri, document.src_uri, index)
    return Problem("error", "broken-link", f"'{target}': page '{uri}' not found{hint}")


def source_uri(from_src_uri: str, path: str) -> str:
    """The docs path a relative link's path (no fragment) names from the file `from_src_uri`,
    as MkDocs resolves Markdown links: `../a%20b.md` from `x/y.md` is `a b.md`."""
    return posixpath.normpath(posixpath.join(_folder(from_src_uri), unquote(path))).rstrip("/")


@lru_cache(maxsize=1024)  # a page's links all start from its folder
def _folder(src_uri: str) -> str:
    return posixpath.dirname(src_uri)


@lru_cache(maxsize=1024)  # a page's links all start from its URL's folder
def _url_folder(url: str) -> str:
    return posixpath.dirname(url + "x")


def _resolve_url(
    base_url: str, decoded: str, target: str, index: SiteIndex, site_path: str
) -> str | Problem:
    """Resolve like a browser, from the page's URL; `decoded`: the path, percent-decoded."""
    if decoded.startswith("/"):
        prefix = site_path if site_path.endswith("/") else f"{site_path}/"
        if not decoded.startswith(prefix):
            message = (
                f"'{target}' is outside the site's path '{prefix}' (site_url); it cannot be "
                "checked here (another site, or another version once deployed)"
            )
            return Problem("warning", "outside-site", message)
        joined = decoded[len(prefix) :]
    else:  # `posixpath.join` of a relative path, without its generic checks
        folder = _url_folder(base_url)
        joined = f"{folder}/{decoded}" if folder and folder[-1] != "/" else folder + decoded
    resolved = posixpath.normpath(joined) if joined else ""
    if resolved == ".":
        resolved = ""
    if resolved.startswith("../") or resolved == "..":
        return Problem("error", "broken-link", f"'{target}' points outside the site")
    if decoded.endswith("/") and resolved:
        resolved += "/"
    output = index.find_output(resolved)
    if output is not None:
        return output
    variant = index.case_variant(resolved)
    if variant is not None:
        message = f"'{target}': only '{variant}' exists; case matters on the web server"
        return Problem("error", "case-mismatch", message)
    if url_to_file(resolved) in index.listed():
        message = (
            f"'{target}': '{resolved}' is a page MkDocs listed but did not write "
            "(excluded, a draft, or not published)"
        )
        return Problem("warning", "unmapped-page", message)
    return Problem("error", "broken-link", f"'{target}': '{resolved or '/'}' not found in the site")


def _relative_url(target: str, from_url: str) -> str:
    """`target` (a URL or an output file) relative to the page at `from_url`."""
    if target == "index.html" or target.endswith("/index.html"):
        target = target[: -len("index.html")]
    base = posixpath.dirname(from_url + "x") or "."
    relative = posixpath.relpath(target or ".", base)
    return f"{relative}/" if target.endswith("/") or not target else relative


def _check_fragment(fragment: str, output: str, index: SiteIndex, target: str) -> Problem | None:
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
    return Problem("error", "broken-anchor", message)


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


def _fragile(fragment: str, ids: frozenset[str], target: str) -> Problem | None:
    if "_" not in fragment:  # the usual case: no number a repeated heading gets
        return None
    match = DUPLICATE_ID_RE.match(fragment)
    if match is None or match.group("base") not in ids:
        return None
    message = (
        f"'{target}' points to a repeated heading (id '{fragment}'); "
        "the number changes when headings move, give the heading its own id"
    )
    return Problem("warning", "fragile-anchor", message)


def _check_deck_fragment(fragment: str, deck: Deck, target: str) -> Problem | bool | None:
    """Check against the deck's slides; False means 'not a slide, try the page ids'."""
    name = unquote(fragment)
    if not is_route(name):
        return None if deck.slide_with_element(name) is not None else False
    if name == "/":
        return None
    route = parse_route(name, _one_based(deck))
    if route is None:
        message = f"'{target}': '#{name}' is no slide route (use #/3, #/3/1 or #/slide-id)"
        return Problem("error", "broken-route", message)
    if route.name is not None:
        slide = deck.slide_with_element(route.name)
        if slide is None:
            message = f"'{target}': deck '{deck.name}' has no slide with id '{route.name}'"
            return Problem("error", "broken-route", message)
    else:
        slide = deck.slide_at(route.h or 0, route.v)
        if slide is None:
            count = len({s.h for s in deck.slides})
            message = (
                f"'{target}': deck '{deck.name}' has no slide {name[1:]} "
                f"({count} horizontal slides, #/0 to #/{count - 1})"
            )
            return Problem("error", "broken-route", message)
    if route.fragment is not None and not -1 <= route.fragment < slide.fragments:
        steps = f"build-up steps 0 to {slide.fragments - 1}" if slide.fragments else "no build-up"
        message = f"'{target}': {slide.label} has {steps}, not {route.fragment}"
        return Problem("error", "broken-route", message)
    return None


def _one_based(deck: Deck) -> bool:
    options = deck.meta.get("revealjs")
    return isinstance(options, dict) and options.get("hashOneBasedIndex") is True
