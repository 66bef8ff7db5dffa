"""The class's language in Chromium: a French and an Urdu site show no English quizgen word,
and the Urdu pages, quiz, article, glossary and printed sheet, read from right to left.

The words looked for are the catalog's own English (quizgen/locale/quizgen.pot), wherever
quizgen writes them: its pages, its buttons, what the script says after each action, the
marks' labels that the stylesheet shows, labels for screen readers and page titles. Bank text
(a prompt, a choice, an explanation) is in the author's language and is left out: the
elements that show it are listed in BANK_TEXT.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from quizgen import i18n
from tests.browser.conftest import site_pages, write_classroom_project
from tests.browser.test_print import need
from tests.conftest import REPO, quizgen

QUIZ = "quizzes/all-types.html"
NUMBERS = {"n", "num", "count", "right", "total", "done", "pos", "page", "pages", "score", "percent", "version"}
NUMBER = r"[\dA-Z][\d.,]*%?"

# The elements that show bank text: dir="auto" where it may run against the page, and on a
# quiz, the places that leave it out where the text runs the quiz's way (text.dir_auto).
BANK_TEXT = ", ".join(
    [
        "[dir=auto]",
        ".qg-prompt > span:not(.qg-num)",
        ".qg-quiz .qg-text",
        ".qg-choice-fb",
        ".qg-fb-right",
        ".qg-fb-wrong",
        ".qg-explanation > span",
        ".qg-evidence > p:first-child",
        ".qg-description",
        ".qg-left",
        "option:not([value=''])",
    ]
)
# quizgen's words on a page, outside bank text: text, the marks' ::after, labels and titles.
UI_TEXT = """() => {
  const BANK_TEXT = BANK_TEXT_JSON;
  const parts = [document.title];
  const boxes = document.querySelectorAll('.qg-quiz, .qg-article, .qg-glossary, .qg-progress, .qg-sheet, .qg-problems');
  const skip = (n) => n.parentElement.closest(BANK_TEXT + ', .qg-tag, script, template, code, h1');
  for (const box of boxes) {
    const walk = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let n; (n = walk.nextNode()); ) if (!skip(n) && n.nodeValue.trim()) parts.push(n.nodeValue);
    for (const el of box.querySelectorAll('*')) {
      for (const a of ['aria-label', 'title', 'placeholder', 'data-qg-mark']) {
        if (el.hasAttribute(a)) parts.push(el.getAttribute(a));
      }
      const after = getComputedStyle(el, '::after').content;
      if (after && after !== 'none' && !el.matches('.qg-term')) parts.push(after);
    }
  }
  return parts.join('\\n');
}""".replace("BANK_TEXT_JSON", json.dumps(BANK_TEXT))


def english_words(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """Each English msgid that the language translates differently, as a pattern to look for."""
    with (REPO / "quizgen/locale" / language / "LC_MESSAGES/quizgen.po").open("rb") as handle:
        catalog = read_po(handle)
    out = []
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for english in ids:
            if english in strings:
                continue  # the same word in both ("Date", "Quiz")
            body = ""
            for k, part in enumerate(re.split(r"%\((\w+)\)[sd]|\{(\w+)\}", english)):
                if k % 3 == 0:
                    body += re.escape(part)
                elif part:  # a placeholder: a number, or any text
                    body += NUMBER if part in NUMBERS else r".+?"
            edge = r"(?<![\w])" if english[:1].isalnum() else ""
            end = r"(?![\w])" if english[-1:].isalnum() else ""
            out.append((english, re.compile(edge + body + end)))
    return out


def english_in(text: str, words: list[tuple[str, re.Pattern[str]]]) -> list[str]:
    return sorted({english for english, pattern in words if pattern.search(text)})


def act_on_the_quiz(page: Page) -> list[str]:
    """Every state the script writes words in: checked right, wrong and partly right, a move, Reset, Undo."""
    said: list[str] = []
    q = lambda qid: page.locator(f"#q-{qid}")  # noqa: E731
    q("t-single").locator(".qg-check").click()  # no answer yet
    said.append(q("t-single").locator(".qg-result").inner_text())
    q("t-single").locator('input[value="b"]').check()
    q("t-multiple").locator('input[value="a"]').check()
    q("t-truefalse").locator('input[value="false"]').check()
    q("t-fill").locator("input").fill("Bacha Khan")
    q("t-numeric").locator("input").fill("many")
    q("t-matching").locator("select").first.select_option(index=1)
    first = q("t-ordering").locator(".qg-item").first
    first.locator(".qg-up").click()  # already first
    said.append(q("t-ordering").locator(".qg-result").inner_text())
    first.locator(".qg-down").click()
    said.append(q("t-ordering").locator(".qg-result").inner_text())
    for button in page.locator(".qg-check").all():
        button.click()
    said += page.locator(".qg-result").all_inner_texts()
    said.append(page.locator(".qg-score").inner_text())
    return said


@pytest.mark.parametrize("language", ["fr", "ur"])
def test_no_english_quizgen_word_on_the_site(watched_page: Page, classroom_site: Any, language: str) -> None:
    page = watched_page
    site = classroom_site(language)
    words = english_words(language)
    found: dict[str, list[str]] = {}
    for url in site_pages(page, site):
        page.goto(url)
        text = page.evaluate(UI_TEXT)
        if url.endswith(QUIZ):
            said = act_on_the_quiz(page)
            text += "\n" + "\n".join(said) + "\n" + page.evaluate(UI_TEXT)
            page.locator(".qg-retry").click()
            page.locator(".qg-reset").click()
            text += "\n" + page.locator(".qg-undo-box").inner_text() + "\n" + page.evaluate(UI_TEXT)
            page.locator(".qg-undo").click()
            text += "\n" + page.locator(".qg-undo-box").inner_text()
            assert page.locator(".qg-result").all_inner_texts() != [""] * 7
        if english := english_in(text, words):
            found[url] = english
    assert not found, f"English on the {language} site:\n" + "\n".join(f"{u}: {w}" for u, w in found.items())
    # The progress table, filled in by the script from what the quiz page saved.
    page.goto(site + "quizzes/index.html")
    row = page.locator('tr[data-qg-bank="all-types"] .qg-progress-text').inner_text()
    assert row and not english_in(row, words), row


def box(page: Page, selector: str) -> dict[str, float]:
    b = page.locator(selector).first.bounding_box()
    assert b, selector
    return b


def test_urdu_pages_read_right_to_left(watched_page: Page, classroom_site: Any) -> None:
    page = watched_page
    site = classroom_site("ur")
    page.goto(site + QUIZ)
    assert page.evaluate("[document.documentElement.lang, document.body.dir]") == ["ur", "rtl"]  # Material's
    assert page.evaluate("getComputedStyle(document.querySelector('.qg-quiz')).direction") == "rtl"
    # The question's number starts the line on the right; its Check button sits on the right too.
    num, prompt = box(page, "#q-t-single .qg-num"), box(page, "#q-t-single .qg-prompt span[dir=auto]")
    assert num["x"] >= prompt["x"] + prompt["width"] - 1, (num, prompt)
    fieldset, check = box(page, "#q-t-single fieldset"), box(page, "#q-t-single .qg-check")
    assert abs((fieldset["x"] + fieldset["width"]) - (check["x"] + check["width"])) < 4, (fieldset, check)
    # Choices: the radio button on the right of its text; ordering: the arrows at the left end.
    radio, text = box(page, "#q-t-single .qg-choice input"), box(page, "#q-t-single .qg-choice .qg-text")
    assert radio["x"] > text["x"] + text["width"] - 1
    item, arrows = box(page, "#q-t-ordering .qg-item .qg-text"), box(page, "#q-t-ordering .qg-move")
    assert arrows["x"] + arrows["width"] <= item["x"] + 1
    # After a wrong answer, the mark's label is at the left end of the row, its arrow pointing back at it.
    page.locator('#q-t-single input[value="b"]').check()
    page.locator("#q-t-single .qg-check").click()
    mark = page.locator('#q-t-single .qg-choice[data-qg-key="a"]').get_attribute("data-qg-mark")
    assert mark and mark.startswith("→"), mark
    # The feedback's bar and the glossary's indent are on the right.
    border = page.evaluate("getComputedStyle(document.querySelector('#q-t-single .qg-feedback')).borderRightWidth")
    assert border != "0px"

    page.goto(site + "articles/000-987c6cd902e74af3.html")
    pnum, para = box(page, "#p1 .qg-pnum"), box(page, "#p1")
    assert abs(pnum["x"] + pnum["width"] - (para["x"] + para["width"])) < 2, (pnum, para)  # first, on the right
    assert page.evaluate("getComputedStyle(document.querySelector('#p1 .qg-pnum')).textAlign") in ("end", "right")

    page.goto(site + "glossary.html")
    dt, dd = box(page, ".qg-glossary dt"), box(page, ".qg-glossary dd")
    assert dd["x"] + dd["width"] < dt["x"] + dt["width"] - 4, (dt, dd)  # indented from the right

    page.goto(site + "sheets/all-types.html")
    expect(page.locator(".qg-sheet")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.qg-sheet')).direction") == "rtl"


def test_an_urdu_sheet_prints_right_to_left(tmp_path: Path) -> None:
    need("chromium", "pdftotext")
    project = write_classroom_project(tmp_path / "ur", "ur")
    result = quizgen("sheets", "--pdf", str(tmp_path / "pdf"), "--html", str(tmp_path / "html"), cwd=project)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "long-sheet.html").read_text(encoding="utf-8")
    assert '<html lang="ur" dir="rtl">' in html
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(tmp_path / "pdf" / "long-sheet.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = [
        (float(x0), float(x1), w)
        for x0, x1, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', boxes
        )
    ]
    first = next(k for k, w in enumerate(words) if w[2] == "The")  # "The plane in Peshawar was fired upon..."
    number = next(w for w in words if re.fullmatch(r"\.?1\.?", w[2]))
    assert number[0] > words[first][1], "the question's number is on the right of its text"
    with i18n.using("ur"):
        page_word = i18n.gettext("Page {page} of {pages}").split()[0]  # "صفحہ"
    assert f'content: "{page_word} " counter(page)' in html, "pages numbered in Urdu"
