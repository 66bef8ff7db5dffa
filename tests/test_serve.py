"""`mkdocs serve` in a temporary project: each kind of input edited while it runs, the served page checked.

A save must show on the page it changes (a bank on its quiz, the glossary in the tooltips,
the article on its page), and only that: the pages whose inputs did not change are served
from the plugin's cache, byte for byte as before.
"""

from __future__ import annotations

import http.client
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, GOOD_BANK, mkdocs_serve, stop_server, write_project
from tests.test_reliability_output import _second

pytestmark = pytest.mark.slow


def _get(port: int, path: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.read().decode("utf-8") if response.status == 200 else ""
    finally:
        conn.close()


def _page(port: int, path: str) -> str:
    """A served page without the live-reload script, whose build counter changes on every rebuild."""
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", _get(port, path))


def _wait_for(port: int, path: str, text: str, *, present: bool = True, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            body = _get(port, path)
        except OSError:
            body = ""
        if body and (text in body) == present:
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} did not {'show' if present else 'drop'} {text!r} within {seconds} s")
        time.sleep(0.1)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    project = write_project(tmp_path / "p")
    server, port = mkdocs_serve(project, tmp_path / "serve.log")
    try:
        _wait_for(port, "/quizzes/events.html", "Where was the commercial plane fired upon?", seconds=120)
        yield project, port
    finally:
        stop_server(server)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_each_kind_of_input_shows_on_its_page_under_serve(served: tuple[Path, int]) -> None:
    project, port = served
    glossary_before = _page(port, "/glossary.html")

    # A bank: its quiz shows the new prompt.
    _edit(
        project / "questions" / "events.yml",
        "Where was the commercial plane fired upon?",
        "Where did the plane come under fire?",
    )
    _wait_for(port, "/quizzes/events.html", "Where did the plane come under fire?")
    assert _page(port, "/glossary.html") == glossary_before  # a page the bank does not reach is unchanged

    # The glossary: the tooltip on the quiz page and the glossary page change.
    _edit(
        project / "questions" / "glossary.yml",
        "An armed group that fights the government of Pakistan.",
        "An armed group in Pakistan.",
    )
    _wait_for(port, "/glossary.html", "An armed group in Pakistan.")
    _wait_for(port, f"/{ARTICLE}", "An armed group in Pakistan.")

    # The article: its page shows the new text (a paragraph no question quotes).
    seed = project / "seeds" / "000_987c6cd902e74af3.txt"
    _edit(seed, "Tuesday night, a commercial plane", "On Tuesday night, a commercial plane")
    _wait_for(port, f"/{ARTICLE}", "On Tuesday night, a commercial plane")

    # A broken bank: the problem is shown, and the last good quiz stays served.
    _edit(project / "questions" / "events.yml", "correct: true", "correct: yes")
    body = _wait_for(port, "/quizzes/events.html", "The question banks have problems")
    assert "Where did the plane come under fire?" in body and "correct" in body


def test_a_rebuild_reuses_what_did_not_change(tmp_path: Path) -> None:
    """Under serve the builder is kept: unchanged banks come back as the very same objects."""
    from quizgen.catalog import CatalogBuilder
    from quizgen.config import read_settings

    project = write_project(tmp_path / "p", {"events.yml": GOOD_BANK, "more.yml": _second(GOOD_BANK)})
    settings, issues = read_settings(project / "mkdocs.yml")
    assert not issues
    builder = CatalogBuilder(project)
    first, _ = builder.build(settings=settings)
    again, _ = builder.build(settings=settings)
    assert first is not None and again is not None
    assert [a is b for a, b in zip(first.banks, again.banks, strict=True)] == [True, True]
    _edit(project / "questions" / "more.yml", "How many airport personnel", "How many staff")
    third, _ = builder.build(settings=settings)
    assert third is not None
    assert third.banks[0] is first.banks[0] and third.banks[1] is not first.banks[1]
    assert third.banks[1].questions[1].prompt.startswith("How many staff")
    # An edit of the article checks every bank about it again.
    _edit(project / "seeds" / "000_987c6cd902e74af3.txt", "Tuesday night,", "On Tuesday night,")
    fourth, _ = builder.build(settings=settings)
    assert fourth is not None and fourth.banks[0] is not third.banks[0]
