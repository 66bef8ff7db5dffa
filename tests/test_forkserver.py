"""The tests' fork server gives what a new interpreter gives: output, exit code, environment, time limit."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ENV, FORKS, python_m, write_project
from tests.forkserver import starts_fresh


def fresh(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizgen", *args], capture_output=True, text=True, cwd=cwd, env={**ENV, **(env or {})}
    )


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("fork"))
    (root / "questions" / "broken.yml").write_text("source: ../seeds/nowhere.txt\nquestions: yes\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("args", [("validate",), ("validate", "-o", "json"), ("lint",), ("no-such-command",)])
def test_a_forked_command_gives_what_a_new_interpreter_gives(course: Path, args: tuple[str, ...]) -> None:
    assert FORKS.enabled
    forked, new = python_m("quizgen", *args, cwd=course), fresh(*args, cwd=course)
    assert (forked.returncode, forked.stdout, forked.stderr) == (new.returncode, new.stdout, new.stderr)
    assert forked.returncode != 0 and (forked.stdout or forked.stderr)


def test_each_command_has_its_own_environment_and_folder(course: Path, tmp_path: Path) -> None:
    bad = python_m("quizgen", "export", cwd=course, env={"SOURCE_DATE_EPOCH": "soon"})
    assert bad.returncode == 2 and "SOURCE_DATE_EPOCH must be a whole number" in bad.stderr
    (course / "questions" / "broken.yml").rename(tmp_path / "broken.yml")
    try:
        good = python_m("quizgen", "export", cwd=course)  # nothing of the last command's environment is left
        assert good.returncode == 0, good.stderr
        elsewhere = python_m("quizgen", "validate", cwd=tmp_path)  # nor of its folder
        assert elsewhere.returncode == 1 and elsewhere.stdout.startswith("questions:1:1: no such file or folder")
    finally:
        (tmp_path / "broken.yml").rename(course / "questions" / "broken.yml")


def test_a_command_past_its_time_is_stopped_and_the_next_one_runs(course: Path) -> None:
    started = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        python_m("quizgen", "pages", "--watch", "--interval", "0.05", cwd=course, timeout=3)
    assert time.monotonic() - started < 30
    assert python_m("quizgen", "validate", cwd=course).returncode == 1


def test_what_python_settles_at_start_up_gets_a_new_interpreter() -> None:
    assert not starts_fresh("quizgen", {**ENV, "QG_SITE_URL": "http://x/"}, ENV)
    for name, value in (("PYTHONHASHSEED", "1"), ("LC_ALL", "C"), ("LANG", "C"), ("NO_MKDOCS_2_WARNING", "")):
        assert starts_fresh("quizgen", {**ENV, name: value}, {k: v for k, v in ENV.items() if k != name})
    assert starts_fresh("properdocs", ENV, ENV) and starts_fresh("http.server", ENV, ENV)
