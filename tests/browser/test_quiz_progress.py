"""Score, "Try the wrong ones again", Reset, and what the browser keeps across reloads.

Progress lives in localStorage only: a half-done quiz comes back after a reload with its
answers and results, a shuffled bank keeps the order a student first saw, and the progress
tables on the home page and the quiz list read the same storage.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

ORDER = [
    "TTP starts trying to impose a harsh version of Islamic law",
    "Ten militants attack Jinnah International Airport in Karachi",
    "The military launches an operation against terrorism on its own turf",
    "Imran Khan endorses the operation",
]


@pytest.fixture
def quiz(watched_page: Page, quiz_site: str) -> Page:
    watched_page.goto(quiz_site + "quizzes/all-types/")
    return watched_page


def q(page: Page, qid: str) -> Locator:
    return page.locator(f"#q-{qid}")


def tick(page: Page, qid: str, *keys: str) -> None:
    for key in keys:
        q(page, qid).locator(f'input[value="{key}"]').check()


def check(page: Page, qid: str) -> Locator:
    q(page, qid).locator(".qg-check").click()
    return q(page, qid).locator(".qg-result")


def arrange(page: Page, texts: list[str]) -> None:
    item_texts = q(page, "t-ordering").locator(".qg-item .qg-text")
    for target, text in enumerate(texts):
        for _ in range(item_texts.all_inner_texts().index(text) - target):
            q(page, "t-ordering").locator(".qg-item", has_text=text).locator(".qg-up").click()
    expect(item_texts).to_have_text(texts)


def answer_everything(page: Page) -> None:
    """Right: single, fill_blank, ordering. Partly right: multiple (1/2), matching (1/3). Wrong: true_false, numeric."""
    tick(page, "t-single", "a")
    expect(check(page, "t-single")).to_have_text("✓ Correct.")
    expect(page.locator(".qg-score")).to_have_text("Score: 1 of 7 · 1 answered")
    tick(page, "t-multiple", "a")
    expect(check(page, "t-multiple")).to_contain_text("Partly right")
    expect(page.locator(".qg-score")).to_have_text("Score: 1.5 of 7 · 2 answered")
    tick(page, "t-truefalse", "true")
    expect(check(page, "t-truefalse")).to_have_text("✗ Not quite.")
    q(page, "t-fill").get_by_label("Your answer").fill("Bacha Khan")
    expect(check(page, "t-fill")).to_have_text("✓ Correct.")
    q(page, "t-matching").locator(".qg-pair", has_text="Ikram Sehgal").locator("select").select_option(
        label="Defense analyst and security adviser"
    )
    expect(check(page, "t-matching")).to_contain_text("Partly right: 1 of 3")
    arrange(page, ORDER)
    expect(check(page, "t-ordering")).to_have_text("✓ Correct.")
    q(page, "t-numeric").get_by_label("Your answer").fill("30")
    expect(check(page, "t-numeric")).to_have_text("✗ Not quite.")
    # 1 + 0.5 + 0 + 1 + 1/3 + 1 + 0 = 3.83
    expect(page.locator(".qg-score")).to_have_text("Score: 3.8 of 7 · 7 answered")


def shown_results(page: Page) -> dict[str, str]:
    return {
        (qq.get_attribute("id") or "")[2:]: qq.locator(".qg-result").inner_text() for qq in page.locator(".qg-q").all()
    }


def test_score_retry_and_reset(quiz: Page) -> None:
    expect(quiz.locator(".qg-score")).to_have_text("Score: 0 of 7 · 0 answered")
    answer_everything(quiz)

    quiz.get_by_role("button", name="Try the wrong ones again").click()
    results = shown_results(quiz)
    assert results == {
        "t-single": "✓ Correct.",
        "t-multiple": "",
        "t-truefalse": "",
        "t-fill": "✓ Correct.",
        "t-matching": "",
        "t-ordering": "✓ Correct.",
        "t-numeric": "",
    }, results
    expect(quiz.locator(".qg-score")).to_have_text("Score: 3 of 7 · 3 answered")
    # The wrong and partly right ones are cleared, the right ones keep their answers and feedback;
    # a partly right one keeps its right part (the right tick, the right row).
    for qid in ("t-multiple", "t-truefalse", "t-matching", "t-numeric"):
        expect(q(quiz, qid).locator(".qg-feedback")).to_be_hidden()
    expect(q(quiz, "t-multiple").locator("input:checked")).to_have_count(1)
    expect(q(quiz, "t-multiple").locator('input[value="a"]')).to_be_checked()
    expect(q(quiz, "t-truefalse").locator("input:checked")).to_have_count(0)
    expect(q(quiz, "t-numeric").get_by_label("Your answer")).to_have_value("")
    chosen = q(quiz, "t-matching").locator("select").evaluate_all("ss => ss.map(s => s.selectedIndex > 0)")
    assert chosen == [True, False, False], chosen
    expect(q(quiz, "t-single").locator('input[value="a"]')).to_be_checked()
    expect(q(quiz, "t-fill").get_by_label("Your answer")).to_have_value("Bacha Khan")
    expect(q(quiz, "t-ordering").locator(".qg-item .qg-text")).to_have_text(ORDER)
    for qid in ("t-single", "t-fill", "t-ordering"):
        expect(q(quiz, qid).locator(".qg-explanation")).to_be_visible()
    # The focus goes to the first question to try again.
    assert quiz.evaluate("document.activeElement.closest('.qg-q').id") == "q-t-multiple"

    # That survives a reload too.
    quiz.reload()
    expect(quiz.locator(".qg-score")).to_have_text("Score: 3 of 7 · 3 answered")
    expect(q(quiz, "t-multiple").locator(".qg-result")).to_have_text("")

    quiz.get_by_role("button", name="Reset").click()
    expect(quiz.locator(".qg-score")).to_have_text("Score: 0 of 7 · 0 answered")
    assert set(shown_results(quiz).values()) == {""}
    expect(quiz.locator(".qg-feedback:visible")).to_have_count(0)
    expect(quiz.locator(".qg-choice input:checked")).to_have_count(0)
    expect(q(quiz, "t-fill").get_by_label("Your answer")).to_have_value("")
    expect(q(quiz, "t-ordering").locator(".qg-item .qg-text")).not_to_have_text(ORDER)  # back to the start order
    quiz.reload()
    expect(quiz.locator(".qg-score")).to_have_text("Score: 0 of 7 · 0 answered")
    expect(quiz.locator(".qg-feedback:visible")).to_have_count(0)
    expect(q(quiz, "t-fill").get_by_label("Your answer")).to_have_value("")


@pytest.mark.engine
def test_half_a_quiz_survives_a_reload(quiz: Page, quiz_site: str) -> None:
    tick(quiz, "t-single", "b")
    expect(check(quiz, "t-single")).to_have_text("✗ Not quite.")
    tick(quiz, "t-truefalse", "false")
    expect(check(quiz, "t-truefalse")).to_have_text("✓ Correct.")
    q(quiz, "t-numeric").get_by_label("Your answer").fill("22.4")
    expect(check(quiz, "t-numeric")).to_have_text("✓ Correct.")
    # Answered but not checked: the answer is kept, without a result.
    q(quiz, "t-fill").get_by_label("Your answer").fill("Bacha")
    q(quiz, "t-fill").get_by_label("Your answer").blur()
    order = q(quiz, "t-ordering").locator(".qg-item .qg-text").all_inner_texts()
    q(quiz, "t-ordering").locator(".qg-item").nth(0).locator(".qg-down").click()
    moved = [order[1], order[0], *order[2:]]
    expect(quiz.locator(".qg-score")).to_have_text("Score: 2 of 7 · 3 answered")

    quiz.reload()
    expect(quiz.locator(".qg-score")).to_have_text("Score: 2 of 7 · 3 answered")
    expect(q(quiz, "t-single").locator('input[value="b"]')).to_be_checked()
    expect(q(quiz, "t-single").locator(".qg-result")).to_have_text("✗ Not quite.")
    expect(q(quiz, "t-single").locator('[data-qg-key="b"] .qg-choice-fb')).to_be_visible()
    expect(q(quiz, "t-single").locator(".qg-explanation")).to_be_visible()
    expect(q(quiz, "t-truefalse").locator('input[value="false"]')).to_be_checked()
    expect(q(quiz, "t-truefalse").locator(".qg-result")).to_have_text("✓ Correct.")
    expect(q(quiz, "t-numeric").get_by_label("Your answer")).to_have_value("22.4")
    expect(q(quiz, "t-numeric").locator(".qg-result")).to_have_text("✓ Correct.")
    expect(q(quiz, "t-fill").get_by_label("Your answer")).to_have_value("Bacha")
    expect(q(quiz, "t-fill").locator(".qg-result")).to_have_text("")
    expect(q(quiz, "t-fill").locator(".qg-feedback")).to_be_hidden()
    expect(q(quiz, "t-ordering").locator(".qg-item .qg-text")).to_have_text(moved)
    for qid in ("t-multiple", "t-matching"):
        expect(q(quiz, qid).locator(".qg-feedback")).to_be_hidden()

    # The progress tables on the home page and on the quiz list read the same storage.
    for path in ("", "quizzes/"):
        quiz.goto(quiz_site + path)
        expect(quiz.locator('[data-qg-progress] tr[data-qg-bank="all-types"] .qg-progress-text')).to_have_text(
            "3 of 7 checked · score 2"
        )
        expect(quiz.locator('[data-qg-progress] tr[data-qg-bank="shuffled"] .qg-progress-text')).to_have_text(
            "Not started"
        )


def choice_order(page: Page) -> dict[str, list[str]]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.qg-q')].map((q) =>
        [q.id.slice(2), [...q.querySelectorAll('.qg-choice')].map((c) => c.dataset.qgKey)]))""")


def letters(page: Page) -> list[list[str]]:
    """The letter each option shows, in the order shown ('?' where it shows none).

    The letters are a counter of the stylesheet, whose text is not in the DOM. Each label is
    checked to show the counter, hidden from screen readers, in the space between its box
    and its text; the list resets the counter and each option counts one, so its value is
    the option's place in the list as shown.
    """
    return page.evaluate("""() => [...document.querySelectorAll('.qg-q')].map((q) =>
        [...q.querySelectorAll('.qg-choice label')].map((label) => {
            const style = getComputedStyle(label, '::after');
            const gap = label.querySelector('.qg-text').getBoundingClientRect().left
                - label.querySelector('input').getBoundingClientRect().right;
            // Shown between the box and the text, and hidden from screen readers ("/ ''").
            if (!style.content.startsWith('counter(qg-choice, upper-alpha)') || !style.content.endsWith('/ ""')
                || gap < 15) return '?';
            const li = label.closest('.qg-choice'), list = li.parentElement;
            return String.fromCharCode(65 + [...list.children].indexOf(li));
        }))""")


def test_shuffled_order_is_kept(watched_page: Page, quiz_site: str) -> None:
    page = watched_page
    page.goto(quiz_site + "quizzes/shuffled/")
    first = choice_order(page)
    written = {"s-sehgal": list("abcdefgh"), "s-militants": list("abcdef")}
    assert sorted(map(sorted, first.values())) == sorted(map(sorted, written.values()))
    assert first != written, "shuffle: true did not shuffle (1 in 29 million)"
    # Letters follow the shown order, so "A" is always the first option on the screen.
    assert letters(page) == [list("ABCDEFGH"), list("ABCDEF")]

    page.reload()
    assert choice_order(page) == first
    page.goto(quiz_site)
    page.goto(quiz_site + "quizzes/shuffled/")
    assert choice_order(page) == first

    # Grading uses the option, not its position.
    sehgal = page.locator("#q-s-sehgal")
    sehgal.get_by_label("Ikram Sehgal").check()
    expect(check(page, "s-sehgal")).to_have_text("✓ Correct.")
    page.reload()
    assert choice_order(page) == first
    expect(page.locator("#q-s-sehgal").get_by_label("Ikram Sehgal")).to_be_checked()
    expect(page.locator("#q-s-sehgal .qg-result")).to_have_text("✓ Correct.")
    expect(page.locator(".qg-score")).to_have_text(re.compile(r"Score: 1 of 2 · 1 answered"))
