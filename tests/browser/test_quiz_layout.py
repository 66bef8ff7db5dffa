"""Layout on a wide and a phone-sized screen, screenshots for review, and pages free of errors.

Screenshots go to the artifacts folder (test-results/ unless QG_ARTIFACTS says otherwise):
a checked quiz with every question type and the article, at 1280 and 360 px wide.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import PageErrors, site_pages

# Answers that give a mix of right, wrong and partly right results on the fixture bank.
ANSWER_MIX = """() => {
  const q = (id) => document.getElementById('q-' + id);
  const tick = (id, ...keys) => keys.forEach((k) => { q(id).querySelector(`input[value="${k}"]`).checked = true; });
  tick('t-single', 'b'); tick('t-multiple', 'a'); tick('t-truefalse', 'false');
  q('t-fill').querySelector('input').value = 'Bacha Khan';
  q('t-numeric').querySelector('input').value = '25';
  q('t-matching').querySelectorAll('select').forEach((s, i) => { s.selectedIndex = i + 1; });
  document.querySelectorAll('.qg-check').forEach((b) => b.click());
  window.scrollTo(0, 0);
}"""

# Elements inside quizgen's components that stick out to the right of their component.
OVERFLOW = """() => {
  const out = [];
  for (const box of document.querySelectorAll('.qg-quiz, .qg-article, .qg-glossary, .qg-progress, .qg-sheet')) {
    if (box.scrollWidth > box.clientWidth) out.push(`${box.className}: ${box.scrollWidth} > ${box.clientWidth}`);
    const right = box.getBoundingClientRect().right + 1;
    for (const el of box.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > right) out.push(`${el.tagName}.${el.className}: right ${r.right} > ${right}`);
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth) out.push('the page scrolls sideways');
  return out;
}"""


@pytest.fixture
def sized_page(browser: Browser, page_errors: PageErrors) -> Iterator[Any]:
    contexts: list[BrowserContext] = []

    def new_page(width: int, scheme: str = "light") -> Page:
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)  # type: ignore[arg-type]
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page_errors.watch(page)

    yield new_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (360, "light"), (360, "dark")])
def test_checked_quiz_and_article(sized_page: Any, quiz_site: str, artifacts: Path, width: int, scheme: str) -> None:
    page = sized_page(width, scheme)
    page.goto(quiz_site + "quizzes/all-types/")
    page.evaluate(ANSWER_MIX)
    expect(page.locator(".qg-q.qg-right")).not_to_have_count(0)
    expect(page.locator(".qg-q.qg-wrong")).not_to_have_count(0)
    expect(page.locator(".qg-q.qg-partial")).not_to_have_count(0)
    assert page.evaluate(OVERFLOW) == []
    quiz = page.locator(".qg-quiz")
    assert quiz.evaluate("q => q.scrollWidth <= q.clientWidth")

    # Touch targets: every quiz button is at least 24 px square (WCAG 2.5.8), the arrows 44 px;
    # the Check button is compact, not a banner.
    for button in page.locator(".qg-quiz button:visible").all():  # Undo shows only after Reset
        box = button.bounding_box()
        assert box and box["width"] >= 24 and box["height"] >= 24, (button.inner_text(), box)
    for arrow in page.locator(".qg-move button").all():
        box = arrow.bounding_box()
        assert box and box["width"] >= 43.5 and box["height"] >= 43.5, box
    check = page.locator("#q-t-single .qg-check").bounding_box()
    assert check and 32 <= check["height"] <= 48 and check["width"] <= 140, check
    # The result sits beside the Check button when there is room for it.
    if width >= 1280:
        result = page.locator("#q-t-single .qg-result").bounding_box()
        assert result and abs((result["y"] + result["height"] / 2) - (check["y"] + check["height"] / 2)) < 8

    page.screenshot(path=str(artifacts / f"quiz-checked-{width}-{scheme}.png"), full_page=True)
    page.goto(quiz_site + "article/")
    assert page.evaluate(OVERFLOW) == []
    page.screenshot(path=str(artifacts / f"article-{width}-{scheme}.png"), full_page=True)


@pytest.mark.parametrize("site", ["quiz_site", "repo_site"])
def test_every_page_at_phone_width_without_errors(sized_page: Any, request: pytest.FixtureRequest, site: str) -> None:
    """Every page of the site loads without a script or console error and nothing sticks out at 360 px."""
    page = sized_page(360)
    urls = site_pages(page, request.getfixturevalue(site))
    assert len(urls) >= 9, urls
    for url in urls:
        page.goto(url)
        overflow = page.evaluate(OVERFLOW)
        assert overflow == [], f"{url}:\n" + "\n".join(overflow)
