"""Source documents to check: guide pages and decks, with their output URLs.

A document knows three paths because a link is resolved against two of them
and reported against the third: `src_uri` (docs-relative, virtual
`folien/<name>.md` for decks) for Markdown links, `url` for raw HTML and the
browser, and `path` (project-relative) for the `path:line` of a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.structure.files import File

from talk_kit.decks.model import Deck
from talk_kit.sitecheck.fences import split_lines
from talk_kit.sitecheck.findings import Finding, Location
from talk_kit.sitecheck.site_index import page_url, url_to_file
from talk_kit.sitecheck.sources import (
    front_matter_end,
    front_matter_findings,
    read_text,
    relative,
    tree,
)


@dataclass
class Document:
    """A guide page or a deck, ready for link extraction."""

    path: str
    src_uri: str
    url: str
    text: str
    deck: Deck | None = None

    @property
    def output(self) -> str:
        return url_to_file(self.url)

    def location(self, line: int) -> Location:
        """Source location of 1-based `line` of `text` (decks: the expanded Markdown)."""
        if self.deck is not None and self.deck.markdown_locations:
            locations = self.deck.markdown_locations
            return locations[max(0, min(line, len(locations)) - 1)]
        return Location(self.path, line)


def blank_front_matter(text: str) -> str:
    """Replace YAML front matter by empty lines, so line numbers stay those of the file."""
    if not text.startswith("---"):  # else the first line is no front matter opener
        return text
    lines = split_lines(text)
    end = front_matter_end(lines)
    if end is None:
        return text
    return "\n" * (end + 1) + "\n".join(lines[end + 1 :])


def page_document(
    path: str, src_uri: str, text: str, use_directory_urls: bool, url: str | None = None
) -> Document:
    """A guide page; `url` where a plugin moved it, else MkDocs' rule decides."""
    address = page_url(src_uri, use_directory_urls) if url is None else url
    return Document(path, src_uri, address, blank_front_matter(text))


def deck_document(deck: Deck, file: File) -> Document:
    """A deck as the page the decks plugin publishes it on (`file`)."""
    url = file.dest_uri.removesuffix("index.html")
    return Document(deck.path, file.src_uri, url, deck.markdown, deck)


def load_pages(
    docs_dir: Path,
    root: Path,
    use_directory_urls: bool,
    findings: list[Finding],
    urls: dict[str, str] | None = None,
) -> list[Document]:
    """Every Markdown page under docs_dir (the CLI's view of MkDocs' `Files`); `urls` are the
    addresses the build gives them, where known."""
    documents: list[Document] = []
    markdown = [path for path, _ in tree(docs_dir) if path.endswith(".md")]
    for src_uri in sorted(markdown, key=lambda path: path.split("/")):  # as `Path`s sort
        if any(part.startswith(".") for part in src_uri.split("/")):
            continue  # MkDocs never publishes dot files
        file = docs_dir / src_uri
        shown = relative(file, root)
        text = read_text(file, shown, findings)
        if text is not None:
            findings.extend(front_matter_findings(text, shown))
            url = (urls or {}).get(src_uri)
            documents.append(page_document(shown, src_uri, text, use_directory_urls, url))
    return documents
