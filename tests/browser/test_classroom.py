"""The rough edges a first classroom trial met, tried as new users would, each in Chromium or on paper.

The course is the fixture banks, a longer bank (twelve questions, long options and ordering
items), the repository's glossary, Material's back-to-top button and a menu that does not
list the quizzes alphabetically (``classroom_site`` in conftest.py).
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.conftest import (
    CLASSROOM,
    PageErrors,
    axe_result,
    axe_start,
    format_violations,
    write_classroom_project,
)
from tests.browser.test_print import flat, need, pdf_text
from tests.conftest import quizgen

QUIZ = "quizzes/all-types.html"
LONG = "quizzes/long.html"


@pytest.fixture
def new_page(browser: Browser, page_errors: PageErrors) -> Iterator[Any]:
    """``new_page(width, scheme="light", touch=False)``: a page in a fresh context, watched for errors."""
    contexts: list[BrowserContext] = []

    def make(width: int = 1280, scheme: str = "light", *, touch: bool = False) -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": 800},
            color_scheme=scheme,  # type: ignore[arg-type]
            has_touch=touch,
            is_mobile=touch,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page_errors.watch(page)

    yield make
    for context in contexts:
        context.close()


def check(page: Page, qid: str) -> None:
    page.locator(f"#q-{qid} .qg-check").click()


# -- Check, Retry, Reset and Undo keep their contrast when focused and hovered ---------------------

CONTRAST = {"runOnly": {"type": "rule", "values": ["color-contrast"]}}


def contrast_problems(page: Page, axe_js: Path, button: Any, state: str) -> str:
    page.evaluate("() => document.querySelectorAll('[data-qg-axe]').forEach((e) => e.removeAttribute('data-qg-axe'))")
    button.evaluate("b => b.setAttribute('data-qg-axe', '')")
    if state == "focused":
        page.mouse.move(1, 1)
        button.focus()
    else:
        button.hover()
    page.wait_for_timeout(300)  # Material fades colours in over 125 ms
    axe_start(page, axe_js, ("[data-qg-axe]",), CONTRAST)
    violations = axe_result(page)
    return f"{button.inner_text()!r} {state}:\n{format_violations(violations)}" if violations else ""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_buttons_stay_readable_focused_and_hovered(
    new_page: Any, classroom_site: Any, axe_js: Path, scheme: str
) -> None:
    page = new_page(1280, scheme)
    page.goto(classroom_site() + QUIZ)
    problems = []
    buttons = [page.locator("#q-t-single .qg-check"), page.locator(".qg-retry"), page.locator(".qg-reset")]
    for button in buttons:
        for state in ("focused", "hovered"):
            problems.append(contrast_problems(page, axe_js, button, state))
    # After feedback, and with the Undo button that Reset leaves.
    page.locator('#q-t-single input[value="b"]').check()
    check(page, "t-single")
    page.locator(".qg-reset").click()
    after = [page.locator("#q-t-single .qg-check"), page.locator(".qg-up").first, page.locator(".qg-reset")]
    if page.locator(".qg-undo").is_visible():
        after.append(page.locator(".qg-undo"))
    for button in after:
        for state in ("focused", "hovered"):
            problems.append(contrast_problems(page, axe_js, button, state))
    # Every rule, on all of quizgen's parts, with a button focused.
    page.locator(".qg-reset").focus()
    page.wait_for_timeout(300)
    axe_start(page, axe_js)
    violations = axe_result(page)
    problems.append(format_violations(violations) if violations else "")
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)


# -- Reset is one key press: it can be undone ------------------------------------------------------


def test_reset_can_be_undone(new_page: Any, classroom_site: Any) -> None:
    page = new_page()
    page.goto(classroom_site() + QUIZ)
    page.locator('#q-t-single input[value="a"]').check()
    check(page, "t-single")
    page.locator("#q-t-fill input").fill("Bacha Khan")
    page.locator("#q-t-fill input").press("Enter")
    expect(page.locator(".qg-score")).to_have_text("Score: 2 of 7 · 2 answered")

    page.locator(".qg-reset").press("Enter")  # one key press
    expect(page.locator(".qg-score")).to_have_text("Score: 0 of 7 · 0 answered")
    expect(page.locator(".qg-undo-box")).to_contain_text("All 2 answers cleared.")
    expect(page.locator(".qg-undo")).to_be_focused()

    page.keyboard.press("Enter")  # the same key again brings them back
    expect(page.locator(".qg-score")).to_have_text("Score: 2 of 7 · 2 answered")
    expect(page.locator("#q-t-single .qg-result")).to_have_text("✓ Correct.")
    expect(page.locator("#q-t-fill input")).to_have_value("Bacha Khan")
    expect(page.locator(".qg-undo")).to_be_hidden()
    expect(page.locator(".qg-undo-box")).to_contain_text("Your answers are back.")
    page.reload()
    expect(page.locator(".qg-score")).to_have_text("Score: 2 of 7 · 2 answered")

    # Once the student answers again, the old answers are gone for good.
    page.locator(".qg-reset").click()
    page.locator('#q-t-truefalse input[value="false"]').check()
    expect(page.locator(".qg-undo")).to_be_hidden()


# -- On a phone, a tap on a glossary term shows its definition -----------------------------------


def tip_of(page: Page, term: Any) -> dict[str, str]:
    return term.evaluate(
        "t => { const s = getComputedStyle(t, '::after'); return {content: s.content, position: s.position}; }"
    )


def test_a_tap_on_a_term_shows_its_definition_on_a_phone(new_page: Any, classroom_site: Any) -> None:
    page = new_page(360, touch=True)
    url = classroom_site() + "articles/000-987c6cd902e74af3.html"
    page.goto(url)
    term = page.locator(".qg-ptext .qg-term").first
    term.scroll_into_view_if_needed()
    term.tap()
    page.wait_for_timeout(300)
    assert page.url == url, "the first tap left the page"
    shown = tip_of(page, term)
    assert shown["content"].strip('"') == term.get_attribute("data-qg-tip") and shown["position"] == "fixed", shown
    page.locator("h1").tap()  # anywhere else closes it
    assert tip_of(page, term)["content"] == "none"
    term.tap()
    term.tap()  # the second tap on an open tip follows the link
    page.wait_for_url("**/glossary.html#*")


def test_tooltips_say_each_thing_once(new_page: Any, classroom_site: Any) -> None:
    """A gloss the definition already says ("city in north-west Pakistan") is not said twice."""
    page = new_page()
    page.goto(classroom_site() + "articles/000-987c6cd902e74af3.html")
    tips = page.locator(".qg-term").evaluate_all("ts => ts.map(t => [t.textContent, t.dataset.qgTip])")
    assert tips
    glossary = {t["term"].casefold(): t for t in yaml.safe_load((CLASSROOM / "glossary.yml").read_text())["terms"]}
    for found, tip in tips:
        head, _, rest = tip.partition(": ")
        words = set(re.findall(r"[\w-]{4,}", head.casefold()))
        assert not rest or not words <= set(re.findall(r"[\w-]{4,}", rest.casefold())), f"{found}: {tip}"
    peshawar = dict(tips)["Peshawar"]
    assert peshawar == glossary["peshawar"]["definition"], peshawar
    fata = dict(tips)["FATA"]
    assert fata.startswith("Federally Administered Tribal Areas: A group of tribal districts"), fata


# -- At 360 px: the chosen match reads in full; the answer is one pair a line; no button over the text


def test_a_chosen_match_reads_in_full_on_a_phone(new_page: Any, classroom_site: Any) -> None:
    page = new_page(360)
    page.goto(classroom_site() + LONG)
    pairs = page.locator("#q-l-people .qg-pair")
    for pair in pairs.all():
        pair.locator("select").select_option(index=3)  # the longest options
    cut = page.evaluate(
        """() => [...document.querySelectorAll('#q-l-people .qg-pair')].map((p) => {
      const s = p.querySelector('select'), st = getComputedStyle(s), text = s.options[s.selectedIndex].text;
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
      const room = s.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - 20;  // the arrow
      const chosen = p.querySelector('.qg-chosen'), r = chosen && chosen.getBoundingClientRect();
      const shown = chosen && chosen.offsetParent !== null && chosen.textContent === text
        && chosen.scrollWidth <= chosen.clientWidth + 1 && r.right <= innerWidth;
      return ctx.measureText(text).width <= room || shown ? null : text;
    }).filter(Boolean)"""
    )
    assert cut == [], f"cut off at 360 px: {cut}"


def test_the_matching_answer_is_one_pair_a_line(new_page: Any, classroom_site: Any) -> None:
    page = new_page(360)
    page.goto(classroom_site() + QUIZ)
    q = page.locator("#q-t-matching")
    q.locator("select").first.select_option(index=1)
    check(page, "t-matching")
    rows = q.locator(".qg-answer-text li")
    expect(rows).to_have_count(3)
    for row in rows.all():
        assert re.fullmatch(r"[^;]+ → [^;]+", row.inner_text().strip()), row.inner_text()
    # In the answer key, every question with several right answers has one a line too.
    page.goto(classroom_site() + "sheets/all-types-key.html")
    text = page.locator(".qg-sheet").inner_text()
    assert ".;" not in text and "; B." not in text
    expect(page.locator(".qg-sheet .qg-answer-choices li")).to_have_count(2)


def boxes_overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("width", [1280, 960, 360])
def test_the_back_to_top_button_never_covers_a_question(new_page: Any, classroom_site: Any, width: int) -> None:
    page = new_page(width)
    page.goto(classroom_site() + LONG)
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(400)
    page.mouse.wheel(0, -400)  # scrolling up is when Material shows the button
    page.wait_for_timeout(600)
    top = page.locator(".md-top:not([hidden])")
    if width >= 960:  # waited for: on a loaded machine Material may show it after the wait above
        expect(top, "the back-to-top button should be there, beside the questions").to_be_visible()
    elif not top.is_visible():
        return
    box = top.bounding_box()
    assert box
    covered = [q.get_attribute("id") for q in page.locator(".qg-q").all() if boxes_overlap(box, q.bounding_box() or {})]
    assert not covered, f"the back-to-top button covers {covered} at {width} px"


# -- "Try the wrong ones again" keeps the right rows of a partly right answer ------------------------


def test_trying_again_keeps_the_right_rows(new_page: Any, classroom_site: Any) -> None:
    page = new_page()
    page.goto(classroom_site() + QUIZ)
    q = page.locator("#q-t-matching")
    q.locator(".qg-pair", has_text="Imran Khan").locator("select").select_option(
        label="Leader of the Movement for Justice party"
    )
    q.locator(".qg-pair", has_text="Nawaz Sharif").locator("select").select_option(label="Leader of the TTP")
    check(page, "t-matching")
    expect(q.locator(".qg-result")).to_have_text("◐ Partly right: 1 of 3 in the right place.")
    page.locator(".qg-retry").click()
    values = q.locator("select").evaluate_all("ss => ss.map(s => s.options[s.selectedIndex].text)")
    assert values == ["Choose…", "Leader of the Movement for Justice party", "Choose…"], values
    expect(q.locator(".qg-result")).to_have_text("")
    assert page.evaluate("document.activeElement.closest('.qg-pair').textContent").startswith("Ikram Sehgal")
    page.reload()  # kept in storage too, unchecked
    values = q.locator("select").evaluate_all("ss => ss.map(s => s.options[s.selectedIndex].text)")
    assert values[1] == "Leader of the Movement for Justice party" and values[0] == values[2] == "Choose…"


# -- The quizzes table lists the quizzes in the menu's order -------------------------------------------


def test_the_quizzes_table_follows_the_menu(new_page: Any, classroom_site: Any) -> None:
    page = new_page()
    for path in ("quizzes/index.html", "index.html"):
        page.goto(classroom_site() + path)
        rows = page.locator("[data-qg-progress] tr[data-qg-bank]").evaluate_all("rs => rs.map(r => r.dataset.qgBank)")
        assert rows == ["shuffled", "long", "all-types"], (path, rows)
        menu = page.locator(".md-sidebar--primary .md-nav__link[href*='quizzes/']").evaluate_all(
            "ls => ls.map(l => l.getAttribute('href').replace(/^.*quizzes\\//, '').replace('.html', ''))"
        )
        assert [m for m in menu if m in rows] == rows, menu


# -- Printing a checked quiz page prints the chosen matches and what each mark says --------------------


def test_printing_a_checked_quiz_keeps_the_chosen_matches_and_their_marks(
    new_page: Any, classroom_site: Any, tmp_path: Path
) -> None:
    need("pdftotext")
    page = new_page()
    page.goto(classroom_site() + QUIZ)
    q = page.locator("#q-t-matching")
    q.locator(".qg-pair", has_text="Ikram Sehgal").locator("select").select_option(
        label="Defense analyst and security adviser"
    )
    q.locator(".qg-pair", has_text="Nawaz Sharif").locator("select").select_option(label="Leader of the TTP")
    check(page, "t-matching")
    page.locator('#q-t-single input[value="b"]').check()
    check(page, "t-single")
    pdf = tmp_path / "quiz.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = flat(pdf_text(pdf))
    assert "Defense analyst and security adviser ✓ right" in text, text
    assert "Leader of the TTP ✗ wrong" in text, text
    assert "At Jinnah International Airport in Karachi ✗ wrong" in text
    assert "✗ Not quite" not in text and "Check" not in text


# -- Paper: numbers whole, pages numbered, no margin that is not there, wrapped items indented, terms kept
# -- with their definitions


@pytest.fixture(scope="module")
def classroom_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need("chromium", "pdftotext", "pdfinfo")
    project = write_classroom_project(tmp_path_factory.mktemp("classroom-paper"))
    out = project / "pdf"
    result = quizgen("sheets", "--pdf", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    return out


def words_on_pages(pdf: Path) -> list[list[tuple[float, float, float, str]]]:
    """Each page's words with their box (xMin, yMin, xMax), from pdftotext -bbox."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in boxes.split("<page ")[1:]:
        pages.append(
            [
                (float(a), float(b), float(c), html.unescape(w))
                for a, b, c, w in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page
                )
            ]
        )
    return pages


def test_two_digit_question_numbers_print_whole(classroom_pdfs: Path) -> None:
    """The numbers of a list hang left of its text: past the page's margin, paper cuts them ("l0.")."""
    margin = 15 / 25.4 * 72  # print.html: @page margin 15 mm at the sides
    for name in ("long-sheet.pdf", "long-key.pdf"):
        numbers = [w for page in words_on_pages(classroom_pdfs / name) for w in page if re.fullmatch(r"\d+\.", w[3])]
        assert {"10.", "11.", "12."} <= {w[3] for w in numbers}, name
        cut = [w[3] for w in numbers if w[0] < margin - 0.5]
        assert not cut, f"{name}: cut off at the margin: {cut}"


def test_every_printed_page_is_numbered(classroom_pdfs: Path) -> None:
    for pdf in sorted(classroom_pdfs.glob("*.pdf")):
        pages = words_on_pages(pdf)
        for k, words in enumerate(pages, 1):
            assert f"Page {k} of {len(pages)}" in " ".join(w[3] for w in words), f"{pdf.name}, page {k}"


def test_the_sheet_speaks_of_no_margin_numbers(classroom_pdfs: Path) -> None:
    sheet = flat(pdf_text(classroom_pdfs / "long-sheet.pdf"))
    assert "margin" not in sheet
    assert "its paragraphs are numbered, and the answer key cites those numbers" in sheet


def test_a_wrapped_ordering_item_keeps_its_indent(classroom_pdfs: Path) -> None:
    lines = subprocess.run(
        ["pdftotext", "-bbox-layout", str(classroom_pdfs / "long-sheet.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    starts = []
    for line in re.findall(r"<line xMin=\"([\d.]+)\"[^>]*>(.*?)</line>", lines, re.S):
        first = re.search(r">([^<]*)</word>", line[1])
        starts.append((float(line[0]), first.group(1) if first else ""))
    for k, (x, word) in enumerate(starts):
        if word == "Drone":  # "Drone attacks and fighting drive ...", long enough to wrap
            assert abs(starts[k + 1][0] - x) < 1.5, f"the second line starts at {starts[k + 1][0]}, the first at {x}"
            break
    else:
        raise AssertionError("the ordering item is not on the sheet")


def test_the_glossary_keeps_each_term_with_its_definition(classroom_pdfs: Path) -> None:
    pages = [flat(" ".join(w[3] for w in words)) for words in words_on_pages(classroom_pdfs / "glossary.pdf")]
    assert len(pages) > 1, "a glossary of one page says nothing about page breaks"
    terms = yaml.safe_load((CLASSROOM / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    split = []
    for t in terms:
        head = flat(
            f"{t['term']} ({t['expansion']})" if t["expansion"].casefold() != t["term"].casefold() else t["term"]
        )
        definition = flat(" ".join(t["definition"].split()[:4]))
        where = [k for k, text in enumerate(pages) if head in text]
        if not where or definition not in pages[where[0]]:
            split.append(t["term"])
    assert not split, f"a term at the foot of a page, its definition on the next: {split}"
