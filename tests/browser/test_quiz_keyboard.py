"""Keyboard-only use: a matching and an ordering question answered and checked without a mouse.

Focus is moved with Tab and Shift+Tab only, options are chosen with the arrow keys, items are
moved with Enter, Space and Alt+Arrow, and after Check the focus must land on the result,
which is a polite live region.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import MATCH, ORDER


def tab_to(page: Page, selector: str, limit: int = 150) -> None:
    """Press Tab (or Shift+Tab when the target is above the focus) until ``selector`` has the focus."""
    target = page.locator(selector)
    expect(target).to_have_count(1)
    behind = page.evaluate(
        """(sel) => { const t = document.querySelector(sel), a = document.activeElement;
        return a && a !== document.body && !!(t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING); }""",
        selector,
    )
    key = "Shift+Tab" if behind else "Tab"
    for _ in range(limit):
        if page.evaluate("(sel) => document.activeElement === document.querySelector(sel)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} never received the focus with {key}")


def focused(page: Page) -> str:
    return page.evaluate("""() => { const a = document.activeElement;
        return a.className + ' ' + (a.getAttribute('aria-label') || a.textContent.trim().slice(0, 40)); }""")


def expect_result_focused(page: Page, qid: str) -> None:
    assert page.evaluate(f"document.activeElement === document.querySelector('#q-{qid} .qg-result')"), focused(page)


def test_matching_by_keyboard(quiz: Page) -> None:
    q = quiz.locator("#q-t-matching")
    result = q.locator(".qg-result")
    expect(result).to_have_attribute("role", "status")
    expect(result).to_have_attribute("aria-live", "polite")
    for n, (left, right) in enumerate(MATCH.items()):
        tab_to(quiz, f"#q-t-matching .qg-pair:nth-child({n + 1}) select")
        select = q.locator(".qg-pair", has_text=left).locator("select")
        expect(select).to_be_focused()
        for _ in range(6):  # a closed <select> steps through its options with the arrow keys
            if select.evaluate("s => s.selectedOptions[0].text") == right:
                break
            quiz.keyboard.press("ArrowDown")
        assert select.evaluate("s => s.selectedOptions[0].text") == right
    tab_to(quiz, "#q-t-matching .qg-check")
    quiz.keyboard.press("Enter")
    expect(result).to_have_text("✓ Correct.")
    expect_result_focused(quiz, "t-matching")
    expect(q.locator(".qg-explanation")).to_be_visible()
    # The answer was saved on the way (change events from the keyboard), so it survives a reload.
    quiz.reload()
    expect(quiz.locator("#q-t-matching .qg-result")).to_have_text("✓ Correct.")


def test_ordering_by_keyboard(quiz: Page) -> None:
    q = quiz.locator("#q-t-ordering")
    texts = q.locator(".qg-item .qg-text")
    result = q.locator(".qg-result")

    # Space on a "move down" button: the item moves and keeps the focus, and the move is announced.
    first = texts.first.inner_text()
    tab_to(quiz, "#q-t-ordering .qg-item:nth-child(1) .qg-down")
    quiz.keyboard.press("Space")
    expect(texts.nth(1)).to_have_text(first)
    expect(result).to_have_text("Moved to position 2 of 4.")
    assert quiz.evaluate("document.activeElement.closest('.qg-item').textContent").startswith(first)

    # Alt+ArrowDown and Alt+ArrowUp move the item that has the focus.
    quiz.keyboard.press("Alt+ArrowDown")
    expect(texts.nth(2)).to_have_text(first)
    expect(result).to_have_text("Moved to position 3 of 4.")
    quiz.keyboard.press("Alt+ArrowUp")
    expect(texts.nth(1)).to_have_text(first)

    # Sort: bring each item up to its place, alternating Enter on "move up" and Alt+ArrowUp.
    presses = 0
    for target, text in enumerate(ORDER):
        current = texts.all_inner_texts().index(text)
        if current == target:
            continue
        tab_to(quiz, f"#q-t-ordering .qg-item:nth-child({current + 1}) .qg-up")
        for _ in range(current - target):
            quiz.keyboard.press("Enter" if presses % 2 == 0 else "Alt+ArrowUp")
            presses += 1
        expect(texts.nth(target)).to_have_text(text)
    expect(texts).to_have_text(ORDER)
    assert presses >= 2

    # At the top, "move up" says so instead of doing nothing silently.
    tab_to(quiz, "#q-t-ordering .qg-item:nth-child(1) .qg-up")
    quiz.keyboard.press("Enter")
    expect(result).to_have_text("Already first.")
    expect(texts).to_have_text(ORDER)

    tab_to(quiz, "#q-t-ordering .qg-check")
    quiz.keyboard.press("Space")
    expect(result).to_have_text("✓ Correct.")
    expect_result_focused(quiz, "t-ordering")
    expect(q.locator(".qg-item.qg-ok")).to_have_count(4)


def test_enter_in_a_text_box_checks_and_the_result_sticks(quiz: Page) -> None:
    """Enter checks the answer; the blur that follows must not throw the result away."""
    tab_to(quiz, "#q-t-numeric .qg-input")
    quiz.keyboard.type("22")
    quiz.keyboard.press("Enter")
    result = quiz.locator("#q-t-numeric .qg-result")
    expect(result).to_have_text("✓ Correct.")
    expect_result_focused(quiz, "t-numeric")
    tab_to(quiz, "#q-t-numeric .qg-input")  # back into the box and out again: nothing changed
    quiz.keyboard.press("Tab")
    expect(result).to_have_text("✓ Correct.")
    expect(quiz.locator(".qg-score")).to_have_text("Score: 1 of 7 · 1 answered")
    quiz.reload()
    expect(quiz.locator("#q-t-numeric .qg-result")).to_have_text("✓ Correct.")
    expect(quiz.locator(".qg-score")).to_have_text("Score: 1 of 7 · 1 answered")


def test_focus_is_visible_on_quiz_controls(quiz: Page) -> None:
    for selector in (
        "#q-t-single input[value=a]",
        "#q-t-matching .qg-pair:nth-child(1) select",
        "#q-t-ordering .qg-item:nth-child(1) .qg-up",
        "#q-t-single .qg-check",
    ):
        tab_to(quiz, selector)
        outline = quiz.evaluate(
            "() => getComputedStyle(document.activeElement).outlineStyle + ' ' "
            "+ getComputedStyle(document.activeElement).outlineWidth"
        )
        assert re.match(r"(solid|auto) [1-9]", outline), f"{selector}: no visible focus ({outline})"
