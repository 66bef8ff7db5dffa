"""Tolerant answers in the browser: quizgen.js and the graders against the shared table of cases.

The same tests/fixtures/answers.json is run through quizgen/answers.py by tests/test_answers.py.
The page here is blank: it loads the script every quizgen page loads, and nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quizgen import assets

TABLE: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "answers.json").read_text(encoding="utf-8")
)

RUN = """(table) => {
  const qg = window.quizgen, out = {norm: [], fill_blank: [], numbers: [], numeric: []};
  for (const c of table.norm) out.norm.push(qg.norm(c.text, !!c.case_sensitive, !!c.accent_sensitive));
  for (const c of table.fill_blank) {
    const key = {t: "fill_blank", a: c.answers, cs: !!c.case_sensitive, as: !!c.accent_sensitive};
    out.fill_blank.push(qg.grade(key, c.given).score === 1);
  }
  for (const c of table.numbers) out.numbers.push(qg.parseNumber(c.text, c.unit || undefined));
  for (const c of table.numeric) {
    const key = {t: "numeric", a: c.answer, tol: c.tolerance};
    if (c.unit) key.u = c.unit;
    out.numeric.push(qg.grade(key, c.given).score === 1);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def results(browser: Any) -> dict[str, list[Any]]:
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>")
        page.add_script_tag(content=assets.files()[assets.JS].decode("utf-8"))
        return page.evaluate(RUN, TABLE)  # type: ignore[no-any-return]
    finally:
        page.close()


def test_norm_is_the_same_in_the_browser(results: dict[str, list[Any]]) -> None:
    assert results["norm"] == [c["out"] for c in TABLE["norm"]]


def test_fill_in_grading_is_the_same_in_the_browser(results: dict[str, list[Any]]) -> None:
    assert results["fill_blank"] == [c["right"] for c in TABLE["fill_blank"]]


def test_numbers_are_read_the_same_in_the_browser(results: dict[str, list[Any]]) -> None:
    for case, got in zip(TABLE["numbers"], results["numbers"], strict=True):
        assert got == pytest.approx(case["values"], rel=1e-12), case


def test_numeric_grading_is_the_same_in_the_browser(results: dict[str, list[Any]]) -> None:
    assert results["numeric"] == [c["right"] for c in TABLE["numeric"]]
