"""The search separator that also splits compounds, exactly where they join.

Material's search worker cuts the indexed text and each query with one regular expression,
`config.separator` of the search index. Compound splits are added to it as zero-width matches:
a position splits when a known first part reaches back to the start of the word and a known
last part reaches to its end ("Redaktions|plan"). Both sides are anchored at the word's edges,
so "Plan" inside "Planung" or "alten" inside "schalten" never splits. The browser applies the
same expression to the query, so "Redaktionsplan" is looked up as "redaktions" and "plan", as
it was indexed.

The parts are written as tries ("k(?:alender|ommunikation)"), which keeps the expression small
and lets the browser reject a position after a letter or two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Letters as the browser sees them: JavaScript's \w knows no umlauts without the u flag.
LETTER = "A-Za-zÀ-ÖØ-öø-ÿ"

_Trie = dict[str, "_Trie"]
_END = ""


def _trie(words: Iterable[str]) -> _Trie:
    root: _Trie = {}
    for word in words:
        node = root
        for letter in word:
            node = node.setdefault(letter, {})
        node[_END] = {}
    return root


def _pattern(node: _Trie, capitalised: bool) -> str:
    branches = []
    for letter in sorted(key for key in node if key != _END):
        lead = re.escape(letter)
        if capitalised and letter.upper() != letter:
            lead = f"[{letter.upper()}{letter}]"
        branches.append(lead + _pattern(node[letter], capitalised=False))
    if not branches:
        return ""
    if len(branches) == 1 and _END not in node:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if _END in node else group


def words_pattern(words: Iterable[str], *, capitalised: bool = False) -> str:
    """A regular expression for exactly `words` (lowercase), as a trie.

    With `capitalised`, each word may also start with a capital letter, as German nouns do.
    """
    words = set(words)
    if not words:
        raise ValueError("words_pattern needs at least one word")
    pattern = _pattern(_trie(words), capitalised)
    return pattern if pattern.startswith("(?:") else f"(?:{pattern})"


def compound_separator(separator: str, splits: Iterable[tuple[str, str]]) -> str:
    """`separator`, also splitting each word between the parts of `splits`.

    `splits` holds (first part, last part) pairs in lowercase, such as ("redaktions", "plan").
    """
    splits = set(splits)
    if not splits:
        return separator
    heads = words_pattern((head for head, _ in splits), capitalised=True)
    tails = words_pattern(tail for _, tail in splits)
    return f"{separator}|(?={tails}(?![{LETTER}]))(?<=(?<![{LETTER}]){heads})"
