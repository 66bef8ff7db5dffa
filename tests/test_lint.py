"""`quizgen lint`: each rule catches the bank made to break it and stays quiet on the one that does not.

``fixtures/lint/<RULE>-bad.yml`` (and ``<RULE>-<case>-bad.yml``) break one rule each;
``<RULE>-good.yml`` are the same questions written well. The rules are also run on this
site's own banks, which must pass ``--strict``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from quizgen import lint
from quizgen.catalog import CatalogBuilder
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
