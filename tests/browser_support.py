"""Helpers for browser tests that look at a reveal.js deck."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from playwright.sync_api import Page

DECK = "document.querySelector('.reveal')._mkdocsRevealDeck"
SEARCH_BOX = "input[data-md-component=search-query]"


def wait_for_deck(page: Page) -> None:
    """Wait until reveal.js has initialised the deck on `page`."""
    page.wait_for_function(
        "() => { const root = document.querySelector('.reveal');"
        " return Boolean(root && root._mkdocsRevealDeck && root._mkdocsRevealDeck.isReady()); }",
        timeout=15_000,
    )


def open_speaker_view(page: Page) -> Page:
    """Press S in the deck on `page`, as a speaker does; the speaker view's window."""
    with page.context.expect_page() as popup:
        page.keyboard.press("s")
    return popup.value


def deck_call(page: Page, expression: str) -> object:
    """Evaluate `expression` on the deck object (e.g. `getTotalSlides()`)."""
    return page.evaluate(f"() => {DECK}.{expression}")


# Material's search worker messages (SearchMessageType in Material's sources): the page posts
# SETUP with the index, the worker says READY; then the page posts QUERY with the typed text,
# and the worker answers each with one RESULT, in order.
_SEARCH_SETUP, _SEARCH_READY, _SEARCH_QUERY, _SEARCH_RESULT = 0, 1, 2, 3

# Installed before the page's own scripts: records every query the page sends to the search
# worker and pairs each answer with its query, so a test can wait for exactly its query. It
# also keeps how the page made its worker (script and SETUP message), for `worker_answers`.
_RECORD_SEARCH_WORKER = f"""(() => {{
  if (window.__searchReplies) return;
  const replies = window.__searchReplies = {{ sent: [], answered: [] }};
  const NativeWorker = replies.NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {{
    constructor(...args) {{
      super(...args);
      replies.script = args;
      const pending = [];
      const post = this.postMessage.bind(this);
      this.postMessage = (message, ...rest) => {{
        if (message && message.type === {_SEARCH_SETUP}) replies.setup = message;
        if (message && message.type === {_SEARCH_QUERY}) {{
          pending.push(message.data);
          replies.sent.push(message.data);
        }}
        return post(message, ...rest);
      }};
      this.addEventListener("message", ({{ data }}) => {{
        if (data && data.type === {_SEARCH_RESULT})
          replies.answered.push({{ query: pending.shift(), items: data.data.items }});
      }});
    }}
  }};
}})()"""

# The page of each group of a worker's RESULT (the page's own entry, not its sections').
_PAGES_OF = """(items, base) => items.map(group => {
  const article = group.find(doc => !doc.location.includes("#")) || group[0];
  return new URL(article.location, base).pathname;
})"""

# The pages' result links once the worker has answered `query`, no other query is still
# open, and the result list shows that answer's pages in its order (Material renders the
# first ten at once, more on scrolling); false before.
_RESULTS_FOR_QUERY = f"""([query, base]) => {{
  const replies = window.__searchReplies;
  const last = replies.answered[replies.answered.length - 1];
  if (!last || last.query !== query || replies.answered.length !== replies.sent.length)
    return false;
  const pages = ({_PAGES_OF})(last.items, base);
  const links = [...document.querySelectorAll(
    ".md-search-result__list > .md-search-result__item > a:first-child")].map(a => a.href);
  const shown = links.map(href => new URL(href).pathname);
  const complete = shown.length >= Math.min(10, pages.length);
  return complete && shown.every((path, i) => path === pages[i]) && links;
}}"""

# A worker of its own, made as the page made its own (same script, same SETUP message), asked
# each query in turn: the pages it finds (paths), best first, by query. Material's result list
# shows a RESULT's pages in the same order, which `search` checks wherever a test types.
_WORKER_ANSWERS = f"""async ([queries, base]) => {{
  const replies = window.__searchReplies;
  const worker = new replies.NativeWorker(...replies.script);
  const waiting = [];
  worker.addEventListener("message", ({{ data }}) => {{
    if (data && (data.type === {_SEARCH_READY} || data.type === {_SEARCH_RESULT}))
      waiting.shift()(data);
  }});
  const ask = message => new Promise(resolve => {{
    waiting.push(resolve);
    worker.postMessage(message);
  }});
  await ask(replies.setup);
  const answers = {{}};
  for (const query of queries) {{
    const {{ data }} = await ask({{ type: {_SEARCH_QUERY}, data: query }});
    answers[query] = ({_PAGES_OF})(data.items, base);
  }}
  worker.terminate();
  return answers;
}}"""


def open_for_search(page: Page, base: str) -> None:
    """Load the start page with the search worker's replies recorded (see `search`)."""
    page.add_init_script(_RECORD_SEARCH_WORKER)
    page.goto(base)


def search(page: Page, base: str, query: str) -> list[str]:
    """Type `query` into the search box of a page opened by `open_for_search`; return the
    found pages' URLs, best first.

    One URL per page: the page's own link, not the links to its sections below it. The box's
    text is replaced, so one page serves many queries, one after the other; the last letter
    is typed as a key, which starts the search.

    Waits for the search worker's answer to exactly `query` and for the result list to show
    it, so no earlier keystroke's or query's results and no fixed delay decide the outcome.
    """
    box = page.locator(SEARCH_BOX)
    box.fill(query[:-1])  # no search yet: Material searches when a key is released
    box.press(query[-1])
    answer = page.wait_for_function(_RESULTS_FOR_QUERY, arg=[query, base], timeout=15_000)
    return answer.json_value()


def worker_answers(page: Page, base: str, queries: list[str]) -> dict[str, list[str]]:
    """Each query asked of a search worker like the one of a page opened by
    `open_for_search`, without typing: the found pages' paths, best first, by query."""
    page.locator(SEARCH_BOX).focus()  # the page fetches the index when search gets focus
    page.wait_for_function("() => Boolean(window.__searchReplies.setup)", timeout=15_000)
    return page.evaluate(_WORKER_ANSWERS, [queries, base])


def browser_check(
    config: Path, site: Path, *pages: str, site_url: str = "http://127.0.0.1/"
) -> subprocess.CompletedProcess[str]:
    """The check as `./scripts/check --browser` runs it, on an already built site (built with
    `site_url`, which also says below which path the check serves it)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "scripts"),
        "SITE_URL": site_url,
        "NO_MKDOCS_2_WARNING": "1",
    }
    only = [argument for page in pages for argument in ("--page", page)]
    command = [
        sys.executable,
        "-m",
        "talk_kit.browsercheck",
        "--site-dir",
        str(site),
        *only,
        str(config),
    ]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
