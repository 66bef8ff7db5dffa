"""The registry of question types: each type is one module with its macros and grader beside it."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

from quizgen import definitions, qtypes
from quizgen.models import Question
from tests.conftest import ENV, REPO, write_project

EIGHTH = REPO / "tests" / "fixtures" / "eighth_type"
NAMES = ("single", "multiple", "true_false", "fill_blank", "matching", "ordering", "numeric")


def test_the_seven_types_each_own_a_model_a_schema_macros_and_a_grader() -> None:
    assert qtypes.names() == NAMES
    bank = definitions.schema("bank")
    for name, t in qtypes.registry().items():
        assert issubclass(t.model, Question) and t.model.type == name
        assert bank["$defs"][name]["unevaluatedProperties"] is False
        folder = qtypes.folder(t)
        assert re.search(r"macro quiz\(q, v\)", (folder / t.template).read_text(encoding="utf-8"))
        assert f'register("{name}"' in (folder / t.script).read_text(encoding="utf-8")


def test_nothing_outside_the_types_names_a_type() -> None:
    """The shape that keeps a new type to one place: the core never branches on a type's name."""
    core = [
        p
        for p in (REPO / "quizgen").rglob("*")
        if p.suffix in (".py", ".html", ".js", ".css")
        and not p.is_relative_to(REPO / "quizgen" / "qtypes")
        and not p.is_relative_to(REPO / "quizgen" / "exports")  # formats map the types they know, and report the rest
        and not p.is_relative_to(REPO / "quizgen" / "starter")  # a sample bank uses the types, as teachers do
        and "vendor" not in p.parts  # third-party code, shipped as it is (assets/receipt/vendor)
        and p.name != "scaffold.py"
    ]
    pattern = re.compile(r"""["'](""" + "|".join(NAMES) + r""")["']|t === |\.t ===""")
    found = [
        f"{p.relative_to(REPO)}: {m.group(0)}" for p in core for m in pattern.finditer(p.read_text(encoding="utf-8"))
    ]
    assert not found, found


BANK = """\
source: ../seeds/000_987c6cd902e74af3.txt
title: Years
questions:
  - id: yr-one
    type: year
    difficulty: recall
    prompt: In which year did the TTP start to seek the imposition of its version of Islamic law?
    answer: 2007
    explanation: The third paragraph gives the year.
    evidence: on Pakistan since 2007
"""

RUN = """\
import sys
import quizgen.qtypes
quizgen.qtypes.__path__.append(sys.argv[1])
from mkdocs.__main__ import cli
cli(["build", "--strict", "-q", "-f", sys.argv[2], "-d", sys.argv[3]])
"""


def test_an_eighth_type_is_one_module_one_template_and_one_script(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {"years.yml": textwrap.dedent(BANK)}, glossary=None)
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-c", RUN, str(EIGHTH), str(project / "mkdocs.yml"), str(site)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    quiz = (site / "quizzes" / "years.html").read_text(encoding="utf-8")
    assert 'data-qg-type="year"' in quiz and 'class="qg-input qg-year"' in quiz and "a year" in quiz
    assert '"yr-one":{"a":2007,"t":"year"}' in quiz
    assert 'qg.register("year"' in (site / "assets" / "quizgen" / "quizgen.js").read_text(encoding="utf-8")
    assert "Year: <span" in (site / "sheets" / "years.html").read_text(encoding="utf-8")
    assert "2007" in (site / "sheets" / "years-key.html").read_text(encoding="utf-8")
    # Its schema fragment joins the bank schema: a key it does not take is refused by name.
    broken = project / "questions" / "years.yml"
    broken.write_text(broken.read_text(encoding="utf-8") + "    items: [a, b, c]\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", RUN, str(EIGHTH), str(project / "mkdocs.yml"), str(site)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=300,
    )
    assert result.returncode != 0
    assert (
        "$.questions[0].items (question 1, yr-one): 'items' does not belong in a year question (a year question takes answer (a year))"  # noqa: E501
        in result.stderr
    )
