"""Order on paper: sheets and keys use the order the quiz page shows, seeded, balanced; versions A and B."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from quizgen import order, pages, qtypes, render, sheets
from quizgen.catalog import CatalogBuilder
from quizgen.config import read_settings
from quizgen.models import Bank, Catalog
from tests.conftest import REPO, quizgen


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    settings, _ = read_settings(REPO / "mkdocs.yml")
    built, issues = CatalogBuilder(REPO).build(settings=settings)
    assert built is not None, [i.format() for i in issues]
    return built


def bank(catalog: Catalog, slug: str) -> Bank:
    return next(b for b in catalog.banks if b.slug == slug)


def _items(block: str) -> list[str]:
    """The texts of a list's items, without their markup."""
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.split(r"<li\b[^>]*>", block)[1:]]


def test_the_sheet_and_the_page_show_the_choices_in_the_same_order(catalog: Catalog) -> None:
    events = bank(catalog, "events")
    links = pages.Links(pages.sheet_page(events), use_directory_urls=False)
    sheet = str(render.render_sheet(events, links, key_mode=False))
    page = str(render.render_quiz(events, catalog.source(events.source), pages.Links(pages.quiz_page(events), False)))
    choice_questions = [q for q in events.questions if qtypes.of(q).craft(q).options]
    on_page = [
        re.findall(r'<span class="qg-text"(?: dir="auto")?>(.*?)</span>', b) for b in page.split('class="qg-q"')[1:]
    ]
    on_sheet = [
        _items(m.group(1)) if (m := re.search(r'<ol class="qg-sheet-choices"[^>]*>(.*?)</ol>', b, re.S)) else []
        for b in sheet.split('class="qg-sheet-q"')[1:]
    ]
    for k, q in enumerate(events.questions):
        if q in choice_questions:
            assert on_page[k] == on_sheet[k], q.id
    # ... and in the order quizgen chose, not the one written: the right answers are spread.
    assert any(on_sheet[k][0] != q.choices[0].text for k, q in enumerate(events.questions) if q in choice_questions)  # type: ignore[attr-defined]


def test_the_key_gives_the_letters_of_the_sheet(catalog: Catalog) -> None:
    for b in catalog.banks:
        views = order.views(b)
        for q in b.questions:
            options = qtypes.of(q).craft(q).options
            if not options:
                continue
            letters = [letter for letter, c in views[q.id]["choices"] if c.correct]
            answer = str(qtypes.of(q).sheet_answer(q, views[q.id]))
            assert all(f"{letter}. " in answer for letter in letters), (q.id, letters, answer)


def test_the_right_answers_are_spread_over_the_letters(catalog: Catalog) -> None:
    for b in catalog.banks:
        shown = order.positions(b)
        singles = [q for q in b.questions if sum(ok for _, ok in qtypes.of(q).craft(q).options) == 1]
        counts = Counter(shown[q.id][0] for q in singles)
        assert len(counts) == 4 and max(counts.values()) - min(counts.values()) <= 1, (b.slug, counts)


def test_rebuilds_print_the_same(catalog: Catalog) -> None:
    first = [(d.name, d.html) for d in sheets.documents(catalog, versions=["A", "B"])]
    again = [(d.name, d.html) for d in sheets.documents(catalog, versions=["A", "B"])]
    assert first == again


def test_versions_a_and_b(catalog: Catalog) -> None:
    docs = {d.name: d.html for d in sheets.documents(catalog, versions=["A", "B"])}
    assert {"events-sheet-a", "events-key-a", "events-sheet-b", "events-key-b"} <= set(docs)
    assert "events-sheet" not in docs
    events = bank(catalog, "events")
    a, b = order.questions(events, "A"), order.questions(events, "B")
    assert a == list(events.questions) and sorted(q.id for q in b) == sorted(q.id for q in a) and a != b
    # The B sheet lists the questions in B's order, and its key gives B's letters.
    prompts = re.findall(r'<p class="qg-sheet-prompt" dir="auto">(.*?)</p>', docs["events-sheet-b"])
    assert prompts[:3] == [str(render.inline(q.prompt)) for q in b[:3]]
    views = order.views(events, "B")
    for q in b:
        if qtypes.of(q).craft(q).options:
            letters = [letter for letter, c in views[q.id]["choices"] if c.correct]
            assert all(f"{letter}. " in str(qtypes.of(q).sheet_answer(q, views[q.id])) for letter in letters)
    # Version A is the page's order.
    assert order.views(events, "A") == order.views(events)


def test_quizgen_sheets_versions(tmp_path: Path) -> None:
    result = quizgen("sheets", "--html", str(tmp_path / "out"), "--versions", "A,B", cwd=REPO)
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"events-sheet-a.html", "events-key-b.html", "glossary.html"} <= names
    bad = quizgen("sheets", "--html", str(tmp_path / "bad"), "--versions", "A,AA", cwd=REPO)
    assert bad.returncode == 2 and "versions are letters" in bad.stderr
