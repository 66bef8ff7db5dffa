"""Grading in the browser, one question type at a time: right, wrong and partly right answers.

The site is built from tests/browser/fixtures (one question of every type) and served on
127.0.0.1. Each check reads what a student sees: the result line, the feedback of the chosen
option, the explanation and the evidence quote, whose link must open the article with the
quoted words highlighted in the cited paragraph.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import MATCH, ORDER

pytestmark = pytest.mark.engine

CORRECT = "✓ Correct."
WRONG = "✗ Not quite."


def question(page: Page, qid: str) -> Locator:
    return page.locator(f"#q-{qid}")


def choose(q: Locator, *keys: str) -> None:
    """Tick exactly the options ``keys`` (radio buttons or checkboxes), by clicking their labels."""
    for box in q.locator(".qg-choice input").all():
        want = box.get_attribute("value") in keys
        if box.is_checked() != want:
            box.locator("xpath=ancestor::label").click()


def check(q: Locator) -> Locator:
    q.locator(".qg-check").click()
    return q.locator(".qg-result")


def choice(q: Locator, key: str) -> Locator:
    return q.locator(f'.qg-choice[data-qg-key="{key}"]')


def arrange(q: Locator, texts: list[str]) -> None:
    """Put the ordering items in the order ``texts`` with the "move up" buttons."""
    for target, text in enumerate(texts):
        current = q.locator(".qg-item .qg-text").all_inner_texts().index(text)
        for _ in range(current - target):
            q.locator(".qg-item", has_text=text).locator(".qg-up").click()
    expect(q.locator(".qg-item .qg-text")).to_have_text(texts)


def match(q: Locator, answers: dict[str, str]) -> None:
    for left, right in answers.items():
        q.locator(".qg-pair", has_text=left).locator("select").select_option(label=right)


def expect_explained(q: Locator) -> None:
    """The feedback panel is shown, with the explanation and the evidence quote and its link."""
    expect(q.locator(".qg-feedback")).to_be_visible()
    expect(q.locator(".qg-explanation")).to_be_visible()
    expect(q.locator(".qg-explanation")).to_contain_text("Why:")
    for quote in q.locator(".qg-evidence").all():
        expect(quote).to_be_visible()
        expect(quote.get_by_role("link")).to_have_text(re.compile(r"Read paragraph \d+ in the article"))


def visible_choice_feedback(q: Locator) -> list[str]:
    return [fb.inner_text() for fb in q.locator(".qg-choice-fb").all() if fb.is_visible()]


def test_single(quiz: Page) -> None:
    q = question(quiz, "t-single")
    expect(q.locator(".qg-feedback")).to_be_hidden()
    expect(check(q)).to_have_text("Answer the question first.")
    expect(q.locator(".qg-feedback")).to_be_hidden()

    choose(q, "b")
    expect(check(q)).to_have_text(WRONG)
    expect(choice(q, "b")).to_have_class(re.compile(r"\bqg-bad\b"))
    expect(choice(q, "a")).to_have_class(re.compile(r"\bqg-is-answer\b"))
    assert visible_choice_feedback(q) == [
        "Jinnah International Airport was the scene of the earlier attack, by ten TTP militants."
    ]
    expect_explained(q)

    choose(q, "c")  # an option without feedback of its own
    expect(q.locator(".qg-feedback")).to_be_hidden()  # the old result no longer applies
    expect(check(q)).to_have_text(WRONG)
    assert visible_choice_feedback(q) == []

    choose(q, "a")
    expect(check(q)).to_have_text(CORRECT)
    expect(choice(q, "a")).to_have_class(re.compile(r"\bqg-ok\b"))
    expect(q).to_have_class(re.compile(r"\bqg-right\b"))
    assert visible_choice_feedback(q) == ["Yes, the opening sentence names this airport."]
    expect(q.locator(".qg-explanation")).to_have_text(
        "Why: The first sentence places the plane at Bacha Khan International Airport in Peshawar."
    )
    expect(q.locator(".qg-evidence p").first).to_have_text(
        "“a commercial plane in Peshawar, Pakistan was fired upon while landing at Bacha Khan International Airport”"
    )
    expect_explained(q)


def test_multiple(quiz: Page) -> None:
    q = question(quiz, "t-multiple")
    choose(q, "a")
    expect(check(q)).to_have_text("◐ Partly right: 50% of the marks.")
    expect(q).to_have_class(re.compile(r"\bqg-partial\b"))
    expect(choice(q, "a")).to_have_class(re.compile(r"\bqg-ok\b"))
    expect(choice(q, "b")).to_have_class(re.compile(r"\bqg-is-answer\b"))
    assert visible_choice_feedback(q) == ["Right, the air operations in the tribal areas are the first reason given."]
    expect(q.locator(".qg-fb-wrong")).to_have_text("Read paragraph 4 again.")
    expect(q.locator(".qg-fb-right")).to_be_hidden()
    expect_explained(q)

    choose(q, "c", "d")
    expect(check(q)).to_have_text(WRONG)
    expect(choice(q, "c")).to_have_class(re.compile(r"\bqg-bad\b"))
    assert visible_choice_feedback(q) == [
        "ISIS comes up later, as part of the wider fear of extremism, not as a reason TTP gave."
    ]
    expect(q.locator(".qg-fb-wrong")).to_be_visible()

    choose(q, "a", "b", "c")  # a wrong tick takes back a right one
    expect(check(q)).to_have_text("◐ Partly right: 50% of the marks.")

    choose(q, "a", "b")
    expect(check(q)).to_have_text(CORRECT)
    expect(q.locator(".qg-fb-right")).to_have_text("Both reasons found.")
    expect(q.locator(".qg-fb-wrong")).to_be_hidden()
    expect(q.locator(".qg-is-answer")).to_have_count(0)
    expect_explained(q)


def test_true_false(quiz: Page) -> None:
    q = question(quiz, "t-truefalse")
    choose(q, "true")
    expect(check(q)).to_have_text(WRONG)
    expect(choice(q, "true")).to_have_class(re.compile(r"\bqg-bad\b"))
    expect(choice(q, "false")).to_have_class(re.compile(r"\bqg-is-answer\b"))
    expect_explained(q)
    choose(q, "false")
    expect(check(q)).to_have_text(CORRECT)
    expect(choice(q, "false")).to_have_class(re.compile(r"\bqg-ok\b"))
    expect(q.locator(".qg-evidence p").first).to_have_text("“No group has yet claimed responsibility for the attack”")


def test_fill_blank_folds_case_and_accents(quiz: Page) -> None:
    q = question(quiz, "t-fill")
    box = q.get_by_label("Your answer")
    box.fill("Jinnah")
    expect(check(q)).to_have_text(WRONG)
    expect(q.locator(".qg-answer")).to_have_text("The answer: Bāchā Khān")
    expect_explained(q)
    for typed in ("bacha khan", "  BĀCHĀ   KHĀN "):
        box.fill(typed)
        expect(check(q)).to_have_text(CORRECT)
        expect(q.locator(".qg-answer")).to_be_hidden()
        expect_explained(q)


def test_matching_with_distractor(quiz: Page) -> None:
    q = question(quiz, "t-matching")
    options = q.locator(".qg-pair select").first.locator("option").all_inner_texts()
    assert sorted(options) == sorted(["Choose…", *MATCH.values(), "Leader of the TTP"])

    match(q, {"Ikram Sehgal": MATCH["Ikram Sehgal"]})  # the others left empty count as wrong
    expect(check(q)).to_have_text("◐ Partly right: 1 of 3 in the right place.")
    match(q, {"Imran Khan": "Leader of the TTP", "Nawaz Sharif": MATCH["Imran Khan"]})
    expect(check(q)).to_have_text("◐ Partly right: 1 of 3 in the right place.")
    expect(q.locator(".qg-pair.qg-ok")).to_have_count(1)
    expect(q.locator(".qg-pair.qg-bad")).to_have_count(2)
    expect(q.locator(".qg-pair.qg-ok")).to_contain_text("Ikram Sehgal")
    expect(q.locator(".qg-answer")).to_contain_text("Nawaz Sharif →")
    expect_explained(q)
    expect(q.locator(".qg-evidence")).to_have_count(3)

    match(
        q,
        {
            "Ikram Sehgal": "Leader of the TTP",
            "Imran Khan": MATCH["Nawaz Sharif"],
            "Nawaz Sharif": MATCH["Ikram Sehgal"],
        },
    )
    expect(check(q)).to_have_text(WRONG)
    expect(q.locator(".qg-pair.qg-bad")).to_have_count(3)

    match(q, MATCH)
    expect(check(q)).to_have_text(CORRECT)
    expect(q.locator(".qg-pair.qg-ok")).to_have_count(3)
    expect(q.locator(".qg-answer")).to_be_hidden()


def test_ordering(quiz: Page) -> None:
    q = question(quiz, "t-ordering")
    assert q.locator(".qg-item .qg-text").all_inner_texts() != ORDER, "the items must not start in the right order"
    arrange(q, [ORDER[0], ORDER[1], ORDER[3], ORDER[2]])
    expect(q.locator(".qg-result")).to_have_text(re.compile(r"Moved to position \d of 4\."))
    expect(check(q)).to_have_text("◐ Partly right: 2 of 4 in the right place.")
    expect(q.locator(".qg-item.qg-ok")).to_have_count(2)
    expect(q.locator(".qg-item.qg-bad")).to_have_count(2)
    expect(q.locator(".qg-answer .qg-answer-order li")).to_have_text(ORDER)
    expect_explained(q)
    expect(q.locator(".qg-evidence p").first).to_have_text(
        "“has sought to impose a “harsh version” of Islamic law on Pakistan since 2007”"
    )

    arrange(q, ORDER[::-1])
    expect(q.locator(".qg-feedback")).to_be_hidden()  # moving an item withdraws the old result
    expect(check(q)).to_have_text(WRONG)

    arrange(q, ORDER)
    expect(check(q)).to_have_text(CORRECT)
    expect(q.locator(".qg-item.qg-ok")).to_have_count(4)


def test_numeric_with_tolerance(quiz: Page) -> None:
    q = question(quiz, "t-numeric")
    box = q.get_by_label("Your answer")
    expect(q.locator(".qg-unit")).to_have_text("million people")
    box.fill("25")
    expect(check(q)).to_have_text(WRONG)
    expect(q.locator(".qg-answer")).to_have_text("The answer: 22 million people (± 1)")
    expect_explained(q)
    box.fill("twenty-two")
    expect(check(q)).to_have_text(WRONG + " Write a number, such as 36 or 1.25.")
    for typed in ("22", "23", "21,5", " 21.0 "):
        box.fill(typed)
        expect(check(q)).to_have_text(CORRECT)
    box.fill("23.5")
    expect(check(q)).to_have_text(WRONG)


def evidence(page: Page) -> list[dict[str, Any]]:
    """Every evidence quote on a quiz page: its text, link and cited paragraph."""
    return page.evaluate("""() => [...document.querySelectorAll('.qg-evidence')].map((b) => ({
        quote: b.querySelector('p').textContent.trim().replace(/^“|”$/g, ''),
        href: b.querySelector('a').href,
        paragraph: b.querySelector('a').textContent.match(/\\d+/)[0]}))""")


def norm(text: str) -> str:
    return " ".join(text.split())


def test_every_evidence_link_highlights_the_quote(quiz: Page) -> None:
    quotes = evidence(quiz)
    assert len(quotes) == 9
    for e in quotes:
        assert re.search(rf"/articles/[^/]+/\?hl={e['paragraph']}\.\d+\.\d+#p{e['paragraph']}$", e["href"]), e["href"]
        quiz.goto(e["href"])
        mark = quiz.locator("mark.qg-hl")
        expect(mark).to_have_count(1)
        assert norm(mark.inner_text()) == norm(e["quote"])
        assert mark.evaluate("m => m.closest('.qg-para').id") == f"p{e['paragraph']}"
        expect(mark).to_be_in_viewport()


def test_evidence_link_with_instant_navigation(quiz: Page) -> None:
    q = question(quiz, "t-numeric")
    q.get_by_label("Your answer").fill("22")
    check(q)
    quiz.evaluate("window.__same_doc = true")
    q.locator(".qg-evidence a").click()
    quiz.wait_for_url(re.compile(r"/articles/[^/]+/\?hl=\d+\.\d+\.\d+#p\d+$"))
    expect(quiz.locator("mark.qg-hl")).to_have_text("Home to 22 million people")
    assert quiz.evaluate("window.__same_doc") is True, "the evidence link reloaded the page"
    # Back on the quiz (same document again), the answer and its result are still there.
    quiz.go_back()
    expect(question(quiz, "t-numeric").locator(".qg-result")).to_have_text(CORRECT)
