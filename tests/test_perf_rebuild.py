"""A save costs what it changed: rebuilds as `mkdocs serve` runs them, in this process.

MkDocs keeps the plugin object across the rebuilds of one `mkdocs serve` and loads the
settings afresh each time; these tests do the same with MkDocs' own build function, so that
what each rebuild renders can be counted. Under `--dirty`, a generated page whose inputs did
not change is not rendered or written again; without it, MkDocs writes every page but
quizgen renders only what changed. The search entries of the quizzes are spliced into the
index without parsing it again, and come out as the long way would make them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from quizgen import render, search
from tests.conftest import GOOD_BANK, write_project
from tests.test_reliability_output import _second

SERVE_URL = "http://127.0.0.1:8000/"


class Serve:
    """One `mkdocs serve` session without the server: a build, then rebuilds on demand."""

    def __init__(self, project: Path, site: Path, *, dirty: bool) -> None:
        self.project, self.site, self.dirty = project, site, dirty
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=dirty)
        self.plugins = config.plugins
        build(config, serve_url=SERVE_URL, dirty=dirty)

    def _config(self) -> Any:
        config = load_config(config_file=str(self.project / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> None:
        config = self._config()
        assert config.plugins["quizgen"] is self.plugins["quizgen"], "MkDocs kept the plugin across rebuilds"
        build(config, serve_url=SERVE_URL, dirty=self.dirty)

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The generated pages rendered since the test began."""
    seen: list[str] = []
    real = render.render_page

    def counting(page: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(page.src)
        return real(page, *args, **kwargs)

    monkeypatch.setattr(render, "render_page", counting)
    yield seen


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve --dirty"])
def test_saving_one_bank_renders_its_pages_only(tmp_path: Path, rendered: list[str], dirty: bool) -> None:
    project = write_project(tmp_path / "p", {"events.yml": GOOD_BANK, "more.yml": _second(GOOD_BANK)})
    session = Serve(project, tmp_path / "site", dirty=dirty)
    other = session.page("quizzes/events.html")
    other_written = (session.site / "quizzes/events.html").stat().st_mtime_ns
    rendered.clear()

    # MkDocs keeps one plugin object per process, and its cache holds what it rendered for
    # any project: each test saves a text of its own.
    new = f"How many staff of {tmp_path.name}"
    _edit(project / "questions" / "more.yml", "How many airport personnel", new)
    session.rebuild()
    assert sorted(rendered) == ["quizzes/more.md", "sheets/more-key.md", "sheets/more.md"]
    assert new in session.page("quizzes/more.html")
    assert session.page("quizzes/events.html") == other
    if dirty:  # not even written again
        assert (session.site / "quizzes/events.html").stat().st_mtime_ns == other_written
    index = json.loads(session.page("search/search_index.json"))
    assert any(new in d["title"] for d in index["docs"])

    rendered.clear()
    session.rebuild()  # nothing changed
    assert rendered == []


def test_a_glossary_edit_renders_the_pages_that_show_tooltips(tmp_path: Path, rendered: list[str]) -> None:
    project = write_project(tmp_path / "p")
    session = Serve(project, tmp_path / "site", dirty=True)
    rendered.clear()
    new = f"A region of Pakistan ({tmp_path.name})."
    _edit(project / "questions" / "glossary.yml", "A region in north-west Pakistan.", new)
    session.rebuild()
    # The sheet and the key show no tooltips: they do not depend on the glossary.
    assert "sheets/events.md" not in rendered and "sheets/events-key.md" not in rendered
    assert {"glossary.md", "quizzes/events.md"} <= set(rendered)
    assert new in session.page("glossary.html")


def _index(docs: list[dict[str, Any]], last: str = "docs") -> str:
    data = {"config": {"lang": ["en"], "separator": "[\\s\\-]+"}, "docs": docs}
    if last != "docs":
        data = {"docs": docs, "config": data["config"]}
    return json.dumps(data, separators=(",", ":"))


@pytest.mark.parametrize("docs", [[], [{"location": "", "title": "Home", "text": "caf\\u00e9 \u2019"}]])
def test_search_entries_are_spliced_into_the_index_as_the_long_way_would_add_them(docs: list[Any]) -> None:
    entries = [[{"location": "q.html", "title": "1. Where?", "text": "A · “B” · <em>"}], [], [{"location": "r"}]]
    text = _index(docs)
    spliced = search.add_to_index(text, [search.serialized(e) for e in entries])
    assert spliced is not None
    long_way = json.loads(text)
    long_way["docs"] += [x for e in entries for x in e]
    assert json.loads(spliced) == long_way


def test_an_index_of_another_shape_is_left_to_the_long_way() -> None:
    for other in (_index([], last="config"), "[]", "{}", '{"docs": {}}', "not json"):
        assert search.add_to_index(other, ['{"location":"q"}']) is None, other
    spliced = search.add_to_index(_index([]) + "\n", ['{"location":"q"}'])
    assert spliced is not None and json.loads(spliced)["docs"] == [{"location": "q"}]


def test_under_dirty_a_new_bank_reaches_the_menu_of_every_generated_page(tmp_path: Path, rendered: list[str]) -> None:
    """`--dirty` writes again only what changed: a new quiz is in the menu of every page, so
    every generated page changed (MkDocs itself leaves the site's own pages as they were)."""
    project = write_project(tmp_path / "p", {"events.yml": GOOD_BANK})
    session = Serve(project, tmp_path / "site", dirty=True)
    title = f"Second quiz of {tmp_path.name}"
    assert title not in session.page("quizzes/events.html")
    second = _second(GOOD_BANK).replace("\ntitle: Events\n", f"\ntitle: {title}\n", 1)
    assert title in second
    (project / "questions" / "more.yml").write_text(second, encoding="utf-8")
    rendered.clear()
    session.rebuild()
    assert "quizzes/more.md" in rendered
    for page in ("quizzes/events.html", "sheets/events.html", "quizzes/index.html"):
        assert title in session.page(page), page
    rendered.clear()
    session.rebuild()  # nothing changed since: nothing is rendered or written
    assert rendered == []
