"""Accessibility: axe-core on every generated page, light and dark, before and after checking.

axe runs only inside quizgen's own components (QG_COMPONENTS); the theme around them is
Material's. Quiz pages are checked again with every question answered and checked, so the
feedback, the right/wrong marks and the evidence quotes are tested as students see them.
The glossary tooltip is drawn by CSS from data-qg-tip, on hover and on keyboard focus.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import axe_result, axe_start, format_violations
from tests.conftest import REPO

BANKS = sorted(p.stem for p in (REPO / "questions").glob("*.yml") if p.stem != "glossary")
# The repository's site uses plain .html URLs (use_directory_urls: false).
REPO_PAGES = (
    ["index.html", "articles/airports.html", "glossary.html", "quizzes/index.html"]
    + [f"quizzes/{b}.html" for b in BANKS]
    + [f"sheets/{b}{kind}.html" for b in BANKS for kind in ("", "-key")]
)

ANSWER_ALL = """() => {
  document.querySelectorAll('.qg-q').forEach((q, n) => {
    const boxes = q.querySelectorAll('.qg-choice input');
    if (boxes.length) boxes[n % boxes.length].checked = true;
    const text = q.querySelector('.qg-input');
    if (text) text.value = n % 2 ? '1' : 'not a number';
    q.querySelectorAll('select').forEach((s, k) => { s.selectedIndex = 1 + ((n + k) % (s.options.length - 1)); });
    q.querySelector('.qg-check').click();
  });
  return [...document.querySelectorAll('.qg-q')].map((q) => q.className);
}"""


def scheme_of(page: Page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


@pytest.fixture(scope="module")
def palette_pages(browser: Browser, axe_js: Path) -> Iterator[tuple[dict[str, Page], list[str]]]:
    """A light and a dark page, each in its own context (Material remembers the palette it chose),
    with axe-core loaded into every document, and the errors they log."""
    errors: list[str] = []
    pages = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})  # type: ignore[arg-type]
        context.add_init_script(path=str(axe_js))
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda exc, page=page: errors.append(f"{page.url}: uncaught: {exc}"))
        page.on(
            "console",
            lambda msg, page=page: (
                errors.append(f"{page.url}: console.{msg.type}: {msg.text}") if msg.type == "error" else None
            ),
        )
        pages[scheme] = page
    yield pages, errors
    for page in pages.values():
        page.context.close()


@pytest.fixture
def palettes(palette_pages: tuple[dict[str, Page], list[str]]) -> Iterator[dict[str, Page]]:
    """The light and the dark page; the test fails if either logs an error meanwhile."""
    pages, errors = palette_pages
    errors.clear()
    yield pages
    assert not errors, "errors in the browser:\n" + "\n".join(errors)


def audit(pages: dict[str, Page], url: str, axe_js: Path, *, answer: bool) -> str:
    """axe violations (as text) in light and dark palette, optionally also after checking every question.

    The light and the dark page are audited at the same time (two renderer processes).
    """
    for (scheme, page), material in zip(pages.items(), ("default", "slate"), strict=True):
        page.goto(url)
        assert scheme_of(page) == material, f"{url}: the {scheme} palette was not applied"
    problems = []
    for state in ("as loaded", "checked") if answer else ("as loaded",):
        if state == "checked":
            for page in pages.values():
                states = page.evaluate(ANSWER_ALL)
                assert states and all(re.search(r"qg-(right|wrong|partial)", s) for s in states), states
                expect(page.locator(".qg-feedback:visible").first).to_be_visible()
        # Checking only adds to what is visible, so colours are audited once, on the checked page.
        options = {"rules": {"color-contrast": {"enabled": False}}} if answer and state == "as loaded" else None
        for page in pages.values():
            axe_start(page, axe_js, options=options)
        for scheme, page in pages.items():
            violations = axe_result(page)
            if violations:
                problems.append(f"{url} ({scheme}, {state}):\n{format_violations(violations)}")
    return "\n".join(problems)


@pytest.mark.parametrize("path", REPO_PAGES)
def test_axe_repository_site(palettes: dict[str, Page], repo_site: str, axe_js: Path, path: str) -> None:
    problems = audit(palettes, repo_site + path, axe_js, answer=path.startswith("quizzes/") and "index" not in path)
    assert not problems, problems


def test_axe_every_question_type_checked(palettes: dict[str, Page], quiz_site: str, axe_js: Path) -> None:
    """The fixture bank has every question type, so every kind of mark and feedback is audited."""
    problems = audit(palettes, quiz_site + "quizzes/all-types/", axe_js, answer=True)
    assert not problems, problems


def test_axe_article_with_highlighted_evidence(palettes: dict[str, Page], repo_site: str, axe_js: Path) -> None:
    page = palettes["light"]
    page.goto(repo_site + "quizzes/events.html")
    href = page.locator(".qg-evidence a").first.evaluate("a => a.href")
    assert href.startswith(repo_site + "articles/airports.html?hl="), href
    problems = audit(palettes, href, axe_js, answer=False)
    for page in palettes.values():
        expect(page.locator("mark.qg-hl")).to_have_count(1)
    assert not problems, problems


def after_content(page: Page, selector: str) -> dict[str, str]:
    return page.evaluate(
        """(sel) => { const s = getComputedStyle(document.querySelector(sel), '::after');
        return {content: s.content, display: s.display}; }""",
        selector,
    )


@pytest.mark.engine
def test_glossary_tooltip_on_hover_and_focus(watched_page: Page, quiz_site: str) -> None:
    page = watched_page
    page.goto(quiz_site + "article/")
    term = page.locator(".qg-ptext .qg-term").first
    expect(term).to_be_visible()
    tip = term.get_attribute("data-qg-tip")
    assert tip and term.get_attribute("aria-description") == tip
    assert "Tehrik-e-Taliban Pakistan" in tip
    term.evaluate("t => t.id = 'qg-test-term'")
    sel = "#qg-test-term"
    shown = json.dumps(tip, ensure_ascii=False)
    assert after_content(page, sel)["content"] == "none"

    term.hover()
    assert after_content(page, sel)["content"] == shown
    page.keyboard.press("Escape")
    assert after_content(page, sel)["display"] == "none", "Escape must hide the tooltip"
    page.mouse.move(5, 5)  # away from the term
    assert after_content(page, sel)["content"] == "none"

    # Keyboard: the term is a link, so Tab reaches it and focus shows the same text.
    page.locator("#p1 .qg-pnum").focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "qg-test-term":
            break
    else:
        raise AssertionError("Tab never reached the glossary term")
    style = after_content(page, sel)
    assert style["content"] == shown and style["display"] != "none"
    page.keyboard.press("Escape")
    assert after_content(page, sel)["display"] == "none", "Escape must hide the tooltip"
    expect(term).to_be_focused()

    # On a phone the tip is a panel along the bottom of the screen, so it is never cut off.
    page.set_viewport_size({"width": 360, "height": 800})
    page.mouse.move(5, 5)
    term.hover()
    position = page.evaluate("(sel) => getComputedStyle(document.querySelector(sel), '::after').position", sel)
    assert after_content(page, sel)["content"] == shown and position == "fixed"
