"""Source drift: `quizgen accept` records what the banks were checked against, and `quizgen
validate` names every question whose cited paragraph changed, moved or vanished since."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SEED, quizgen, write_project

BANK = """\
source: ../seeds/000_987c6cd902e74af3.txt
topic: events
title: Events
questions:
  - id: ev-plane
    type: true_false
    difficulty: recall
    prompt: A commercial plane was fired upon in Peshawar.
    answer: true
    explanation: The first paragraph says so.
    evidence: a commercial plane in Peshawar, Pakistan was fired upon
  - id: ev-dead
    type: numeric
    difficulty: recall
    prompt: How many airport personnel were killed in Karachi?
    answer: 36
    explanation: The second paragraph gives the figure.
    evidence: killed 36 airport personnel
  - id: ev-drones
    type: fill_blank
    difficulty: recall
    prompt: The drone program recently killed 5 militants in Northern ___.
    answers: [Waziristan]
    explanation: The paragraph on the drone program says so.
    evidence: which recently killed 5 militants in Northern Waziristan
"""


def accepted(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "proj", {"events.yml": BANK}, glossary=None)
    result = quizgen("accept", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "questions/checked.json: recorded 3 questions against 1 source" in result.stdout
    assert quizgen("validate", cwd=root).returncode == 0
    return root


def edit(root: Path, old: str, new: str) -> None:
    article = root / "seeds" / SEED.name
    text = article.read_text(encoding="utf-8")
    assert old in text
    article.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list[dict[str, object]]:
    result = quizgen("validate", "-o", "json", cwd=root)
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)["issues"]  # type: ignore[no-any-return]


def test_the_record_lives_beside_the_banks_and_is_stable(tmp_path: Path) -> None:
    root = accepted(tmp_path)
    record = root / "questions" / "checked.json"
    first = record.read_bytes()
    data = json.loads(first)
    assert data["format"] == 1 and "quizgen accept" in data["about"]
    [source] = data["sources"].values()
    assert set(source["paragraphs"]) == {"1", "2", "18"}
    assert data["questions"]["ev-dead"]["evidence"][0]["paragraph"] == 2
    assert quizgen("accept", cwd=root).returncode == 0
    assert record.read_bytes() == first


def test_an_inserted_paragraph_names_every_question_whose_quote_moved(tmp_path: Path) -> None:
    root = accepted(tmp_path)
    edit(
        root,
        "This comes after ten militant",
        "A paragraph inserted after the first one.\n\nThis comes after ten militant",
    )
    found = problems(root)
    moved = {i["question"]: i for i in found if "have moved" in str(i["message"])}
    assert set(moved) == {"ev-dead", "ev-drones"}
    assert "2 is now 3" in str(moved["ev-dead"]["message"]) and "18 is now 19" in str(moved["ev-drones"]["message"])
    assert all("quizgen accept" in str(i["hint"]) for i in moved.values())
    assert all(i["severity"] == "error" for i in found)
    assert quizgen("accept", cwd=root).returncode == 0
    assert quizgen("validate", cwd=root).returncode == 0


def test_a_changed_paragraph_is_named_at_its_quote_and_a_vanished_quote_says_where_it_was(tmp_path: Path) -> None:
    root = accepted(tmp_path)
    edit(root, "one woman has been confirmed dead", "two people have been confirmed dead")
    edit(root, "killed 36 airport personnel", "killed 37 airport personnel")
    found = problems(root)
    [changed] = [i for i in found if i["question"] == "ev-plane"]
    assert changed["message"] == "paragraph 1, which this quote is in, has changed since it was last accepted"
    assert changed["line"] == 11 and "quizgen accept" in str(changed["hint"])
    [vanished] = [i for i in found if i["question"] == "ev-dead"]
    assert str(vanished["message"]).startswith("the quote is not in the article")
    assert "it was in paragraph 2 when last accepted" in str(vanished["message"])
    # accept refuses while a quote is missing: the question must be fixed first
    refused = quizgen("accept", cwd=root)
    assert refused.returncode == 1 and "Nothing was recorded" in refused.stderr


def test_questions_added_since_and_unchanged_articles_are_not_drift(tmp_path: Path) -> None:
    root = accepted(tmp_path)
    bank = root / "questions" / "events.yml"
    bank.write_text(
        bank.read_text(encoding="utf-8") + "  - id: ev-new\n    type: true_false\n    difficulty: recall\n"
        "    prompt: No group has claimed the attack in Peshawar.\n    answer: true\n"
        "    explanation: The first paragraph says so.\n    evidence: No group has yet claimed responsibility\n",
        encoding="utf-8",
    )
    assert quizgen("validate", cwd=root).returncode == 0
    # a paragraph no question cites may change: nothing to report
    edit(root, "Movement of TTP and other extremist militants", "Movement of TTP and of other extremist militants")
    assert quizgen("validate", cwd=root).returncode == 0
