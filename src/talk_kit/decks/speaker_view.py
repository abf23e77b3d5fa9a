"""The speaker view (key S) in German, for sites whose `theme.language` is `de`.

reveal.js's notes plugin has no option for its labels: it writes a fixed English document,
kept as a string inside `plugin/notes/notes.js`, into the speaker window. The speakers using
this kit read German, so the decks plugin serves notes.js with German labels.

Why a build-time patch is acceptable here: only visible text in the document's HTML changes,
never its scripts or styles (whose hashes the content-security hook allows), the npm package
itself stays untouched and pinned, and every label must be found exactly once: after a
reveal.js upgrade that changes one, the build stops with a line naming it instead of
serving a half-English view. What stays English: texts the view's own script writes (the
layout menu, connection errors) and its 12-hour clock, since changing scripts would mean
changing third-party code.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

# Exact text in notes.js (inside its JS string literal) -> German. No quotes, no backslashes.
LABELS = {
    '<html lang=\\"en\\">': '<html lang=\\"de\\">',
    "<title>reveal.js - Speaker View</title>": "<title>Referentenansicht</title>",
    ">Loading speaker view...<": ">Referentenansicht wird geladen …<",
    ">Upcoming<": ">Nächste Folie<",
    '<h4 class=\\"label\\">Time <span': '<h4 class=\\"label\\">Zeit <span',
    ">Click to Reset<": ">Klicken setzt zurück<",
    ">Pacing – Time to finish current slide<": ">Tempo – verbleibende Zeit für diese Folie<",
    '<h4 class=\\"label\\">Notes<': '<h4 class=\\"label\\">Notizen<',
}


def german_labels(notes_js: str) -> str:
    """notes.js with the speaker view's labels in German; an unknown notes.js is refused."""
    for english, german in LABELS.items():
        count = notes_js.count(english)
        if count != 1:
            raise PluginError(
                f"package-lock.json:1: error: speaker-view-labels: reveal.js's speaker view "
                f"has {count} × {english!r} (expected 1); update {__name__}.LABELS"
            )
        notes_js = notes_js.replace(english, german)
    return notes_js
