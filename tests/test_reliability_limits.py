"""The documented limits hold, each refusal names the file and the line.

The limits live in ``quizgen/limits.py`` (what the loader enforces before building any
value) and in the JSON Schemas (field lengths, list sizes, the id pattern). Each is
checked here at its boundary: the limit itself is accepted, one more is refused, located.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from quizgen import limits
from quizgen.catalog import CatalogBuilder
from quizgen.schema import schema
from tests.conftest import GLOSSARY, GOOD_BANK, write_project

HEAD = "source: ../seeds/000_987c6cd902e74af3.txt\ntopic: events\ntitle: Limits\nquestions:\n"


def question(n: int, **fields: str) -> str:
    q = {
        "id": f"q-{n}",
        "type": "true_false",
        "answer": "true",
        "difficulty": "recall",
        "prompt": "A prompt.",
        "explanation": "An explanation.",
        "evidence": "killed 36 airport personnel",
    } | fields
    return "  - " + "\n    ".join(f"{k}: {v}" for k, v in q.items()) + "\n"


def check(tmp_path: Path, bank: str | bytes | None = None, glossary: str | bytes | None = None) -> list[str]:
    project = write_project(tmp_path / "p", {}, glossary=None)
    if bank is not None:
        path = project / "questions" / "bank.yml"
        path.write_bytes(bank if isinstance(bank, bytes) else bank.encode("utf-8"))
    else:
        (project / "questions" / "bank.yml").write_text(GOOD_BANK, encoding="utf-8")
    if glossary is not None:
        path = project / "questions" / "glossary.yml"
        path.write_bytes(glossary if isinstance(glossary, bytes) else glossary.encode("utf-8"))
    catalog, issues = CatalogBuilder(project).build([project / "questions"])
    # The lint rules' warnings (a thousand copies of one question) are not what is tested here.
    errors = [i for i in issues if i.severity == "error"]
    assert (catalog is None) == bool(errors)
    return [i.format() for i in sorted(set(errors))]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def assert_refused_at(issues: list[str], file: str, line: int, fragment: str) -> None:
    assert issues, "accepted"
    assert any(i.startswith(f"questions/{file}:{line}:") and fragment in i for i in issues), issues


# -- the loader's limits -----------------------------------------------------------------------


def test_file_size(tmp_path: Path) -> None:
    padding = "# " + "x" * 98 + "\n"
    bank = HEAD + question(0)
    bank += padding * ((limits.MAX_FILE_BYTES - len(bank)) // len(padding))
    bank += "#" * (limits.MAX_FILE_BYTES - len(bank.encode()) - 1) + "\n"
    assert len(bank.encode()) == limits.MAX_FILE_BYTES
    assert check(tmp_path, bank) == []
    # Placed where the file passes the limit: here a comment, on the last line.
    last = bank.count("\n") + 1
    assert_refused_at(check(tmp_path, bank + "#"), "bank.yml", last, f"over the limit of {limits.MAX_FILE_BYTES:,}")
    # A long text that passes it: at the key whose value it is.
    long = HEAD + question(0) + "  - id: q-long\n    type: true_false\n    prompt: |\n"
    long += "      words\n" * (limits.MAX_FILE_BYTES // 12)
    assert_refused_at(check(tmp_path, long), "bank.yml", line_of(long, "prompt: |"), "the value that passes the limit")


def test_nesting_depth(tmp_path: Path) -> None:
    ok = HEAD + question(0, tags="[x]")
    assert check(tmp_path, ok) == []
    levels = "".join("  " * (k + 3) + f"k{k}:\n" for k in range(40))
    deep = HEAD + question(0) + "    extra:\n" + levels + "      " + "  " * 40 + "v: 1\n"
    # The 33rd level is where the limit is crossed: line of the mapping that starts it.
    first_level = line_of(deep, "k0:")
    assert_refused_at(check(tmp_path, deep), "bank.yml", first_level + limits.MAX_DEPTH - 3, "nesting deeper than 32")


def test_aliases(tmp_path: Path) -> None:
    bank = HEAD + question(0, explanation="&why The explanation.") + question(1, explanation="*why")
    assert_refused_at(check(tmp_path, bank), "bank.yml", line_of(bank, "*why"), "aliases (*name) are not supported")


def test_items_per_list_and_questions_per_bank(tmp_path: Path) -> None:
    assert limits.MAX_QUESTIONS <= limits.MAX_ITEMS
    bank = HEAD + "".join(question(n) for n in range(limits.MAX_QUESTIONS))
    assert check(tmp_path, bank) == []
    bank += question(limits.MAX_QUESTIONS)
    assert_refused_at(check(tmp_path, bank), "bank.yml", 5, f"over the limit of {limits.MAX_QUESTIONS:,}")


def test_values_per_file(tmp_path: Path) -> None:
    bank = (
        HEAD
        + question(0, tags="[" + ", ".join(["x"] * 10) + "]")
        + "extra:\n"
        + "".join(f"  - [{', '.join(['1'] * 99)}]\n" for _ in range(limits.MAX_EVENTS // 100 + 10))
    )
    issues = check(tmp_path, bank)
    assert len(issues) == 1 and f"more than {limits.MAX_EVENTS:,} YAML values" in issues[0]
    line = int(issues[0].split(":")[1])
    assert 10 < line < limits.MAX_EVENTS // 100 + 20  # where the count was crossed, not line 1


def test_integers_stay_exact_in_a_browser(tmp_path: Path) -> None:
    numeric = "    type: numeric\n"
    ok = HEAD + question(0, answer=str(limits.MAX_INT)).replace("    type: true_false\n", numeric)
    assert check(tmp_path, ok) == []
    bad = HEAD + question(0, answer=str(limits.MAX_INT + 1)).replace("    type: true_false\n", numeric)
    assert_refused_at(check(tmp_path, bad), "bank.yml", line_of(bad, "answer:"), "too large")


# -- the schema's limits ---------------------------------------------------------------------


@pytest.mark.parametrize(("field", "limit"), [("prompt", limits.MAX_TEXT), ("explanation", limits.MAX_TEXT)])
def test_text_field_length(tmp_path: Path, field: str, limit: int) -> None:
    assert check(tmp_path, HEAD + question(0, **{field: "x" * limit})) == []
    bank = HEAD + question(0) + question(1, **{field: "x" * (limit + 1)})
    issues = check(tmp_path, bank)
    assert_refused_at(issues, "bank.yml", line_of(bank, "x" * 100), f"over the limit of {limit:,}")
    assert all(len(i) < 400 for i in issues), "the value was echoed in full"


def test_title_length(tmp_path: Path) -> None:
    bank = HEAD.replace("title: Limits", "title: " + "t" * 201) + question(0)
    assert_refused_at(check(tmp_path, bank), "bank.yml", 3, "over the limit of 200")


def test_quote_length(tmp_path: Path) -> None:
    bank = HEAD + question(0, evidence="q" * 2001)
    # (The message does not name the limit: the schema says evidence is a quote or a list of quotes.)
    assert_refused_at(check(tmp_path, bank), "bank.yml", line_of(bank, "qqq"), "evidence")


def test_id_length(tmp_path: Path) -> None:
    assert check(tmp_path, HEAD + question(0, id="q" * limits.MAX_ID)) == []
    bank = HEAD + question(0, id="q" * (limits.MAX_ID + 1))
    assert_refused_at(check(tmp_path, bank), "bank.yml", 5, "the id")


BAD_IDS = {
    "Cyrillic a": "ev-pl\u0430ne",  # looks like ev-plane
    "Cyrillic o": "\u043eil",
    "Greek omicron": "ev-\u03bfne",
    "zero-width space": '"ev-pl\\u200bane"',
    "zero-width joiner": '"ev\\u200d-plane"',
    "soft hyphen": '"ev\\u00adplane"',
    "no-break space": '"ev plane"'.replace(" ", "\u00a0"),
    "fullwidth letters": "\uff45\uff56",
    "combining accent": "ev-plane\u0301",
    "uppercase": "Ev-plane",
    "underscore": "ev_plane",
    "leading dash": "-ev-plane",
    "space": '"ev plane"',
    "slash": "ev/plane",
    "dots": "..",
    "empty": '""',
}


@pytest.mark.parametrize("bad", BAD_IDS.values(), ids=BAD_IDS.keys())
def test_ids_are_visible_ascii_only(tmp_path: Path, bad: str) -> None:
    bank = HEAD + question(0, id=bad)
    assert_refused_at(check(tmp_path, bank), "bank.yml", 5, "id")


def test_an_id_with_a_trailing_newline_is_refused(tmp_path: Path) -> None:
    for bad in ('"ev-plane\\n"', "|\n      ev-plane"):
        bank = HEAD + question(0, id=bad)
        assert_refused_at(check(tmp_path, bank), "bank.yml", 5, "id")


def test_glossary_limits(tmp_path: Path) -> None:
    # background: the terms are no words of the article (a term no source uses is an error otherwise).
    term = "  - term: {name}\n    expansion: {exp}\n    definition: {definition}\n    background: true\n"
    ok = "terms:\n" + term.format(name="t" * 80, exp="e" * 200, definition="d" * limits.MAX_TEXT)
    assert check(tmp_path, glossary=ok) == []
    for bad, fragment in [
        (term.format(name="t" * 81, exp="e", definition="d"), "over the limit of 80"),
        (term.format(name="t", exp="e" * 201, definition="d"), "over the limit of 200"),
        (
            term.format(name="t", exp="e", definition="d" * (limits.MAX_TEXT + 1)),
            f"over the limit of {limits.MAX_TEXT:,}",
        ),
    ]:
        assert_refused_at(
            check(tmp_path, glossary=GLOSSARY + bad),
            "glossary.yml",
            GLOSSARY.count("\n") + 1 + ("expansion: " + "e" * 201 in bad) + ("d" * 100 in bad) * 2,
            fragment,
        )
    many = "terms:\n" + "".join(term.format(name=f"t{k}", exp="e", definition="d") for k in range(1001))
    assert_refused_at(check(tmp_path, glossary=many), "glossary.yml", 2, "over the limit of 1,000")


# -- the numbers agree ---------------------------------------------------------------------------


def _walk(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        return [node] + [d for v in node.values() for d in _walk(v)]
    if isinstance(node, list):
        return [d for v in node for d in _walk(v)]
    return []


def test_the_schemas_and_limits_py_agree() -> None:
    bank, glossary = schema("bank"), schema("glossary")
    assert bank["$defs"]["text"]["maxLength"] == limits.MAX_TEXT == glossary["$defs"]["text"]["maxLength"]
    assert bank["properties"]["questions"]["maxItems"] == limits.MAX_QUESTIONS
    assert re.fullmatch(r"\^\[a-z0-9\]\[a-z0-9-\]\{0,(\d+)\}\$", bank["$defs"]["id"]["pattern"])
    assert int(re.findall(r"\{0,(\d+)\}", bank["$defs"]["id"]["pattern"])[0]) + 1 == limits.MAX_ID
    # No list the schemas allow is longer than the loader allows, and no text longer than MAX_TEXT.
    for node in _walk(bank) + _walk(glossary):
        assert node.get("maxItems", 0) <= limits.MAX_ITEMS
        assert node.get("maxLength", 0) <= limits.MAX_TEXT
    assert limits.MAX_FILE_BYTES <= 16 * 1024 * 1024 and limits.MAX_EVENTS >= 50 * limits.MAX_QUESTIONS
    assert json.dumps(limits.MAX_INT) == "9007199254740991"
