"""A big bank opens at once: its first questions can be answered before the rest are in the page.

A quiz of more than ``render.LAZY_FROM`` questions puts its first ``LIVE_QUESTIONS`` in the
page; the others wait as unparsed text in ``<template class="qg-later">`` blocks, which the
script brings in when the browser is idle, or at once when the page needs them. The script
comes right after the first questions, and the quiz starts there, while the page still loads. What a
student sees must not depend on that: the score counts the whole bank from the start, saved
answers come back in every question, and a link to a question still to come finds it. How
fast the first answer is checked is measured by `make bench` (bench/browser.py), not here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from quizgen import render
from tests.browser.conftest import serve_built
from tests.conftest import write_project

QUESTIONS = 150

# At the moment the quiz is ready, answer the first question and note what the page holds;
# when the score is first written, note it and how many blocks of questions still wait.
AT_READY = """
new MutationObserver((changes, observer) => {
  const quiz = document.querySelector(".qg-quiz[data-qg-ready]");
  if (!quiz) return;
  if (!window.__qgAtReady) {
    const q = quiz.querySelector(".qg-q");
    q.querySelector("input[type=radio]").click();
    q.querySelector(".qg-check").click();
    window.__qgAtReady = {
      result: q.querySelector(".qg-result").textContent,
      live: quiz.querySelectorAll(".qg-q").length,
      loading: document.readyState === "loading",
      summary: !!quiz.querySelector(".qg-summary"),
    };
  }
  const score = quiz.querySelector(".qg-score");
  if (score && score.textContent) {
    observer.disconnect();
    window.__qgScored = {score: score.textContent, waiting: quiz.querySelectorAll("template.qg-later").length};
  }
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-qg-ready"]});
"""


def big_bank(n: int) -> str:
    lines = ["source: ../seeds/000_987c6cd902e74af3.txt", "topic: events", "title: Many questions", "questions:"]
    for k in range(1, n + 1):
        lines += [
            f"  - id: q-{k:03d}",
            "    type: single",
            "    difficulty: recall",
            f"    prompt: Question {k}, where was the commercial plane fired upon?",
            "    choices:",
            "      - text: Bacha Khan International Airport in Peshawar",
            "        correct: true",
            "      - text: Jinnah International Airport in Karachi",
            "    explanation: The first sentence says so.",
            "    evidence: a commercial plane in Peshawar, Pakistan was fired upon",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert render.LAZY_FROM < QUESTIONS
    root = tmp_path_factory.mktemp("big-bank")
    project = write_project(root / "p", {"many.yml": big_bank(QUESTIONS)}, glossary=None)
    yield from serve_built(project, root / "site")


@pytest.fixture
def big(watched_page: Page, big_site: str) -> Page:
    watched_page.add_init_script(AT_READY)
    watched_page.goto(big_site + "quizzes/many.html")
    watched_page.wait_for_function("() => window.__qgScored")
    return watched_page


def all_in(page: Page) -> None:
    page.wait_for_function("() => !document.querySelector('template.qg-later')")
    expect(page.locator(".qg-q")).to_have_count(QUESTIONS)


def test_the_first_question_is_checked_before_the_rest_are_in_the_page(big: Page) -> None:
    seen = big.evaluate("() => window.__qgAtReady")
    # Checked while the browser was still reading the page: the score and the rest to come.
    assert seen == {"result": "✓ Correct.", "live": render.LIVE_QUESTIONS, "loading": True, "summary": False}
    scored = big.evaluate("() => window.__qgScored")
    assert f"of {QUESTIONS}" in scored["score"] and "1 answered" in scored["score"] and scored["waiting"] > 0
    all_in(big)  # then the rest come in, in order, without a click
    ids = big.locator(".qg-q").evaluate_all("qs => qs.map(q => q.id)")
    assert ids == [f"q-q-{k:03d}" for k in range(1, QUESTIONS + 1)]
    expect(big.locator(".qg-score")).to_have_text(f"Score: 1 of {QUESTIONS} · 1 answered")


def test_answers_in_questions_still_to_come_count_and_come_back(big: Page) -> None:
    all_in(big)
    last = big.locator(f"#q-q-{QUESTIONS:03d}")
    last.locator('input[value="b"]').check()
    last.locator(".qg-check").click()
    expect(last.locator(".qg-result")).to_have_text("✗ Not quite.")
    big.reload()
    big.wait_for_function("() => window.__qgScored")
    seen = big.evaluate("() => window.__qgScored")
    # Counted before its question is in the page: the first question again (right), and the last (wrong).
    assert seen["waiting"] > 0 and "2 answered" in seen["score"], seen
    all_in(big)
    expect(last.locator(".qg-result")).to_have_text("✗ Not quite.")
    expect(last.locator('input[value="b"]')).to_be_checked()


def test_a_link_to_a_question_still_to_come_finds_it(watched_page: Page, big_site: str) -> None:
    watched_page.goto(big_site + f"quizzes/many.html#q-q-{QUESTIONS - 1:03d}")
    target = watched_page.locator(f"#q-q-{QUESTIONS - 1:03d}")
    expect(target).to_be_in_viewport()


def test_reset_clears_the_questions_still_to_come(big: Page) -> None:
    all_in(big)
    last = big.locator(f"#q-q-{QUESTIONS:03d}")
    last.locator('input[value="a"]').check()
    last.locator(".qg-check").click()
    big.reload()
    big.wait_for_function("() => window.__qgScored")
    big.evaluate("() => document.querySelector('.qg-reset').click()")  # at once, before they all come in
    expect(big.locator(".qg-score")).to_have_text(f"Score: 0 of {QUESTIONS} · 0 answered")
    expect(big.locator(".qg-q")).to_have_count(QUESTIONS)
    expect(last.locator(".qg-result")).to_have_text("")
    assert not last.locator('input[value="a"]').is_checked()


def test_a_small_bank_has_every_question_in_the_page(tmp_path: Path) -> None:
    from quizgen.catalog import CatalogBuilder
    from quizgen.config import read_settings

    project = write_project(tmp_path / "p", {"few.yml": big_bank(render.LAZY_FROM)}, glossary=None)
    settings, _ = read_settings(project / "mkdocs.yml")
    catalog, issues = CatalogBuilder(project).build(settings=settings)
    assert catalog is not None, issues
    from quizgen import pages

    bank = catalog.banks[0]
    body = str(render.render_quiz(bank, catalog.sources[0], pages.Links("quizzes/few.md", False)))
    assert "qg-later" not in body and body.count('class="qg-q"') == render.LAZY_FROM
