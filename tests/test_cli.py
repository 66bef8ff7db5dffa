"""The command line: exit codes, help, schema, export and coverage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from quizgen.cli import main
from tests.conftest import ARTICLE_PRINT, REPO, quizgen

#: Every command the CLI has, so that a new one is covered without editing this list.
COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_help_on_every_command(command: list[str]) -> None:
    result = quizgen(*command, "--help")
    assert result.returncode == 0 and "Usage:" in result.stdout


def test_usage_errors_exit_2() -> None:
    assert quizgen("validate", "--no-such-option").returncode == 2
    assert quizgen("sheets", cwd=REPO).returncode == 2
    assert quizgen("no-such-command").returncode == 2


def test_validate_on_a_missing_path_exits_1_and_says_so(tmp_path: Path) -> None:
    result = quizgen("validate", str(tmp_path / "nope"))
    assert result.returncode == 1 and "no such file or folder" in result.stdout


def test_python_dash_m_and_the_console_script_agree() -> None:
    import subprocess
    import sys

    script = Path(sys.executable).parent / "quizgen"
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout == quizgen("--version").stdout


@pytest.mark.parametrize("flag,name", [([], "bank"), (["--glossary"], "glossary"), (["--source"], "source")])
def test_schema_is_valid_draft_2020_12_and_loads_from_the_installed_package(
    tmp_path: Path, flag: list[str], name: str
) -> None:
    result = quizgen("schema", *flag, cwd=tmp_path)  # not the repository: data must come from the package
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert result.stdout == (REPO / "quizgen" / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")


def test_banks_name_the_schema_for_editors() -> None:
    for bank in (REPO / "questions").glob("*.yml"):
        first = bank.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../quizgen/schemas/"), bank.name


def test_export_writes_the_whole_catalog(tmp_path: Path) -> None:
    out = tmp_path / "catalog.json"
    result = quizgen("export", "--format", "json", "-o", str(out), cwd=REPO)
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format_version"] == 2
    assert [b["slug"] for b in data["banks"]] == ["actors", "arguments", "events"]
    [source] = data["sources"]
    assert source["id"] == "airports" and len([b for b in source["blocks"] if b["number"]]) == 26
    assert {b["source"] for b in data["banks"]} == {"airports"}
    questions = [q for b in data["banks"] for q in b["questions"]]
    assert all(q["evidence"] and q["evidence"][0]["paragraph"] >= 1 for q in questions)
    single = next(q for q in questions if q["type"] == "single")
    assert sum(c["correct"] for c in single["choices"]) == 1 and "items" not in single
    assert {t["term"] for t in data["glossary"]} >= {"FATA", "TTP", "LEA", "IDP"}
    assert quizgen("export", cwd=REPO).stdout == out.read_text(encoding="utf-8"), "export is deterministic"


def test_export_of_bad_banks_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "catalog.json"
    out.write_text("previous", encoding="utf-8")
    result = quizgen("export", "-o", str(out), str(Path(__file__).parent / "fixtures" / "invalid" / "bad_id.yml"))
    assert result.returncode == 1
    assert out.read_text(encoding="utf-8") == "previous"


def test_coverage_of_the_repository() -> None:
    result = quizgen("coverage", "--json", "--strict", cwd=REPO)
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["uncovered_paragraphs"] == [] and report["unused_terms"] == []
    [source] = report["sources"]
    assert len(source["paragraphs"]) == 26 and all(p["questions"] for p in source["paragraphs"])
    totals = report["totals"]
    assert totals["questions"] >= 60 and all(n >= 15 for n in totals["by_bank"].values())
    assert set(totals["by_type"]) == {
        "single",
        "multiple",
        "true_false",
        "fill_blank",
        "matching",
        "ordering",
        "numeric",
    }
    assert set(totals["by_difficulty"]) == {"recall", "understanding", "analysis"}
    text = quizgen("coverage", cwd=REPO).stdout
    assert "Every paragraph is covered by at least one question." in text and "¶26" in text


def test_coverage_flags_uncovered_paragraphs_and_unused_terms(tmp_path: Path) -> None:
    from tests.conftest import write_project

    proj = write_project(
        tmp_path / "p",
        glossary="terms:\n  - term: Lahore\n    expansion: Lahore\n    definition: A city.\n    background: true\n",
    )
    result = quizgen("coverage", "--strict", cwd=proj)
    assert result.returncode == 1
    assert "Paragraphs no question covers: ¶3, ¶4" in result.stdout
    assert "Glossary terms no source uses: Lahore" in result.stdout


def test_commands_use_the_plugin_settings_in_mkdocs_yml(tmp_path: Path) -> None:
    from tests.conftest import write_project

    proj = write_project(tmp_path / "p")
    (proj / "questions").rename(proj / "banks")
    yml = proj / "mkdocs.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace(
            "  - quizgen\n", '  - quizgen:\n      banks_dir: banks\n      article_title: !ENV [TITLE, "Two airports"]\n'
        ),
        encoding="utf-8",
    )
    assert quizgen("validate", cwd=proj).returncode == 0
    result = quizgen("sheets", "--html", "out", cwd=proj)
    assert result.returncode == 0, result.stderr
    # The settings are read as MkDocs reads them: the !ENV tag's default applies.
    assert "<title>Two airports</title>" in (proj / "out" / f"{ARTICLE_PRINT}.html").read_text(encoding="utf-8")
    yml.write_text(
        yml.read_text(encoding="utf-8").replace('!ENV [TITLE, "Two airports"]', '"Two airports"'), encoding="utf-8"
    )
    quizgen("sheets", "--html", "out", cwd=proj)
    assert "<title>Two airports</title>" in (proj / "out" / f"{ARTICLE_PRINT}.html").read_text(encoding="utf-8")


def test_the_wheel_carries_every_schema_template_and_asset(tmp_path: Path) -> None:
    """An editable install reads these from the repository; a real install needs them packaged."""
    import shutil
    import subprocess
    import sys
    import zipfile

    # Built from a copy: setuptools writes build/ and quizgen.egg-info/ into the tree it builds,
    # and the processes other tests start in the repository read the package's entry points
    # from that quizgen.egg-info (MkDocs finds the plugin there), possibly at the same time.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copyfile(REPO / name, source / name)
    shutil.copytree(REPO / "quizgen", source / "quizgen", ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path / "dist"
    cmd = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--disable-pip-version-check", "-w", str(dist)]
    result = subprocess.run([*cmd, str(source)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    [wheel] = dist.glob("quizgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = [
        p.relative_to(REPO).as_posix()
        for d in ("schemas", "templates", "assets", "locale")
        for p in (REPO / "quizgen" / d).rglob("*")
        if p.is_file()
    ]
    assert data and set(data) <= names, set(data) - names
    assert "quizgen/py.typed" in names
