"""The loader never crashes, never hangs, and places every problem at its line.

``quizgen.loader.load_text`` is the one door through which the bytes of a bank or glossary
file enter quizgen. These tests feed it one hostile input per failure class that PyYAML is
known for (every exception class its parsers raise included), then arbitrary bytes and
YAML-shaped noise from hypothesis, through both the libyaml and the pure-Python parser.
"""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from quizgen import limits, loader, yamlnodes
from quizgen.loader import Document, load_text, load_yaml
from quizgen.report import Issue
from tests.test_reliability_common import examples

FORMAT = re.compile(r"\Af\.yml:[1-9][0-9]*:[1-9][0-9]*: (\$[^:]*: )?\S.*\Z", re.S)


def bomb(levels: int = 9, fan: int = 9) -> bytes:
    """The "billion laughs": each level refers to the previous one ``fan`` times."""
    lines = [b"a0: &a0 [" + b", ".join([b"lol"] * fan) + b"]"]
    for i in range(1, levels):
        lines.append(b"a%d: &a%d [" % (i, i) + b", ".join([b"*a%d" % (i - 1)] * fan) + b"]")
    return b"\n".join(lines) + b"\n"


def nested_block(depth: int) -> bytes:
    return b"".join(b"  " * i + b"k:\n" for i in range(depth)) + b"  " * depth + b"v: 1\n"


# (name, file bytes, expected line, expected column or None, a fragment of the message)
CASES: list[tuple[str, bytes, int, int | None, str]] = [
    # -- bytes and characters (decode) -------------------------------------------------
    ("empty file", b"", 1, 1, "empty"),
    ("comments only", b"# nothing here\n\n", 1, 1, "empty"),
    ("bad byte on line 3", b"a: 1\nb: 2\nc: caf\xe9\n", 3, 7, "byte 0xe9"),
    ("bad byte column counts characters", "a: 1\nb: é€".encode() + b"\x92\n", 2, 6, "byte 0x92"),
    ("bad byte after CR line ends", b"a: 1\rb: 2\rc: \x92\r", 3, 4, "byte 0x92"),
    ("bad byte after CRLF line ends", b"a: 1\r\nb: 2\r\nc: \x92\r\n", 3, 4, "byte 0x92"),
    ("UTF-16 LE with BOM", "a: b\n".encode("utf-16-le").join([b"\xff\xfe", b""]), 1, 1, "UTF-16"),
    ("UTF-16 BE with BOM", b"\xfe\xff" + "a: b\n".encode("utf-16-be"), 1, 1, "UTF-16"),
    ("UTF-32 LE with BOM", "a: b\n".encode("utf-32"), 1, 1, "UTF-"),
    ("UTF-16 without BOM", "a: b\n".encode("utf-16-le"), 1, 2, "U+0000"),
    ("NUL byte", b"a: 1\nb: x\x00y\n", 2, 5, "U+0000"),
    ("bell control character", b"a: 1\nb: x\x07\n", 2, 5, "U+0007"),
    ("DEL control character", b"a: x\x7f\n", 1, 5, "U+007F"),
    ("raw U+2028", "a: 1\nb: x\u2028y\n".encode(), 2, 5, "U+2028"),
    ("raw U+2029", "a: x\u2029\n".encode(), 1, 5, "U+2029"),
    ("raw U+0085", "a: 1\nb: 2\nc: x\x85y\n".encode(), 3, 5, "U+0085"),
    ("raw C1 control", "a: x\x9b\n".encode(), 1, 5, "U+009B"),
    ("noncharacter U+FFFE", "a: x\ufffe\n".encode(), 1, 5, "U+FFFE"),
    # -- syntax (scanner, parser, composer) --------------------------------------------
    ("tab indentation", b"a:\n  b: 1\n\tc: 2\n", 3, 1, "tab"),
    ("tab indentation in a list", b"a:\n  - x\n\t- y\n", 3, 1, "tab"),
    ("unclosed flow list", b"a: [1, 2\nb: 3\n", 2, 2, "YAML syntax"),
    ("unclosed quote", b'a: "abc\n', 2, 1, "YAML syntax"),
    ("bad escape", b'a: "\\q"\n', 1, 5, "YAML syntax"),
    ("surrogate escape", b'a: "\\ud800"\n', 1, 7, "YAML syntax"),
    ("escape past U+10FFFF", b'a: "\\U00110000"\n', 1, 7, "YAML syntax"),
    ("undefined alias", b"a: 1\nb: *nope\n", 2, 4, "YAML syntax"),
    ("two documents", b"a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document"),
    ("document end then more", b"a: 1\n...\n---\nb: 2\n", 3, 1, "more than one YAML document"),
    ("flow nesting 5000 deep", b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", 1, None, "nesting deeper"),
    ("mapping nesting 3000 deep", b"a: " + b"{a: " * 3000 + b"1" + b"}" * 3000 + b"\n", 1, None, "nesting deeper"),
    ("block nesting 1200 deep", nested_block(1200), 1000, None, "nesting deeper"),
    ("block nesting 40 deep", nested_block(40), 33, None, "nesting deeper than 32"),
    ("empty key", b": 1\n", 1, 1, "YAML syntax"),
    # -- values (the builder) ------------------------------------------------------------
    ("duplicate key", b"a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a' (first at line 1)"),
    ("duplicate key in a question", b"q:\n  - answer: false\n    text: x\n    answer: true\n", 4, 5, "first at line 2"),
    ("yes", b"text: yes\n", 1, 7, 'quote this value ("yes")'),
    ("No", b"text: No\n", 1, 7, "boolean"),
    ("on", b"text: on\n", 1, 7, "boolean"),
    ("OFF", b"text: OFF\n", 1, 7, "boolean"),
    ("base-60 5:00", b"a: 1\nanswer: 5:00\n", 2, 9, 'quote this value ("5:00")'),
    ("base-60 float", b"answer: 1:30.5\n", 1, 9, "base-60"),
    ("octal 010", b"answer: 010\n", 1, 9, "octal"),
    ("hex 0x1A", b"answer: 0x1A\n", 1, 9, "hex"),
    ("binary 0b101", b"answer: 0b101\n", 1, 9, "binary"),
    ("underscores 1_000", b"answer: 1_000\n", 1, 9, "quote this value"),
    ("date", b"a: 1\nwhen: 2014-06-08\n", 2, 7, "date"),
    ("timestamp", b"when: 2001-12-14t21:59:43.10-05:00\n", 1, 7, "date"),
    (".nan", b"answer: .nan\n", 1, 9, "not a finite"),
    (".inf", b"answer: .inf\n", 1, 9, "not a finite"),
    ("-.Inf", b"answer: -.Inf\n", 1, 9, "not a finite"),
    ("5000-digit integer", b"a: 1\nanswer: " + b"9" * 5000 + b"\n", 2, 9, "too large"),
    ("negative 5000-digit integer", b"answer: -" + b"7" * 5000 + b"\n", 1, 9, "too large"),
    ("integer just over 2^53-1", b"answer: 9007199254740992\n", 1, 9, "too large"),
    ("5000-digit float", b"answer: 1" + b"0" * 5000 + b".5\n", 1, 9, "not a finite"),
    ("YAML 1.1 value key '='", b"a: =\n", 1, 4, "special meaning"),
    ("'<<' as a value", b"a: <<\n", 1, 4, "special meaning"),
    ("!!null with a value", b"a: !!null nothing\n", 1, 4, "null"),
    ("!!python/object", b"a: !!python/object:os.system {}\n", 1, 4, "not supported"),
    ("!!python/object/apply", b"a: !!python/object/apply:os.system ['echo pwned']\n", 1, 4, "not supported"),
    ("!!python/name", b"a: !!python/name:os.system ''\n", 1, 4, "not supported"),
    ("!!binary", b"a: 1\nb: !!binary aGVsbG8=\n", 2, 4, "not supported"),
    ("!!set", b"a: !!set {x, y}\n", 1, 4, "not supported"),
    ("!!omap", b"a: !!omap [x: 1]\n", 1, 4, "not supported"),
    ("!!timestamp tag", b"a: !!timestamp 2001-12-14\n", 1, 4, "date"),
    ("!!float on an integer", b"a: !!float 1\n", 1, 4, "finite"),
    ("local tag", b"a: !secret x\n", 1, 4, "not supported"),
    ("%TAG directive", b"%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n", 3, 4, "not supported"),
    ("merge key", b"base: &b {x: 1}\nq:\n  <<: *b\n  y: 2\n", 3, 3, "merge keys"),
    ("complex key (list)", b"? [a, b]\n: c\n", 1, 3, "plain text"),
    ("complex key (flow mapping)", b"{[a]: 1}\n", 1, 2, "plain text"),
    ("key that is a number", b"1: x\n", 1, 1, "not text"),
    ("key that is null", b"~: x\n", 1, 1, "not text"),
    ("key with an escaped NUL", b'"a\\0": 1\n', 1, 1, "control character"),
    ("text with an escaped NUL", b'a: 1\nsource: "seeds/x\\0.txt"\n', 2, 9, "control character U+0000"),
    ("text with an escaped NEL", b'a: "x\\N"\n', 1, 4, "control character U+0085"),
    ("text with an escaped bell", b'a: "\\a"\n', 1, 4, "control character U+0007"),
    # -- aliases ---------------------------------------------------------------------------
    ("self-referencing alias", b"a: &t [actors, *t]\n", 1, 16, "aliases"),
    ("alias to a mapping", b"q: &q {id: a}\nr: *q\n", 2, 4, "aliases"),
    ("alias to a scalar", b"a: &x hello\nb:\n  - *x\n", 3, 5, "aliases"),
    ("billion laughs", bomb(), 2, 10, "aliases"),
    ("alias inside a merge key's mapping", b"a: &a x\nb: {<<: {c: *a}}\n", 2, 5, "merge keys"),
    # -- limits ----------------------------------------------------------------------------
    ("list over the item limit", b"a: 1\nquestions: [" + b"x, " * limits.MAX_ITEMS + b"x]\n", 2, 12, "over the limit"),
    (
        "mapping over the key limit",
        b"a:\n" + b"".join(b"  k%d: 1\n" % i for i in range(limits.MAX_ITEMS + 1)),
        2,
        3,
        "over the limit",
    ),
    ("too many values", b"a: 1\nb: [" + b"~," * limits.MAX_EVENTS + b"~]\n", 2, None, "YAML values"),
    ("over the size limit", b"a: '" + b"x" * limits.MAX_FILE_BYTES + b"'\n", 1, 1, "over the limit"),
    (
        "too many problems",
        b"".join(b"k%d: yes\n" % i for i in range(500)),
        limits.MAX_FILE_ISSUES,
        None,
        "problems; the rest of the file was not checked",
    ),
]


@pytest.mark.parametrize(("name", "data", "line", "column", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_each_hostile_input_is_one_located_problem(
    name: str, data: bytes, line: int, column: int | None, fragment: str
) -> None:
    start = time.process_time()  # the work done, not the waits of a loaded machine
    doc, issues = load_text(data, "f.yml")
    assert time.process_time() - start < 5, "took too long"
    assert issues, "accepted"
    matching = [i for i in issues if fragment in i.message + " (" + i.hint + ")"]
    assert matching, [i.format() for i in issues]
    issue = matching[0] if fragment != "problems; the rest of the file was not checked" else matching[-1]
    assert (issue.line, issue.column if column is not None else None) == (line, column), issue.format()
    for i in issues:
        assert FORMAT.match(i.format()), i.format()
        assert len(i.format()) < 400, "an unbounded value was echoed"


def test_both_lines_of_a_duplicate_key_are_cited() -> None:
    _, [issue] = load_text(b"questions:\n  - id: a\n    answer: false\n    answer: true\n", "f.yml")
    assert (issue.line, issue.path) == (4, ("questions", 0, "answer"))
    assert "first at line 3" in issue.message


def test_an_alias_bomb_is_refused_at_its_first_alias_without_expansion() -> None:
    start = time.process_time()
    doc, issues = load_text(bomb(levels=30, fan=30), "f.yml")
    assert time.process_time() - start < 2
    assert min((i.line, i.column) for i in issues) == (2, 10)
    assert len(issues) <= limits.MAX_FILE_ISSUES + 1  # stops reporting, and reading, after that many
    doc, issues = load_text(bomb(levels=9, fan=9), "f.yml")
    assert doc is not None and json.dumps(doc.data)  # the refused values are None: nothing to expand


def test_a_file_of_aliases_costs_no_more_than_its_text() -> None:
    data = b"a: &a [x]\nb: [" + b"*a, " * 40_000 + b"*a]\n"
    start = time.process_time()
    doc, issues = load_text(data, "f.yml")
    assert time.process_time() - start < 5
    assert issues and issues[0].line == 2


@pytest.mark.parametrize(
    "text",
    [
        b"a: 1\n",
        b"\xef\xbb\xbfa: 1\n",
        b"%YAML 1.1\n---\na: 1\n",
        b"---\na: 1\n...\n",
        b"a: 1\r\n",
        b"a: !!str 5\n",
        b"a: &x 1\n",
        b'a: "\\u2028 \\U0001F600 \\t"\n',
    ],
)
def test_ordinary_files_load(text: bytes) -> None:
    doc, issues = load_text(text, "f.yml")
    assert issues == [] and doc is not None and isinstance(doc.data, dict)


def test_every_scalar_yaml_11_and_12_agree_on_is_kept() -> None:
    doc, issues = load_text(
        b"a: true\nb: False\nc: 12\nd: -3\ne: 2.5\nf: .5\ng: 1.0e+3\nh: ~\ni: null\nj: 'yes'\n"
        b'k: "5:00"\nl: 9007199254740991\nm: 0\nn: 1e3\no: 0o17\n',
        "f.yml",
    )
    assert issues == []
    assert doc is not None and doc.data == {
        "a": True,
        "b": False,
        "c": 12,
        "d": -3,
        "e": 2.5,
        "f": 0.5,
        "g": 1000.0,
        "h": None,
        "i": None,
        "j": "yes",
        "k": "5:00",
        "l": limits.MAX_INT,
        "m": 0,
        "n": "1e3",
        "o": "0o17",
    }


# -- every exception class ----------------------------------------------------------------


def _raise(exc: BaseException) -> Any:
    def compose(text: str) -> Any:
        raise exc

    return compose


MARK = yaml.Mark("f.yml", 12, 2, 4, None, None)


@pytest.mark.parametrize(
    "exc",
    [
        yaml.reader.ReaderError("f.yml", 3, 0x92, "utf-8", "invalid"),
        yaml.scanner.ScannerError("while scanning", MARK, "found something", MARK),
        yaml.parser.ParserError("while parsing", MARK, "expected something", MARK),
        yaml.composer.ComposerError("while composing", None, "found something", None),
        yaml.constructor.ConstructorError(None, None, "could not construct", MARK),
        yaml.YAMLError("plain YAMLError"),
        RecursionError("maximum recursion depth exceeded"),
        MemoryError(),
        ValueError("Exceeds the limit (4300 digits) for integer string conversion"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_exception_a_parser_raises_becomes_an_issue(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    monkeypatch.setattr(loader, "compose", _raise(exc))
    monkeypatch.setattr(loader, "compose_counted", _raise(exc))
    monkeypatch.setattr(loader, "count_events", lambda text: None)
    doc, [issue] = load_text(b"a: 1\n", "f.yml")
    assert doc is None and FORMAT.match(issue.format())


@pytest.mark.parametrize("exc", [RecursionError(), MemoryError(), ValueError("bad")], ids=lambda e: type(e).__name__)
def test_exceptions_while_counting_values_become_issues(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    # Values are counted while composing; the events are counted only to place a refusal,
    # and for a file with anchors.
    monkeypatch.setattr(loader, "compose_counted", _raise(yamlnodes.TooManyValues()))
    monkeypatch.setattr(loader, "count_events", _raise(exc))
    doc, [issue] = load_text(b"a: 1\n", "f.yml")
    assert doc is None and FORMAT.match(issue.format())
    monkeypatch.undo()
    monkeypatch.setattr(loader, "count_events", _raise(exc))
    doc, [issue] = load_text(b"a: &x 1\nb: *x\n", "f.yml")
    assert doc is None and FORMAT.match(issue.format())


@pytest.mark.parametrize("exc", [RecursionError(), TypeError("a bug"), KeyError("x")], ids=lambda e: type(e).__name__)
def test_an_exception_while_building_values_becomes_an_issue(
    monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    def build(self: Any, node: Any, path: Any, depth: int) -> Any:
        raise exc

    monkeypatch.setattr(loader.Builder, "build", build)
    doc, issues = load_text(b"a: 1\n", "f.yml")
    assert issues and all(FORMAT.match(i.format()) for i in issues)


def test_unreadable_and_special_files_are_issues(tmp_path: Path) -> None:
    assert load_yaml(tmp_path / "missing.yml", "missing.yml")[1][0].message.startswith("cannot read")
    assert load_yaml(tmp_path, "folder.yml")[1][0].message.startswith("cannot read")
    if Path("/dev/zero").exists():  # a file that never ends: read no more than the limit
        doc, [issue] = load_yaml(Path("/dev/zero"), "zero.yml")
        assert doc is None and "over the limit" in issue.message


# -- any bytes, both parsers ------------------------------------------------------------

YAML_BITS = [
    "&a ",
    "*a",
    "&b [",
    "*b, ",
    "!!",
    "!!str ",
    "!!python/object:x ",
    "!!binary ",
    "!!set ",
    "<<: ",
    "<<: *a",
    "---\n",
    "...\n",
    "? ",
    ": ",
    "- ",
    "|\n",
    ">-\n",
    "\t",
    "\ufeff",
    "\x85",
    "\u2028",
    "#",
    "'",
    '"',
    "\\",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    "\n  ",
    "\n    ",
    "\r",
    "\r\n",
    "yes",
    "No",
    "on",
    "5:00",
    "010",
    "0x1A",
    "2014-06-08",
    ".nan",
    "-.inf",
    "9" * 30,
    "1e3",
    "=",
    "~",
    "null",
    "key",
    "questions",
    "id",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "\x00",
    "\xe9",
    "--8<--",
    "</script>",
    "{{ x }}",
]
yaml_noise = st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=3), max_size=40).map(
    lambda p: "".join(p).encode("utf-8", "surrogatepass")
)


def check(data: bytes) -> None:
    doc, issues = load_text(data, "f.yml")
    assert all(isinstance(i, Issue) and i.line >= 1 and i.column >= 1 for i in issues)
    assert all(FORMAT.match(i.format()) for i in issues)
    if doc is None:
        assert issues, "nothing loaded and nothing said"
        return
    assert isinstance(doc, Document)
    # Whatever was accepted is plain JSON: no dates, NaN, cycles, huge ints or deep nesting.
    assert json.loads(json.dumps(doc.data, allow_nan=False)) == doc.data
    assert _depth(doc.data) <= limits.MAX_DEPTH + 1
    assert all(abs(n) <= limits.MAX_INT for n in _numbers(doc.data) if isinstance(n, int))
    assert all(math.isfinite(n) for n in _numbers(doc.data))


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def _numbers(value: Any) -> list[float]:
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return [value] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "pure-python":
        monkeypatch.setattr(yamlnodes, "_Loader", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml")
    return str(request.param)


@examples(300)
@given(data=st.binary(max_size=600))
def test_any_bytes_give_data_or_located_issues(parser: str, data: bytes) -> None:
    check(data)


@examples(300)
@given(data=yaml_noise)
def test_any_yaml_shaped_noise_gives_data_or_located_issues(parser: str, data: bytes) -> None:
    check(data)


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c[0] not in ("over the size limit", "too many values")],
    ids=[c[0] for c in CASES if c[0] not in ("over the size limit", "too many values")],
)
def test_the_pure_python_parser_never_raises_either(parser: str, case: tuple[str, bytes, int, int | None, str]) -> None:
    check(case[1])


# A key written twice is reported by the loader, and the schema's problems inside the value it
# kept are not said again; that value must still be left out, not built as if it were valid.
_TWICE = {
    "glossary": (
        "questions/glossary.yml",
        "terms:\n  - expansion: no term here\n    definition: x\n"
        "  - term: TTP\n    expansion: Tehrik-i-Taliban Pakistan\n    definition: A group.\n"
        "terms:\n  - term: FATA\n    expansion: Federally Administered Tribal Areas\n    definition: A region.\n",
        7,
    ),
    "bank": (
        "questions/events.yml",
        "topic: events\ntitle: T\nquestions:\n  - id: q1\n    type: single\n    difficulty: recall\n"
        "    choices: [{text: a, correct: true}, {text: b}]\n    explanation: x\n"
        "questions:\n  - id: q2\n    type: true_false\n    difficulty: recall\n    prompt: P?\n"
        "    answer: true\n    explanation: x\n",
        9,
    ),
}


@pytest.mark.parametrize("kind", sorted(_TWICE))
def test_a_key_written_twice_over_an_invalid_value_is_reported_not_raised(tmp_path: Path, kind: str) -> None:
    from quizgen.catalog import CatalogBuilder
    from quizgen.settings import defaults
    from tests.conftest import GOOD_BANK, write_project

    name, text, line = _TWICE[kind]
    project = write_project(tmp_path / "p", {"events.yml": GOOD_BANK})
    (project / name).write_text(text, encoding="utf-8")
    catalog, issues = CatalogBuilder(project).build(settings=defaults(project))
    assert catalog is None
    twice = [i for i in issues if "duplicate key" in i.message]
    assert [(i.file, i.line) for i in twice] == [(name, line)], [i.format() for i in issues]
