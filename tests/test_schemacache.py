"""Compiled validators kept on disk: the same answers as compiling, whatever the cache holds."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import fastjsonschema
import pytest

from quizgen import schemacache, usercache
from tests.conftest import ENV, REPO, write_project

SCHEMA = {
    "$id": "urn:test:schema:1",
    "type": "object",
    "properties": {"id": {"type": "string", "pattern": "^[a-z]+$"}, "n": {"type": "integer"}},
    "required": ["id"],
    "additionalProperties": False,
}
GOOD = [{"id": "abc"}, {"id": "x", "n": 3}]
BAD = [{}, {"id": "A"}, {"id": "abc", "n": "3"}, {"id": "abc", "extra": 1}, []]


def answers_of(check: object, data: object) -> bool:
    try:
        check(data)  # type: ignore[operator]
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def answers(check: object) -> list[bool]:
    return [answers_of(check, data) for data in GOOD + BAD]


EXPECTED = [True] * len(GOOD) + [False] * len(BAD)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(folder))
    return folder


def test_a_validator_is_compiled_once_then_read_back(cache: Path) -> None:
    assert answers(fastjsonschema.compile(SCHEMA)) == EXPECTED
    assert answers(schemacache.compiled(fastjsonschema, SCHEMA)) == EXPECTED
    (entry,) = cache.iterdir()
    # What is read back is what is run: an entry that accepts everything is believed.
    entry_name, _ = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((entry_name, compile(f"def {entry_name}(data): return data", "<t>", "exec"))))
    assert answers(schemacache.compiled(fastjsonschema, SCHEMA)) == [True] * len(EXPECTED)


#: A schema whose validator calls functions of its own (one per definition it refers to).
REFERRING = {
    "$id": "urn:test:schema:refs:1",
    "type": "object",
    "properties": {"a": {"$ref": "#/$defs/node"}, "b": {"type": "array", "items": {"$ref": "#/$defs/leaf"}}},
    "$defs": {
        "node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}, "v": {"$ref": "#/$defs/leaf"}}},
        "leaf": {"type": "integer", "minimum": 0},
    },
}


@pytest.mark.parametrize("definition", [SCHEMA, REFERRING], ids=["flat", "referring"])
def test_the_function_kept_is_the_schema_s_own_not_one_it_calls(cache: Path, definition: dict) -> None:
    own = fastjsonschema.compile(definition)
    for _ in range(2):  # compiled, then read back
        check = schemacache.compiled(fastjsonschema, definition)
        assert check.__name__ == own.__name__  # type: ignore[attr-defined]
    data = [{"a": {"next": {"v": -1}}}, {"a": {"next": {"v": 1}}, "b": [0, 2]}, {"b": [-3]}]
    assert [answers_of(check, d) for d in data] == [answers_of(own, d) for d in data]


def test_another_schema_never_reads_the_entry_of_the_first(cache: Path) -> None:
    schemacache.compiled(fastjsonschema, SCHEMA)
    changed = {**SCHEMA, "required": ["id", "n"]}
    check = schemacache.compiled(fastjsonschema, changed)
    assert answers(check)[:2] == [False, True]
    assert len(list(cache.iterdir())) == 2


@pytest.mark.parametrize("content", [b"", b"not marshal", marshal.dumps(42), marshal.dumps(("validate", "code"))])
def test_an_entry_that_cannot_be_read_is_compiled_again(cache: Path, content: bytes) -> None:
    schemacache.compiled(fastjsonschema, SCHEMA)
    (entry,) = cache.iterdir()
    entry.write_bytes(content)
    assert answers(schemacache.compiled(fastjsonschema, SCHEMA)) == EXPECTED
    assert entry.read_bytes() != content  # and written again whole


def test_a_cache_that_cannot_be_written_or_is_off_still_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be", encoding="utf-8")
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", str(blocked / "cache"))
    assert answers(schemacache.compiled(fastjsonschema, SCHEMA)) == EXPECTED
    monkeypatch.setenv("QUIZGEN_CACHE_DIR", "off")
    assert usercache.folder() is None
    assert answers(schemacache.compiled(fastjsonschema, SCHEMA)) == EXPECTED
    monkeypatch.delenv("QUIZGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert usercache.folder() == tmp_path / "xdg" / "quizgen"


def test_validate_reports_the_same_problems_with_a_cold_and_a_warm_cache(tmp_path: Path) -> None:
    bad = (REPO / "questions" / "events.yml").read_text(encoding="utf-8").replace("type: single", "type: singel", 1)
    project = write_project(tmp_path / "course", {"events.yml": bad})
    env = {**ENV, "QUIZGEN_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-m", "quizgen", "validate"], cwd=project, env=env, capture_output=True, text=True
        )
        for _ in range(2)
    ]
    assert os.listdir(tmp_path / "cache")  # the first run filled it
    assert runs[0].returncode == runs[1].returncode == 1
    assert "singel" in runs[0].stdout + runs[0].stderr
    assert (runs[0].stdout, runs[0].stderr) == (runs[1].stdout, runs[1].stderr)
