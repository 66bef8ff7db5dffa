"""Tolerant answers: quizgen/answers.py against the table that the browser's graders are held to too.

tests/fixtures/answers.json is the one list of cases; tests/browser/test_answers_tolerance.py
runs the same cases through quizgen.js in Chromium, so the two languages cannot drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quizgen.answers import fill_blank_right, norm, number_values, numeric_right

TABLE: dict[str, Any] = json.loads((Path(__file__).parent / "fixtures" / "answers.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", TABLE["norm"], ids=lambda c: repr(c["text"]))
def test_norm(case: dict[str, Any]) -> None:
    assert norm(case["text"], case.get("case_sensitive", False), case.get("accent_sensitive", False)) == case["out"]


@pytest.mark.parametrize("case", TABLE["fill_blank"], ids=lambda c: repr(c["given"]))
def test_fill_blank(case: dict[str, Any]) -> None:
    right = fill_blank_right(
        case["answers"], case["given"], case.get("case_sensitive", False), case.get("accent_sensitive", False)
    )
    assert right is case["right"]


@pytest.mark.parametrize("case", TABLE["numbers"], ids=lambda c: f"{c['text']!r} {c.get('unit')}")
def test_number_values(case: dict[str, Any]) -> None:
    assert number_values(case["text"], case.get("unit")) == pytest.approx(case["values"], rel=1e-12)


@pytest.mark.parametrize("case", TABLE["numeric"], ids=lambda c: f"{c['given']!r} {c['unit']}")
def test_numeric(case: dict[str, Any]) -> None:
    assert numeric_right(case["answer"], case["tolerance"], case["unit"], case["given"]) is case["right"]


def test_the_key_of_a_numeric_question_carries_its_unit() -> None:
    from quizgen import qtypes

    q = qtypes.question(
        "numeric",
        id="n",
        prompt="p",
        explanation="e",
        evidence=(),
        difficulty="recall",
        answer=22,
        unit="million people",
    )
    assert qtypes.of(q).key(q) == {"t": "numeric", "a": 22, "tol": 0, "u": "million people"}
