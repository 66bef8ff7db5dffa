"""Paper: PDFs from `quizgen sheets --pdf`, read back with pdftotext, and browser printing.

These need Chromium and poppler-utils (`make test` installs both). Without them the tests
are skipped on a developer's machine and fail under CI=true.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page

from tests.browser.conftest import search_entries
from tests.conftest import REPO, quizgen

BANKS = sorted(p.stem for p in (REPO / "questions").glob("*.yml") if p.stem != "glossary")
CONTROLS = ["Check", "Reset", "Try the wrong ones again", "Study sheet (print)", "Back to the quiz", "Skip to content"]


def need(*tools: str) -> None:
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        message = f"{', '.join(missing)} not installed; run `make test` (it installs them)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def flat(text: str) -> str:
    """Text as pdftotext gives it, compared without line breaks, hyphenation or quote styles."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text.replace("-\n", "-")).strip()


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(path: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), re.search(r"Page size:\s+(.*)", info).group(1)


def plain(text: str) -> str:
    return flat(re.sub(r"[*`_]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)))


def head(text: str, n: int = 45) -> str:
    """The first words of a text, up to any markup or blank, cut at a word boundary."""
    text = plain(re.split(r"[*_`\[]", text)[0])
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    need("chromium", "pdftotext", "pdfinfo")
    out = tmp_path_factory.mktemp("pdf")
    result = quizgen("sheets", "--pdf", str(out), cwd=REPO)
    assert result.returncode == 0, result.stderr
    return out


def test_every_pdf_is_written(pdfs: Path) -> None:
    sheets = {f"{b}-{kind}.pdf" for b in BANKS for kind in ("sheet", "key")}
    expected = sheets | {"article-airports.pdf", "glossary.pdf"}
    assert {p.name for p in pdfs.glob("*.pdf")} == expected


@pytest.mark.parametrize("bank", BANKS)
def test_sheet_has_every_question_and_no_answer(pdfs: Path, bank: str) -> None:
    data = yaml.safe_load((REPO / "questions" / f"{bank}.yml").read_text(encoding="utf-8"))
    sheet = flat(pdf_text(pdfs / f"{bank}-sheet.pdf"))
    key = flat(pdf_text(pdfs / f"{bank}-key.pdf"))
    for q in data["questions"]:
        assert head(q["prompt"]) in sheet, q["id"]
        assert head(q["explanation"]) not in sheet, f"{q['id']}: explanation on the student sheet"
        for c in q.get("choices", []):
            if c.get("feedback"):
                assert head(c["feedback"]) not in sheet, f"{q['id']}: feedback on the student sheet"
        assert head(q["prompt"]) in key and head(q["explanation"]) in key, q["id"]
    assert "Why:" not in sheet and "Answer key" not in sheet
    assert len(re.findall(r"Answer: ", key)) == len(data["questions"])
    assert len(re.findall(r"¶ \d+:", key)) >= len(data["questions"])
    for word in CONTROLS:
        assert word not in sheet and word not in key, word
    pages, size = pdf_pages(pdfs / f"{bank}-sheet.pdf")
    assert 1 <= pages <= len(data["questions"]) // 3 + 2, pages
    assert "(A4)" in size, size


def test_article_pdf_has_the_paragraph_numbers_the_keys_cite(pdfs: Path) -> None:
    text = pdf_text(pdfs / "article-airports.pdf")
    numbers = iter(int(m) for m in re.findall(r"^\s*(\d{1,2})\s*\S", text, re.M))
    assert all(n in numbers for n in range(1, 27)), "paragraphs 1-26 numbered in order"
    assert "Urban Sophistication" in text
    pages, _ = pdf_pages(pdfs / "article-airports.pdf")
    assert pages <= 4


def test_glossary_pdf_is_a_sheet_of_its_own(pdfs: Path) -> None:
    text = flat(pdf_text(pdfs / "glossary.pdf"))
    for term in ("FATA", "TTP", "LEA", "IDP"):
        assert term in text
    assert "Glossary" in text


def test_us_letter(tmp_path: Path) -> None:
    need("chromium", "pdfinfo")
    result = quizgen(
        "sheets",
        "--pdf",
        str(tmp_path),
        "--paper",
        "letter",
        "questions/events.yml",
        "questions/glossary.yml",
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    _, size = pdf_pages(tmp_path / "events-sheet.pdf")
    assert size.startswith("612 x 792"), size


def test_missing_chromium_says_what_to_install(tmp_path: Path) -> None:
    env_cmd = ["env", "QUIZGEN_CHROMIUM=/nonexistent/chromium"]
    result = subprocess.run(
        [*env_cmd, sys.executable, "-m", "quizgen", "sheets", "--pdf", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "apt-get install -y chromium" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.pdf"))


#: A stand-in for Chromium that prints every document but the answer keys.
KEYLESS_PRINTER = """\
import sys
out = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--print-to-pdf="))
if out.endswith("-key.pdf"):
    sys.exit("crashed printing " + out)
open(out, "wb").write(b"%PDF-1.4 stand-in")
"""


def test_a_document_that_fails_to_print_leaves_every_pdf_of_the_last_run(tmp_path: Path) -> None:
    (tmp_path / "printer.py").write_text(KEYLESS_PRINTER, encoding="utf-8")
    printer = tmp_path / "chromium"
    printer.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{tmp_path / "printer.py"}" "$@"\n', encoding="utf-8")
    printer.chmod(0o755)
    out = tmp_path / "pdf"
    out.mkdir()
    (out / "events-sheet.pdf").write_bytes(b"last run")
    result = subprocess.run(
        [sys.executable, "-m", "quizgen", "sheets", "--pdf", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "QUIZGEN_CHROMIUM": str(printer)},
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    # Every document that failed is named, those that printed are not, and nothing is written.
    for bank in BANKS:
        assert f"Chromium did not write {bank}-key.pdf" in result.stderr, result.stderr
        assert f"{bank}-sheet.pdf" not in result.stderr
    assert "No PDF was written" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["events-sheet.pdf"]
    assert (out / "events-sheet.pdf").read_bytes() == b"last run"


@pytest.mark.engine
def test_printing_a_quiz_page_from_the_browser_gives_a_clean_worksheet(
    page: Page, repo_site: str, tmp_path: Path
) -> None:
    need("pdftotext")
    page.goto(repo_site + "quizzes/events.html")
    page.locator(".qg-q").first.locator("input").first.check()
    page.locator(".qg-check").first.click()  # feedback visible on screen must not print
    pdf = tmp_path / "quiz.pdf"
    for fmt in ("A4", "Letter"):
        page.pdf(path=str(pdf), format=fmt, print_background=False)
        text = flat(pdf_text(pdf))
        assert "Where" in text or "airport" in text
        for word in ("Check", "Reset", "Try the wrong ones again", "Why:", "Correct.", "Not quite"):
            assert word not in text, f"{word!r} printed on {fmt}"
    # No question is split across two pages: each .qg-q avoids breaks inside it.
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.qg-q')).breakInside") in ("avoid", "avoid-page")


@pytest.mark.engine
def test_site_sheet_page_has_no_answers_in_source_or_search(repo_site: str, page: Page) -> None:
    import urllib.request

    html = urllib.request.urlopen(repo_site + "sheets/events.html").read().decode("utf-8")
    data = yaml.safe_load((REPO / "questions" / "events.yml").read_text(encoding="utf-8"))
    for q in data["questions"]:
        assert plain(q["explanation"])[:40] not in flat(html)
    assert "qg-key" not in html
    index = search_entries(repo_site)
    sheet_docs = [d for d in index if d["location"].startswith("sheets/")]
    assert not sheet_docs, "study sheets and keys repeat the quizzes: they are not in search"
    assert any(d["location"].startswith("quizzes/events.html") for d in index), "the quizzes are in search"
    text = " ".join(d["text"] for d in index)
    assert not any(plain(q["explanation"])[:40] in text for q in data["questions"])
