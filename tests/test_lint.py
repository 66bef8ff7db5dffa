"""`quizgen lint`: each rule catches the bank made to break it and stays quiet on the one that does not.

``fixtures/lint/<RULE>-bad.yml`` (and ``<RULE>-<case>-bad.yml``) break one rule each;
``<RULE>-good.yml`` are the same questions written well. The rules are also run on this
site's own banks, which must pass ``--strict``.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from quizgen import lint
from quizgen.catalog import CatalogBuilder
from quizgen.lint import duplicates
from quizgen.report import Issue
from quizgen.settings import defaults
from tests.conftest import ENV, REPO, mkdocs_build, quizgen, write_project

LINT = Path(__file__).parent / "fixtures" / "lint"
BAD = sorted(p.name for p in LINT.glob("*-bad.yml"))
GOOD = sorted(p.name for p in LINT.glob("*-good.yml"))


def findings(*paths: Path) -> list[Issue]:
    root = paths[0].parent
    catalog, issues = CatalogBuilder(root).build(list(paths), settings=defaults(root))
    errors = [i for i in issues if i.severity == "error"]
    assert not errors, "\n".join(i.format() for i in errors)
    return [i for i in issues if i.rule]


def test_every_rule_has_a_bad_and_a_good_fixture() -> None:
    assert set(lint.RULES) == {name.split("-")[0] for name in BAD} == {name.split("-")[0] for name in GOOD}


@pytest.mark.parametrize("name", BAD)
def test_the_rule_catches_its_fixture(name: str) -> None:
    rule = name.split("-")[0]
    found = findings(LINT / name)
    assert found, f"{rule} found nothing in {name}"
    assert {i.rule for i in found} == {rule}, "\n".join(i.format() for i in found)
    assert all(i.severity == "warning" for i in found)


@pytest.mark.parametrize("name", GOOD)
def test_no_rule_finds_anything_in_the_good_fixture(name: str) -> None:
    found = findings(LINT / name)
    assert not found, "\n".join(i.format() for i in found)


def test_findings_are_located_and_say_what_to_do() -> None:
    [finding] = findings(LINT / "QG108-bad.yml")
    assert (finding.line, finding.question, finding.number) == (12, "match-places", 1)
    assert finding.hint.startswith("add distractors")
    assert ":12:5: warning: QG108 $.questions[0].pairs (question 1, match-places): every right-hand" in finding.format()


def _silenced(tmp_path: Path, name: str, qid: str, rule: str, reason: str) -> Path:
    text = (LINT / name).read_text(encoding="utf-8").replace("../../../seeds", str(REPO / "seeds"))
    text = text.replace(f"  - id: {qid}\n", f"  - id: {qid}\n    lint: {{ignore: {{{rule}: {reason!r}}}}}\n", 1)
    target = tmp_path / name
    target.write_text(text, encoding="utf-8")
    return target


def test_one_question_silences_a_rule_with_a_reason(tmp_path: Path) -> None:
    bank = _silenced(tmp_path, "QG108-bad.yml", "match-places", "QG108", "two places, two facts, on purpose")
    assert findings(bank) == []


def test_a_silenced_question_is_left_out_of_the_counts_of_its_bank(tmp_path: Path) -> None:
    # Four single-answer questions are too few for the position rule (it needs five).
    bank = _silenced(tmp_path, "QG101-bad.yml", "s-city", "QG101", "the first option is the city, as always")
    assert findings(bank) == []


def test_silencing_needs_a_known_rule_and_a_reason(tmp_path: Path) -> None:
    unknown = _silenced(tmp_path, "QG108-bad.yml", "match-places", "QG180", "a reason")
    result = quizgen("validate", str(unknown))
    assert result.returncode == 1
    assert "there is no lint rule 'QG180' (did you mean" in result.stdout
    (tmp_path / "empty").mkdir()
    no_reason = _silenced(tmp_path / "empty", "QG108-bad.yml", "match-places", "QG108", "")
    result = quizgen("validate", str(no_reason))
    assert result.returncode == 1
    assert "$.questions[0].lint.ignore.QG108 (question 1, match-places): this text is empty" in result.stdout


def test_lint_strict_and_validate_strict_fail_on_findings() -> None:
    lint_run = quizgen("lint", "QG105-bad.yml", cwd=LINT)
    assert lint_run.returncode == 0 and "warning: QG105" in lint_run.stdout
    strict = quizgen("lint", "--strict", "QG105-bad.yml", cwd=LINT)
    assert strict.returncode == 1 and "QG105 $.questions[0].tags[0]" in strict.stdout
    assert "warning:" not in strict.stdout
    validate = quizgen("validate", "QG105-bad.yml", cwd=LINT)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "warning: QG105" in validate.stdout and validate.stdout.rstrip().splitlines()[-1].startswith("ok: ")
    assert quizgen("validate", "--strict", "QG105-bad.yml", cwd=LINT).returncode == 1
    clean = quizgen("lint", "--strict", "QG105-good.yml", cwd=LINT)
    assert clean.returncode == 0 and clean.stdout.startswith("ok: ")


def test_the_rules_are_listed_with_their_thresholds_and_documented() -> None:
    listed = quizgen("lint", "--rules").stdout
    docs = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    for r in lint.RULES.values():
        assert re.fullmatch(r"QG\d{3}", r.id) and r.summary and r.threshold and r.advice
        assert f"{r.id} {r.name}:" in listed and "threshold:" in listed
        assert f"`{r.id}`" in docs, f"{r.id} is not in docs/authoring.md"


def test_this_sites_banks_pass_lint_strict() -> None:
    result = quizgen("lint", "--strict", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: ")


def test_this_sites_answers_are_spread_and_no_tag_names_an_answer() -> None:
    from collections import Counter

    from quizgen import order
    from quizgen.config import read_settings

    settings, _ = read_settings(REPO / "mkdocs.yml")
    catalog, _ = CatalogBuilder(REPO).build(settings=settings)
    assert catalog is not None
    for bank in catalog.banks:
        shown = order.positions(bank)
        singles = [q for q in bank.questions if q.type == "single"]
        counts = Counter(shown[q.id][0] for q in singles)
        assert max(counts.values()) - min(counts.values()) <= 1, (bank.slug, counts)


def test_mkdocs_build_strict_stops_on_a_finding(tmp_path: Path) -> None:
    text = (LINT / "QG108-bad.yml").read_text(encoding="utf-8").replace("../../../seeds", "../seeds")
    project = write_project(tmp_path / "proj", {"events.yml": text})
    # Not quiet: `mkdocs build -q` silences warnings, and --strict only counts those it sees.
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(tmp_path / "site"),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=300)
    assert result.returncode != 0
    assert "QG108 $.questions[0].pairs (question 1, match-places): every right-hand option" in result.stderr
    assert "warning: QG108" not in result.stderr  # MkDocs prints the level itself
    assert mkdocs_build(project, tmp_path / "site2", strict=False).returncode == 0


def _copy_fixture(name: str, to: Path) -> Path:
    """A lint fixture in another folder, its source named by absolute path."""
    text = (LINT / name).read_text(encoding="utf-8")
    text = text.replace("source: ../../../seeds/", f"source: {REPO}/seeds/")
    to.write_text(text, encoding="utf-8")
    return to


def _lint_findings(issues: list[Issue]) -> list[str]:
    return [i.format() for i in issues if i.rule]


def test_a_rebuild_lints_again_only_the_bank_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `mkdocs serve` the builder is kept: an unchanged bank keeps its findings without
    being read by the bank-scoped rules again, the course-wide rule (QG103) still compares it
    with the bank that changed, and every run reports what a fresh builder reports."""
    folder = tmp_path / "banks"
    folder.mkdir()
    kept = _copy_fixture("QG108-bad.yml", folder / "kept.yml")
    edited = _copy_fixture("QG105-good.yml", folder / "edited.yml")
    read: list[str] = []
    for rule_id in ("QG105", "QG108"):
        real = lint.RULES[rule_id]

        def check(subjects: object, real: lint.Rule = real) -> object:
            read.extend(s.bank.file for s in subjects)  # type: ignore[attr-defined]
            return real.check(subjects)  # type: ignore[arg-type]

        monkeypatch.setitem(lint.RULES, rule_id, lint.Rule(**{**real.__dict__, "check": check}))
    settings = defaults(tmp_path)
    builder = CatalogBuilder(tmp_path)

    def both() -> tuple[list[str], list[str]]:
        """The kept builder's findings (the same as a fresh one's), and the banks its bank rules read."""
        read.clear()
        again = _lint_findings(builder.build([folder], settings=settings)[1])
        banks_read = sorted(set(read))
        assert again == _lint_findings(CatalogBuilder(tmp_path).build([folder], settings=settings)[1])
        return again, banks_read

    first, banks_read = both()
    assert banks_read == ["banks/edited.yml", "banks/kept.yml"]
    assert [f for f in first if "QG108" in f], first
    # The edited bank copies a prompt of the kept one: QG103 finds it, QG108's finding in the kept bank stays.
    kept_prompt = re.search(r'prompt: "?([^"\n]+)', kept.read_text(encoding="utf-8"))
    assert kept_prompt
    text = edited.read_text(encoding="utf-8")
    first_prompt = re.search(r"prompt: .*", text)
    assert first_prompt
    edited.write_text(text.replace(first_prompt.group(0), f'prompt: "{kept_prompt.group(1)}"', 1), encoding="utf-8")
    second, banks_read = both()
    assert banks_read == ["banks/edited.yml"]
    assert [f for f in second if "QG108" in f] == [f for f in first if "QG108" in f]
    assert [f for f in second if "QG103" in f and "edited.yml" in f], second
    # Put back: the duplicate is gone again, and the kept bank was still not read again.
    edited.write_text(text, encoding="utf-8")
    assert both() == (first, ["banks/edited.yml"])


_COMMON_WORDS = ["airport", "militants", "karachi", "attack", "security", "pakistan", "forces", "government"]


def _dup_course(rng: random.Random, banks: int, size: int) -> list[list[str]]:
    """Prompts of ``banks`` banks: words that most questions use and words that few do."""
    rare = [f"word{k}" for k in range(300)]
    return [
        [" ".join(["Is", *rng.sample(_COMMON_WORDS, 3), *rng.sample(rare, 5), "true?"]) for _ in range(size)]
        for _ in range(banks)
    ]


def _dup_bank(path: Path, prompts: list[str], silenced: frozenset[int] = frozenset(), header: str = "") -> None:
    lines = [header] if header else []
    lines += [f"source: {REPO}/seeds/000_987c6cd902e74af3.txt", "topic: events", f"title: {path.stem}"]
    lines += ["shuffle: false", "questions:"]
    for i, prompt in enumerate(prompts):
        lines += [
            f"  - id: {path.stem}-q{i}",
            "    type: true_false",
            "    difficulty: recall",
            f'    prompt: "{prompt}"',
            "    answer: true",
            "    explanation: The article says so.",
            "    evidence: killed 36 airport personnel",
        ]
        if i in silenced:
            lines += ["    lint:", "      ignore:", '        QG103: "asked twice on purpose"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _near(prompt: str) -> str:
    """The same prompt with one of its rare words changed: 80% of the words shared."""
    words = prompt.split(" ")
    return " ".join([*words[:-2], "other" + words[-2], words[-1]])


def test_a_kept_builder_finds_the_same_duplicates_as_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QG103 compares each question with the ones before it; a kept builder compares again only
    what an edit can change (tests the shortcuts of quizgen.lint.duplicates): whatever the edit,
    it must find what a fresh builder finds, and an edit of one prompt must not compare the
    whole course again."""
    folder = tmp_path / "banks"
    folder.mkdir()
    rng = random.Random(103)  # a fixed course: the same on every run
    course = _dup_course(rng, 6, 60)
    course[3][5] = course[1][7]  # the same prompt in two banks
    course[4][2] = _near(course[0][3])  # nearly the same
    silenced: dict[int, frozenset[int]] = {}

    def write(b: int) -> None:
        _dup_bank(folder / f"b{b}.yml", course[b], silenced.get(b, frozenset()))

    for b in range(len(course)):
        write(b)
    settings = defaults(tmp_path)
    builder = CatalogBuilder(tmp_path)
    compared: list[int] = []
    real = duplicates.Walk._compare

    def counting(self: duplicates.Walk, subjects: object, pos: int) -> None:
        compared.append(pos)
        real(self, subjects, pos)  # type: ignore[arg-type]

    monkeypatch.setattr(duplicates.Walk, "_compare", counting)

    def same_as_fresh() -> list[str]:
        compared.clear()
        issues = builder.build([folder], settings=settings)[1]
        assert not [i for i in issues if i.severity == "error"], issues[:3]
        kept = _lint_findings(issues)
        assert kept == _lint_findings(CatalogBuilder(tmp_path).build([folder], settings=settings)[1])
        return [f for f in kept if "QG103" in f]

    def edit(b: int, i: int, prompt: str) -> list[str]:
        course[b][i] = prompt
        write(b)
        return same_as_fresh()

    found = same_as_fresh()
    assert len(found) == 2, found
    assert any("b3.yml" in f and "asks the same as question 8 (b1-q7) at banks/b1.yml" in f for f in found), found
    assert any("b4.yml" in f and "nearly the same (80% of the words)" in f for f in found), found
    original = course[0][10]

    # Two questions made only of words most questions use: found by one that fewer than 50
    # earlier questions use.
    course[1][0] = "Is " + " ".join(_COMMON_WORDS) + " true?"
    course[1][10] = _near(course[1][0])
    write(1)
    assert any("b1.yml" in f and "(80% of the words) as question 1 (b1-q0)" in f for f in same_as_fresh())
    # An earlier bank gets two with all the words of the second: it now names the first of them
    # (a word's use changed before it, and it still looks that word up).
    words = course[1][10].split(" ")
    found = edit(0, 20, " ".join([words[0], *reversed(words[1:-1]), words[-1]]))
    found = edit(0, 30, " ".join([words[0], *words[2:-1], words[1], words[-1]]))
    assert any("b1.yml" in f and "(100% of the words) as question 21 (b0-q20)" in f for f in found), found
    assert not any("b1.yml" in f and "(b1-q0)" in f for f in found), found
    # A line added above a question moves it: what names its line follows.
    _dup_bank(folder / "b1.yml", course[1], header="# a comment above the bank")
    assert any("(b1-q7) at banks/b1.yml:" in f for f in same_as_fresh())

    # An earlier bank takes the prompt of a later one: the later one is the repeat.
    found = edit(0, 10, course[2][4])
    assert any("b2.yml" in f and "asks the same as question 11 (b0-q10) at banks/b0.yml" in f for f in found), found
    assert 0 < len(compared) < sum(map(len, course)) / 2, len(compared)
    # ... or nearly its words.
    found = edit(0, 10, _near(course[5][0]))
    assert any("b5.yml" in f and "nearly the same" in f and "(b0-q10) at banks/b0.yml" in f for f in found), found
    assert not any("b2.yml" in f for f in found), found
    # The first of two questions is removed: the second is no longer a repeat, and the bank's
    # questions after it move up.
    del course[1][7]
    write(1)
    found = same_as_fresh()
    assert not any("b3.yml" in f and "asks the same" in f for f in found), found
    # A question that silences the rule is not compared, nor compared with.
    silenced[4] = frozenset({2})
    write(4)
    assert not any("b4.yml" in f for f in same_as_fresh())
    # Many questions of one bank change their words at once; the bank is put back; a bank is
    # added, then removed.
    course[3] = [p.replace("karachi", "lahore") for p in course[3]]
    write(3)
    same_as_fresh()
    edit(0, 10, original)
    _dup_bank(folder / "b6.yml", [course[2][0], *course[5][:3]])
    assert any("b6.yml" in f for f in same_as_fresh())
    (folder / "b6.yml").unlink()
    assert not any("b6.yml" in f for f in same_as_fresh())
