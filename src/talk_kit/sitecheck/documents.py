"""Source documents to check: guide pages and decks, with their output URLs.

A document knows three paths because a link is resolved against two of them
and reported against the third: `src_uri` (docs-relative, virtual
`folien/<name>.md` for decks) for Markdown links, `url` for raw HTML and the
browser, and `path` (project-relative) for the `path:line` of a finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.structure.files import File, Files

from talk_kit.decks.model import Deck
from talk_kit.sitecheck.findings import Finding
from talk_kit.sitecheck.site_index import url_to_file
from talk_kit.sitecheck.sources import (
    front_matter_end,
    front_matter_findings,
    read_text,
    relative,
    split_lines,
)


@dataclass
class Document:
    """A guide page or a deck: where its built page is and what its source says."""

    path: str
    src_uri: str
    url: str
    text: str
    deck: Deck | None = None

    @property
    def output(self) -> str:
        return url_to_file(self.url)


def blank_front_matter(text: str) -> str:
    """Replace YAML front matter by empty lines, so line numbers stay those of the file."""
    if not text.startswith("---"):  # else the first line is no front matter opener
        return text
    lines = split_lines(text)
    end = front_matter_end(lines)
    if end is None:
        return text
    return "\n" * (end + 1) + "\n".join(lines[end + 1 :])


def page_document(path: str, src_uri: str, text: str, url: str) -> Document:
    """A guide page, published at `url` (its `File`'s, see `file_url`)."""
    return Document(path, src_uri, url, blank_front_matter(text))


def file_url(file: File) -> str:
    """The site path a file is served at, unencoded (`a b.md` -> `a b/`), from MkDocs' `File`."""
    return file.dest_uri.removesuffix("index.html")


def deck_document(deck: Deck, file: File) -> Document:
    """A deck as the page the decks plugin publishes it on (`file`)."""
    return Document(deck.path, file.src_uri, file_url(file), deck.markdown, deck)


def load_pages(files: Files, root: Path, findings: list[Finding]) -> list[Document]:
    """Every Markdown page MkDocs' file stage lists (the CLI's view), excluded ones too: the
    caller keeps those the built site has (the blog plugin publishes posts it excluded)."""
    documents: list[Document] = []
    for file in sorted(files.documentation_pages(inclusion=lambda _: True), key=_path_order):
        if file.abs_src_path is None or file.generated_by is not None:
            continue
        path = Path(file.abs_src_path)
        shown = relative(path, root)
        text = read_text(path, shown, findings)
        if text is not None:
            findings.extend(front_matter_findings(text, shown))
            documents.append(page_document(shown, file.src_uri, text, file_url(file)))
    return documents


def _path_order(file: File) -> list[str]:
    return file.src_uri.split("/")  # as `Path`s sort
