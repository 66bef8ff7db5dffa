"""Graded quizzes in Chromium: the receipt made in the browser, graded by `quizgen grade`.

The receipt's code is written by the browser's encoder (assets/receipt/receipt.js) and read
by the Python decoder (quizgen/receipts.py); its QR code is read back by zxing-cpp, as a
phone would, and compared module by module with the symbol segno makes for the same text.
Also: the graders of both languages on one table of cases, a reload, the keyboard alone,
a 360 px screen, one printed sheet, and a copy of the site opened from file:// offline.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from quizgen import receipts
from tests.browser.conftest import PageErrors, axe_violations, format_violations, serve_built
from tests.conftest import GOOD_BANK, quizgen
from tests.test_graded import EXAM, GRADING, graded_project

segno = pytest.importorskip("segno")
zxingcpp = pytest.importorskip("zxingcpp")


@dataclass(frozen=True)
class Site:
    url: str
    project: Path
    folder: Path


@pytest.fixture(scope="session")
def graded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The graded fixture bank and a practice bank, answer keys for the teacher only, served."""
    project = graded_project(
        tmp_path_factory.mktemp("graded-project") / "p",
        {"exam.yml": EXAM, "events.yml": GOOD_BANK},
        options="      answer_keys: teacher\n",
    )
    folder = tmp_path_factory.mktemp("graded-site")
    served = serve_built(project, folder)
    url = next(served)
    yield Site(url, project, folder)
    with contextlib.suppress(StopIteration):
        next(served)


@pytest.fixture
def exam(watched_page: Page, graded_site: Site) -> Page:
    watched_page.goto(graded_site.url + "quizzes/exam.html")
    expect(watched_page.locator(".qg-quiz[data-qg-receipt]")).to_have_count(1)
    return watched_page


def q(page: Page, qid: str) -> Any:
    return page.locator(f"#q-{qid}")


def answer_everything(page: Page) -> None:
    """Answers worth 1 + 0.5 + 1 + 1 + 2/3 + 1 + 1, given with the mouse."""
    q(page, "g-single").get_by_label("Peshawar").check()
    q(page, "g-multiple").get_by_label("Air operations in North Waziristan").check()
    q(page, "g-truefalse").get_by_label("False").check()
    q(page, "g-fill").locator("input").fill("Bacha Khan")
    selects = q(page, "g-matching").locator("select")
    for k, label in enumerate(["Security adviser", "Party leader", "Army chief"]):
        selects.nth(k).select_option(label=label)
    ordering = q(page, "g-ordering")
    for _ in range(3):
        ordering.get_by_role("button", name="Move up: TTP seeks to impose its law").click()
    for _ in range(2):
        ordering.get_by_role("button", name="Move down: Imran Khan endorses the operation").click()
    q(page, "g-numeric").locator("input").fill("22 million")


EXPECTED = 1 + 0.5 + 1 + 1 + 2 / 3 + 1 + 1


def make_receipt(page: Page, name: str) -> str:
    page.locator(".qg-name").fill(name)
    page.get_by_role("button", name="Make my receipt").click()
    box = page.locator(".qg-receipt")
    expect(box).to_be_visible()
    code = box.get_attribute("data-qg-code")
    assert code and page.locator(".qg-r-code").inner_text() == code
    return code


def graded(site: Site, *codes: str) -> dict[str, Any]:
    result = quizgen("grade", *codes, "-o", "json", cwd=site.project)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_receipt_made_in_chromium_is_graded_to_the_score_the_key_gives(exam: Page, graded_site: Site) -> None:
    answer_everything(exam)
    expect(exam.locator(".qg-answered")).to_have_text("Answered: 7 of 7 questions.")
    code = make_receipt(exam, "Ana  Lima ")
    expect(exam.locator(".qg-receipt-msg")).to_have_text("Your receipt is ready. Hand in the code below.")
    expect(exam.locator(".qg-r-name")).to_have_text("Ana Lima")
    expect(exam.locator(".qg-r-answered")).to_have_text("7 / 7")
    assert re.fullmatch(r"QG1(-[0-9A-HJKMNP-TV-Z]{5})*(-[0-9A-HJKMNP-TV-Z]{1,5})?", code), code
    [r] = graded(graded_site, code)["receipts"]
    assert r["name"] == "Ana Lima" and r["bank"] == "exam" and r["current"] is True
    assert r["score"] == pytest.approx(EXPECTED) and r["out_of"] == 7
    assert [m["status"] for m in r["questions"]] == ["right", "partly", "right", "right", "partly", "right", "right"]
    # The page holds no key to check with: there is no Check button, and no grading data.
    assert exam.locator(".qg-check").count() == 0
    assert (
        exam.evaluate("() => document.querySelector('.qg-quiz template.qg-data').content.querySelector('.qg-key')")
        is None
    )


def test_unanswered_questions_are_named_and_a_mistyped_code_is_refused(exam: Page, graded_site: Site) -> None:
    q(exam, "g-single").get_by_label("Karachi").check()
    exam.get_by_role("button", name="Make my receipt").click()
    expect(exam.locator(".qg-receipt-msg")).to_have_text("Write your name first.")
    expect(exam.locator(".qg-name")).to_be_focused()
    code = make_receipt(exam, "Bo")
    expect(exam.locator(".qg-receipt-msg")).to_have_text(
        "Not answered: question 2, 3, 4, 5, 6, 7. You can still answer them and make the receipt again."
    )
    [r] = graded(graded_site, code)["receipts"]
    assert r["score"] == 0 and [m["status"] for m in r["questions"]][1:] == ["unanswered"] * 6
    k = len(code) - 3
    typo = code[:k] + ("Q" if code[k] != "Q" else "R") + code[k + 1 :]
    result = quizgen("grade", typo, cwd=graded_site.project)
    assert result.returncode == 1
    assert "argument 1: the code is mistyped or was changed: its check characters do not match" in result.stdout


def test_the_browser_graders_agree_with_the_table(exam: Page) -> None:
    results = exam.evaluate("(cases) => cases.map((c) => window.quizgen.grade(c.key, c.answer))", GRADING["cases"])
    for case, got in zip(GRADING["cases"], results, strict=True):
        assert got["score"] == pytest.approx(case["score"], abs=1e-12), case
        for part in ("right", "total"):
            if part in case:
                assert got[part] == case[part], case


def test_the_browser_writes_the_bytes_python_reads(exam: Page) -> None:
    samples = [
        {"bank": "exam", "version": "0123abcd", "made": 0, "name": "", "answers": []},
        {
            "bank": "kabul-events",
            "version": "ffffffff",
            "made": 2**32 - 1,
            "name": "Zoë Ağaoğlu 李小龍 🙂",
            "answers": [
                {"v": "ab12", "a": ["a"]},
                {"v": "0000", "a": None},
                {"v": "ffff", "a": {"l0": "r3", "l1": "r12", "l2": "", "l10": "r255", "x": "r256"}},
                {"v": "1234", "a": ["i2", "i0", "i1", "a01", "z"]},
                {"v": "9999", "a": "Bāchā Khān " * 5},
                {"v": "8888", "a": [True, False, 3.5, -0.0, 1e300, 22]},
                {"v": "7777", "a": [[["deep"]], {"": {}}]},
            ],
        },
    ]
    codes = exam.evaluate("(rs) => rs.map((r) => window.quizgen.receipt.encode(r))", samples)
    for sample, code in zip(samples, codes, strict=True):
        back = receipts.decode(code)
        assert (back.bank, back.bank_version, back.made, back.name) == (
            sample["bank"],
            sample["version"],
            sample["made"],
            sample["name"],
        )
        assert [(a.version, a.value) for a in back.answers] == [(x["v"], x["a"]) for x in sample["answers"]]
        assert receipts.encode(back) == code  # the very same bytes


def test_answers_and_the_receipt_survive_a_reload(exam: Page) -> None:
    answer_everything(exam)
    exam.reload()
    expect(exam.locator(".qg-quiz[data-qg-receipt]")).to_have_count(1)
    expect(q(exam, "g-fill").locator("input")).to_have_value("Bacha Khan")
    expect(q(exam, "g-numeric").locator("input")).to_have_value("22 million")
    expect(q(exam, "g-single").get_by_label("Peshawar")).to_be_checked()
    expect(q(exam, "g-matching").locator("select").nth(1)).to_have_value("r1")
    first = q(exam, "g-ordering").locator(".qg-item .qg-text").first
    expect(first).to_have_text("TTP seeks to impose its law")
    expect(exam.locator(".qg-answered")).to_have_text("Answered: 7 of 7 questions.")
    code = make_receipt(exam, "Ana Lima")
    exam.reload()
    expect(exam.locator(".qg-name")).to_have_value("Ana Lima")
    expect(exam.locator(".qg-receipt")).to_be_visible()
    assert exam.locator(".qg-receipt").get_attribute("data-qg-code") == code
    # A changed answer: the receipt no longer holds the answers, so it goes.
    q(exam, "g-fill").locator("input").fill("Jinnah")
    expect(exam.locator(".qg-receipt")).to_be_hidden()
    expect(exam.locator(".qg-receipt-msg")).to_have_text(
        "Your answers changed since the receipt was made: make it again."
    )
    exam.reload()
    expect(exam.locator(".qg-receipt")).to_be_hidden()
    expect(q(exam, "g-fill").locator("input")).to_have_value("Jinnah")


def tab_to(page: Page, condition: str, limit: int = 120) -> None:
    """Press Tab until the focused element meets ``condition`` (a JavaScript expression on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({condition}); }}"):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


def test_the_keyboard_alone_answers_and_makes_the_receipt(
    browser: Browser, graded_site: Site, page_errors: PageErrors
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=graded_site.url.rstrip("/"))
    page = page_errors.watch(context.new_page())
    page.set_default_timeout(10_000)
    try:
        page.goto(graded_site.url + "quizzes/exam.html")
        expect(page.locator(".qg-quiz[data-qg-receipt]")).to_have_count(1)
        kb = page.keyboard
        tab_to(page, "el.name === 'qg-g-single'")
        kb.press("ArrowDown")
        kb.press("ArrowDown")  # Karachi, North Waziristan, Peshawar
        tab_to(page, "el.closest('#q-g-multiple') && el.value === 'c'")
        kb.press("Space")
        tab_to(page, "el.name === 'qg-g-truefalse'")
        kb.press("ArrowDown")  # True, then False
        tab_to(page, "el.id === 'qg-in-g-fill'")
        kb.type("bacha khan")
        for k, text in enumerate(["Sec", "Par", "Arm"]):
            tab_to(page, f"el.matches('#q-g-matching .qg-pair:nth-child({k + 1}) select')")
            kb.type(text)
        tab_to(page, "el.getAttribute('aria-label') === 'Move up: TTP seeks to impose its law'")
        for _ in range(3):
            kb.press("Enter")
        tab_to(page, "el.getAttribute('aria-label') === 'Move down: Imran Khan endorses the operation'")
        kb.press("Alt+ArrowDown")
        kb.press("Alt+ArrowDown")
        tab_to(page, "el.id === 'qg-in-g-numeric'")
        kb.type("22")
        tab_to(page, "el.classList.contains('qg-name')")
        kb.type("Kim")
        kb.press("Enter")
        box = page.locator(".qg-receipt")
        expect(box).to_be_visible()
        expect(box).to_be_focused()
        code = box.get_attribute("data-qg-code")
        assert code
        tab_to(page, "el.classList.contains('qg-copy')")
        kb.press("Enter")
        expect(page.locator(".qg-receipt-msg")).to_have_text("The code is copied.")
        assert page.evaluate("() => navigator.clipboard.readText()") == code
    finally:
        context.close()
    [r] = graded(graded_site, code)["receipts"]
    assert r["name"] == "Kim" and r["score"] == pytest.approx(EXPECTED)


OVERFLOW = """() => {
  const out = [];
  const box = document.querySelector('.qg-quiz'), right = box.getBoundingClientRect().right + 1;
  for (const el of box.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > right) out.push(`${el.tagName}.${el.className}: right ${r.right} > ${right}`);
  }
  if (document.documentElement.scrollWidth > window.innerWidth) out.push('the page scrolls sideways');
  return out;
}"""


def test_a_phone_makes_a_receipt_that_fits_its_screen(
    browser: Browser, graded_site: Site, page_errors: PageErrors, artifacts: Path
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = page_errors.watch(context.new_page())
    page.set_default_timeout(10_000)
    try:
        page.goto(graded_site.url + "quizzes/exam.html")
        answer_everything(page)
        code = make_receipt(page, "Ana Lima")
        assert page.evaluate(OVERFLOW) == []
        qr = page.locator(".qg-r-qr svg").bounding_box()
        assert qr and 150 <= qr["width"] <= 360 - 16, qr
        for button in page.locator(".qg-handin button:visible").all():
            box = button.bounding_box()
            assert box and box["height"] >= 24 and box["width"] >= 24, button.inner_text()
        page.locator(".qg-receipt").screenshot(path=str(artifacts / "graded-receipt-360.png"))
    finally:
        context.close()
    assert graded(graded_site, code)["receipts"][0]["score"] == pytest.approx(EXPECTED)


def test_the_qr_code_reads_back_as_the_code_and_is_the_standard_symbol(exam: Page) -> None:
    answer_everything(exam)
    code = make_receipt(exam, "Ana Lima")
    text = receipts.compact(code)
    # As a phone reads it: the pixels the browser draws, read by zxing-cpp.
    drawn = exam.evaluate(
        """async () => {
      const svg = document.querySelector('.qg-r-qr svg'), scale = 6;
      const size = svg.viewBox.baseVal.width * scale;
      const img = new Image();
      img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = size;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0, size, size);
      const rgba = ctx.getImageData(0, 0, size, size).data, gray = [];
      for (let i = 0; i < rgba.length; i += 4) gray.push(rgba[i]);
      return {size, gray};
    }"""
    )
    image = memoryview(bytes(drawn["gray"])).cast("B", shape=[drawn["size"], drawn["size"]])
    found = zxingcpp.read_barcodes(image)
    assert [b.text for b in found] == [text]
    # Module by module, the symbol segno makes for the same text (error correction M).
    modules = int(exam.locator(".qg-r-qr svg").get_attribute("data-qg-modules") or 0)
    d = exam.locator(".qg-r-qr svg path").get_attribute("d") or ""
    dark = {(int(y) - 4, int(x) - 4) for x, y in re.findall(r"M(\d+) (\d+)h1v1h-1z", d)}
    matrix = [[(r, c) in dark for c in range(modules)] for r in range(modules)]
    symbols = [segno.make_qr(text, error="m", mode="alphanumeric", boost_error=False, mask=mask) for mask in range(8)]
    assert symbols[0].version == (modules - 17) // 4
    assert any([[bool(v) for v in row] for row in s.matrix] == matrix for s in symbols)


def test_the_receipt_prints_on_one_sheet(exam: Page, artifacts: Path) -> None:
    answer_everything(exam)
    code = make_receipt(exam, "Ana Lima")
    # The button sets the page up for the receipt alone while the print dialog is open.
    exam.evaluate(
        """() => { window.__qgPrinted = []; const html = document.documentElement;
      window.print = () => window.__qgPrinted.push(html.classList.contains('qg-print-receipt')); }"""
    )
    exam.get_by_role("button", name="Print the receipt").click()
    assert exam.evaluate("() => window.__qgPrinted") == [True]
    exam.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert not exam.evaluate("() => document.documentElement.classList.contains('qg-print-receipt')")
    exam.evaluate("() => document.documentElement.classList.add('qg-print-receipt')")
    pdf = artifacts / "graded-receipt.pdf"
    exam.pdf(path=str(pdf), format="A4", print_background=True)
    from tests.browser.test_print import need, pdf_pages, pdf_text

    need("pdfinfo", "pdftotext")
    pages, size = pdf_pages(pdf)
    assert pages == 1 and "(A4)" in size, (pages, size)
    text = pdf_text(pdf)
    assert "Ana Lima" in text and "Receipt code" in text
    assert receipts.compact(text.split("Receipt code", 1)[1]).startswith(receipts.compact(code)[:20])
    assert "Where was the commercial plane" not in text and "Make my receipt" not in text


def test_a_copy_opened_from_file_makes_a_receipt_offline(
    browser: Browser, graded_site: Site, page_errors: PageErrors
) -> None:
    context = browser.new_context(offline=True)
    page = page_errors.watch(context.new_page())
    page.set_default_timeout(10_000)
    try:
        page.goto((graded_site.folder / "quizzes" / "exam.html").as_uri())
        answer_everything(page)
        code = make_receipt(page, "Ana Lima")
        expect(page.locator(".qg-r-qr svg")).to_be_visible()
    finally:
        context.close()
    assert graded(graded_site, code)["receipts"][0]["score"] == pytest.approx(EXPECTED)


def test_the_table_of_quizzes_counts_a_graded_quizs_answers(exam: Page, graded_site: Site) -> None:
    q(exam, "g-single").get_by_label("Peshawar").check()
    q(exam, "g-fill").locator("input").fill("Bacha")
    exam.goto(graded_site.url + "quizzes/index.html")
    row = exam.locator("tr[data-qg-bank=exam]")
    expect(row.locator(".qg-progress-text")).to_have_text("Graded: 2 of 7 answered")
    expect(row.locator("a", has_text="key")).to_have_count(0)
    expect(exam.locator("tr[data-qg-bank=events] a", has_text="key")).to_have_count(0)  # answer_keys: teacher


def test_the_graded_quiz_and_its_receipt_pass_axe(exam: Page, axe_js: Path) -> None:
    answer_everything(exam)
    make_receipt(exam, "Ana Lima")
    violations = axe_violations(exam, axe_js, (".qg-quiz",))
    assert not violations, format_violations(violations)


def test_clear_my_answers_clears_them_and_can_be_undone(exam: Page) -> None:
    answer_everything(exam)
    make_receipt(exam, "Ana Lima")
    exam.get_by_role("button", name="Clear my answers").click()
    expect(q(exam, "g-fill").locator("input")).to_have_value("")
    expect(exam.locator(".qg-answered")).to_have_text("Answered: 0 of 7 questions.")
    expect(exam.locator(".qg-receipt")).to_be_hidden()
    exam.get_by_role("button", name="Undo").click()
    expect(q(exam, "g-fill").locator("input")).to_have_value("Bacha Khan")
    expect(exam.locator(".qg-answered")).to_have_text("Answered: 7 of 7 questions.")
