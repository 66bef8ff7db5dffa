"""Every problem in one run: independent defects planted in several questions and files are
each reported exactly once, at their own line, by a single `quizgen validate`.

A check of one field never waits for another to be valid: a misspelt key does not hide a
wrong quote or a missing right answer, a schema error does not hide duplicate ids or an
undefined term, a tab does not hide the rest of its file, and the glossary's own problems
do not hide the banks' references to it.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import quizgen, write_project

DETAILS = """\
title: The article
speakers:
  - {id: sehgal, name: Ikram Sehgal, aliases: [Sehgal]}
  - {id: sair, name: South Asia Intelligence Review}
"""

# Line numbers matter: the expectations below name them.
EVENTS = (
    "source: ../seeds/000_987c6cd902e74af3.txt\n"  # 1
    "topic: events\n"  # 2
    "title: Planted\n"  # 3
    "questions:\n"  # 4
    "  - id: p-one\n"  # 5
    "    type: single\n"  # 6
    "    difficulty: recall\n"  # 7
    "    prompt: Where was the plane fired upon?\n"  # 8
    "    choices:\n"  # 9
    "      - text: Peshawar\n"  # 10  no right choice
    "      - text: Karachi\n"  # 11
    "    explanaton: The first sentence says so.\n"  # 12  misspelt key
    "    evidence: a plane was shot down over the sea\n"  # 13  not in the article
    "  - id: p-two\n"  # 14  the id is taken (actors.yml comes first)
    "\ttype: numeric\n"  # 15  a tab
    "    difficulty: hard\n"  # 16  not a difficulty
    "    prompt: How many airport personnel were killed in Karachi?\n"  # 17
    "    answer: yes\n"  # 18  YAML reads a boolean
    "    explanation: Paragraph 2 gives the figure.\n"  # 19
    "    evidence: [killed 36 airport personnel, short]\n"  # 20  the second quote is too short
    "    terms: [Nope]\n"  # 21  not in the glossary
    "  - id: p-one\n"  # 22  the id is taken
    "    type: true_false\n"  # 23
    "    difficulty: recall\n"  # 24
    "    prompt: Members of the TTP attacked the airport in Karachi.\n"  # 25
    "    answer: true\n"  # 26
    "    explanation: Paragraph 2 says so.\n"  # 27
    "    evidence: ten militant members of the Tehrik-e-Taliban\n"  # 28
    "    speaker: sehgal\n"  # 29  the article says it in its own voice
    "    lint: {ignore: {QG999: because}}\n"  # 30  no such rule
)

ACTORS = (
    "source: ../seeds/000_987c6cd902e74af3.txt\n"  # 1
    "topic: actors\n"  # 2
    "title: Planted too\n"  # 3
    "questions:\n"  # 4
    "  - id: p-two\n"  # 5
    "    type: fill_blank\n"  # 6
    "    difficulty: recall\n"  # 7
    "    prompt: The offensive was labeled ___.\n"  # 8
    "    answers: [Zarb-e-Azb, zarb e azb]\n"  # 9  the second is the first again
    "    explanation: Paragraph 10.\n"  # 10
    "    evidence: has been labeled Zarb-e-Azb\n"  # 11
    "    terms: [TPP]\n"  # 12  misspelt term
    "  - id: p-three\n"  # 13
    "    type: multiple\n"  # 14
    "    difficulty: recall\n"  # 15
    "    prompt: Which measures does Sehgal recommend?\n"  # 16
    "    choices:\n"  # 17
    "      - {text: A lieutenant governor for Karachi, correct: yes}\n"  # 18  YAML reads a boolean
    "      - {text: New peace talks}\n"  # 19
    "    explanation: Paragraph 23.\n"  # 20
    "    evidence: He thus advises the appointment of a lieutenant governor\n"  # 21
)

GLOSSARY = (
    "terms:\n"  # 1
    "  - term: TTP\n"  # 2
    "    expansion: Tehrik-e-Taliban\n"  # 3
    "    definition: The group whose militants attacked the Karachi airport.\n"  # 4
    "  - term: Zanzibar\n"  # 5  no source uses it
    "    expansion: an island\n"  # 6
    "    definition: Not in the article.\n"  # 7
    "  - term: FATA\n"  # 8  no expansion
    "    definition: Federally Administered Tribal Areas.\n"  # 9
)

# (file, line, a phrase of the message): each exactly once, and nothing else.
EXPECTED = {
    ("questions/events.yml", 10, "needs exactly one correct choice, it has 0"),
    ("questions/events.yml", 12, "unknown key 'explanaton'"),
    ("questions/events.yml", 13, "the quote is not in the article"),
    ("questions/events.yml", 15, "a tab in the indentation"),
    ("questions/events.yml", 16, "'hard' is not one of"),
    ("questions/events.yml", 18, "'yes' is read by YAML as a boolean"),
    ("questions/events.yml", 20, "this quote is 5 characters"),
    ("questions/events.yml", 21, "the term 'Nope' is not in the glossary"),
    ("questions/events.yml", 22, "the id 'p-one' is already used at questions/events.yml:5"),
    ("questions/events.yml", 29, "attributes \u201cten militant members of the Tehrik-e-Taliban\u201d to the author"),
    ("questions/events.yml", 30, "there is no lint rule 'QG999'"),
    ("questions/events.yml", 14, "the id 'p-two' is already used at questions/actors.yml:5"),
    ("questions/actors.yml", 9, "is already accepted as answer 1"),
    ("questions/actors.yml", 12, "the term 'TPP' is not in the glossary"),
    ("questions/actors.yml", 18, "'yes' is read by YAML as a boolean"),
    ("questions/glossary.yml", 5, "no source uses 'Zanzibar'"),
    ("questions/glossary.yml", 8, "missing key 'expansion'"),
}


def run(tmp_path: Path) -> list[dict[str, object]]:
    root = write_project(
        tmp_path / "proj",
        {"events.yml": EVENTS, "actors.yml": ACTORS},
        glossary=GLOSSARY,
    )
    (root / "seeds" / "000_987c6cd902e74af3.yml").write_text(DETAILS, encoding="utf-8")
    result = quizgen("validate", "-o", "json", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)["issues"]  # type: ignore[no-any-return]


def test_every_planted_defect_is_reported_once_at_its_line(tmp_path: Path) -> None:
    issues = [i for i in run(tmp_path) if i["severity"] == "error"]
    found = []
    for want in EXPECTED:
        hits = [i for i in issues if (i["file"], i["line"]) == want[:2] and want[2] in str(i["message"])]
        assert len(hits) == 1, f"{want}: {len(hits)} reports\n" + "\n".join(map(str, issues))
        found += hits
    extra = [i for i in issues if i not in found]
    assert not extra, "reported but not planted:\n" + "\n".join(map(str, extra))


def test_messages_name_the_question_as_the_page_shows_it(tmp_path: Path) -> None:
    issues = run(tmp_path)
    wrong_quote = next(i for i in issues if "not in the article" in str(i["message"]))
    assert (wrong_quote["question"], wrong_quote["number"], wrong_quote["path"]) == (
        "p-one",
        1,
        "$.questions[0].evidence",
    )
    boolean = next(i for i in issues if i["line"] == 18 and i["file"] == "questions/events.yml")
    assert (boolean["question"], boolean["number"]) == ("p-two", 2)
    result = quizgen("validate", cwd=tmp_path / "proj")
    assert "questions/events.yml:13:15: $.questions[0].evidence (question 1, p-one): the quote is not" in result.stdout


def test_a_value_read_as_a_boolean_is_told_what_its_key_takes(tmp_path: Path) -> None:
    issues = run(tmp_path)
    number = next(i for i in issues if i["file"] == "questions/events.yml" and i["line"] == 18)
    boolean = next(i for i in issues if i["file"] == "questions/actors.yml" and i["line"] == 18)
    assert "write the number" in str(number["hint"]) and "true or false" not in str(number["hint"])
    assert boolean["hint"] == "write true or false"


def test_a_file_over_the_size_limit_names_the_value_that_passes_it() -> None:
    from quizgen.loader import load_text

    head = b"title: Big\nquestions:\n  - id: q-one\n    type: fill_blank\n    prompt: |\n"
    body = head + b"      more words of the same prompt\n" * 100
    doc, issues = load_text(body, "big.yml", max_bytes=1_000)
    assert doc is None
    [issue] = issues
    assert (issue.line, issue.column) == (5, 5), issue  # the `prompt: |` whose text crosses the limit
    assert "over the limit of 1,000" in issue.message
