"""`quizgen validate` on one fixture per kind of problem, against the exact expected output.

Each ``fixtures/invalid/NAME.yml`` has its expected report in ``NAME.expected`` beside it.
Run with ``QG_UPDATE_GOLDEN=1`` to rewrite the expected files after an intended change, then
review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import REPO, quizgen

INVALID = Path(__file__).parent / "fixtures" / "invalid"
CASES = sorted(p.stem for p in INVALID.glob("*.yml"))


@pytest.mark.parametrize("name", CASES)
def test_each_problem_is_reported_exactly(name: str) -> None:
    result = quizgen("validate", f"{name}.yml", cwd=INVALID)
    expected = INVALID / f"{name}.expected"
    if os.environ.get("QG_UPDATE_GOLDEN"):
        expected.write_text(result.stdout, encoding="utf-8")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == expected.read_text(encoding="utf-8")
    assert "found." in result.stderr


def test_every_fixture_has_its_expected_report() -> None:
    assert CASES and all((INVALID / f"{n}.expected").is_file() for n in CASES)


def test_json_output_carries_the_same_problems() -> None:
    result = quizgen("validate", "-o", "json", "unknown_key.yml", cwd=INVALID)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    [issue] = report["issues"]
    assert issue == {
        "file": "unknown_key.yml",
        "line": 11,
        "column": 9,
        "path": "$.questions[0].choices[0].corect",
        "steps": ["questions", 0, "choices", 0, "corect"],
        "question": "q-one",
        "number": 1,
        "message": "unknown key 'corect'",
        "hint": "did you mean 'correct'?",
        "severity": "error",
    }


def test_all_problems_of_all_files_at_once() -> None:
    result = quizgen("validate", "duplicate_key.yml", "bad_id.yml", "evidence_not_found.yml", cwd=INVALID)
    assert result.returncode == 1
    files = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert set(files) == {"duplicate_key.yml", "bad_id.yml", "evidence_not_found.yml"}


def test_ids_are_unique_across_banks(tmp_path: Path) -> None:
    one = (INVALID / "duplicate_id.yml").read_text(encoding="utf-8").split("  - id: q-one")
    head, question = one[0], "  - id: q-one" + one[1]
    for name in ("a.yml", "b.yml"):
        (tmp_path / name).write_text(head.replace("../../../seeds", str(REPO / "seeds")) + question, encoding="utf-8")
    result = quizgen("validate", str(tmp_path))
    assert result.returncode == 1
    assert "the id 'q-one' is already used at" in result.stdout and "a.yml:5" in result.stdout


def test_a_bom_is_fine() -> None:
    result = quizgen("validate", "with_bom.yml", cwd=INVALID.parent / "valid")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_repository_banks_are_valid() -> None:
    result = quizgen("validate", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ")


def test_a_glossary_term_needs_a_letter_or_digit(tmp_path: Path) -> None:
    bank = (INVALID.parent / "valid" / "with_bom.yml").read_bytes()[3:].decode("utf-8")
    (tmp_path / "bank.yml").write_text(bank.replace("../../../seeds", str(REPO / "seeds")), encoding="utf-8")
    (tmp_path / "glossary.yml").write_text(
        'terms:\n  - term: "--"\n    expansion: x\n    definition: y\n', encoding="utf-8"
    )
    result = quizgen("validate", str(tmp_path))
    assert result.returncode == 1
    assert "glossary.yml:2:11: $.terms[0].term: the term '--' has no letter or digit" in result.stdout
