"""Properties of the whole check, from bank text to pages, with hypothesis.

- A planted defect is reported at the line where it was planted, and nowhere else.
- A value YAML 1.1 and 1.2 read differently is either refused at its line with "quote this
  value", or kept exactly as written; quoted, it is always kept exactly.
- Text in any script round-trips unchanged into the page (inside an element marked
  ``dir="auto"``, or inside the quiz's explicit direction where the text runs that way) and
  into the JSON export.

Banks are written by :class:`BankText`, which records the line of every value it writes.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from quizgen import pages, render
from quizgen.catalog import CatalogBuilder
from quizgen.export import export_json
from quizgen.models import Catalog
from quizgen.source import read_source
from tests.conftest import SEED, write_project
from tests.test_reliability_common import examples, yaml_quote

SOURCE = replace(read_source(SEED, "seed.txt")[0], id="airports", title="The article")  # type: ignore[type-var]
assert SOURCE is not None
TYPES = ("single", "multiple", "true_false", "fill_blank", "numeric", "matching", "ordering")
# Text with no character Markdown or HTML gives a meaning to, in any script: what the page
# shows must be exactly this.
PLAIN = st.text(
    alphabet=st.characters(
        exclude_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn"), exclude_characters="\\`*_[]()<>&!~\ufeff"
    ),
    min_size=1,
    max_size=24,
)
# Any text a YAML file can hold (written quoted), Markdown included.
ANY = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"), min_size=1, max_size=24
)
RTL = st.sampled_from(
    [
        "پشاور میں طیارے پر فائرنگ",
        "مطار باشا خان الدولي",
        "נמל התעופה בפשאוור",
        "کراچی",
        "Peshawar: پشاور",
        "«هجوم» (2014)",
        "ا\u200cب",
    ]
)


def quotes(rng: random.Random, n: int) -> list[str]:
    """``n`` evidence quotes: runs of 3 to 8 whole words from one paragraph of the article."""
    out = []
    for _ in range(n):
        words = rng.choice(SOURCE.paragraphs).text.split()
        start = rng.randrange(0, len(words) - 8)
        quote = " ".join(words[start : start + rng.randint(3, 8)])
        out.append(quote if len(quote) >= 12 else " ".join(words[start : start + 8]))
    return out


@dataclass
class BankText:
    """A valid bank written line by line; ``where[(question, key)]`` is the line of that key."""

    lines: list[str] = field(default_factory=list)
    where: dict[tuple[int, str], int] = field(default_factory=dict)
    #: The text written for each field, when the bank was written with ``mark=True``.
    values: dict[tuple[int, str], str] = field(default_factory=dict)

    def add(self, text: str, at: tuple[int, str] | None = None) -> None:
        self.lines.append(text)
        if at is not None:
            self.where[at] = len(self.lines)

    def bytes(self) -> bytes:
        return ("\n".join(self.lines) + "\n").encode("utf-8")


def bank_text(
    types: list[str],
    texts: list[str],
    rng: random.Random,
    *,
    title: str = "Bank",
    description: str | None = None,
    mark: bool = False,
) -> BankText:
    """A valid bank with one question of each of ``types``; its texts are taken from ``texts``.

    With ``mark``, every text ends with a word of its own (``Zq7x``), so that it can be found
    on a page, and ``values`` records it.
    """
    pool = iter([t.replace("_", "-") for t in texts] * 40)
    b = BankText()
    count = iter(range(10**6))

    def text(suffix: str = "", at: tuple[int, str] | None = None) -> str:
        value = next(pool) + suffix + (f" Zq{next(count)}x" if mark else "")
        if at is not None:
            b.values[at] = value
        return yaml_quote(value)

    b.add("source: ../seeds/000_987c6cd902e74af3.txt")
    b.add("topic: events")
    b.add(f"title: {yaml_quote(title)}", (-1, "title"))
    if description is not None:
        b.add(f"description: {yaml_quote(description)}", (-1, "description"))
    b.add("questions:")
    for n, qtype in enumerate(types):
        b.add(f"  - id: q-{n}", (n, "id"))
        b.add(f"    type: {qtype}", (n, "type"))
        b.add("    difficulty: recall", (n, "difficulty"))
        blank = " ___" if qtype == "fill_blank" else ""
        b.add(f"    prompt: {text(blank, (n, 'prompt'))}", (n, "prompt"))
        if qtype in ("single", "multiple"):
            b.add("    choices:", (n, "choices"))
            for k in range(3):
                b.add(f"      - text: {text(f' ({k})', (n, f'choice{k}'))}", (n, f"choice{k}"))
                if k == 0:
                    b.add("        correct: true", (n, "correct"))
                b.add(f"        feedback: {text('', (n, f'feedback{k}'))}", (n, f"feedback{k}"))
        elif qtype == "true_false":
            b.add("    answer: false", (n, "answer"))
        elif qtype == "fill_blank":
            b.add(f"    answers: [{text(' 1')}, {text(' 2')}]", (n, "answers"))
        elif qtype == "numeric":
            b.add("    answer: 36", (n, "answer"))
            b.add(f"    unit: {yaml_quote(next(pool)[:30])}", (n, "unit"))
        elif qtype == "matching":
            b.add("    pairs:", (n, "pairs"))
            for k in range(2):
                b.add(f"      - left: {text(f' L{k}', (n, f'left{k}'))}", (n, f"left{k}"))
                b.add(f"        right: {text(f' R{k}', (n, f'right{k}'))}", (n, f"right{k}"))
        else:
            b.add(f"    items: [{text(' 1', (n, 'item0'))}, {text(' 2')}, {text(' 3')}]", (n, "items"))
        b.add(f"    explanation: {text('', (n, 'explanation'))}", (n, "explanation"))
        b.add(f"    evidence: {yaml_quote(quotes(rng, 1)[0])}", (n, "evidence"))
    return b


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("props") / "p", banks={}, glossary=None)


def check_bank(project: Path, data: bytes, glossary: bytes | None = None) -> tuple[Catalog | None, list[Any]]:
    for old in (project / "questions").iterdir():
        old.unlink()
    (project / "questions" / "bank.yml").write_bytes(data)
    if glossary is not None:
        (project / "questions" / "glossary.yml").write_bytes(glossary)
    catalog, issues = CatalogBuilder(project).build([project / "questions"])
    # Generated questions may well repeat one another: the lint rules' warnings are not defects here.
    return catalog, [i for i in issues if i.severity == "error"]


# -- a planted defect is reported at its line ----------------------------------------------

Defect = Callable[[BankText, int, str], tuple[bytes, int]]


def _replace(b: BankText, line: int, new: str) -> bytes:
    lines = list(b.lines)
    lines[line - 1] = new
    return ("\n".join(lines) + "\n").encode("utf-8")


def _insert_after(b: BankText, line: int, new: str) -> tuple[bytes, int]:
    lines = list(b.lines)
    lines.insert(line, new)
    return ("\n".join(lines) + "\n").encode("utf-8"), line + 1


def wrong_type(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    line = b.where[(q, "prompt")]
    return _replace(b, line, "    prompt: 12"), line


def wrong_type_of_list(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    line = b.where[(q, "evidence")]
    return _replace(b, line, "    evidence: {quote: killed 36 airport personnel}"), line


def wrong_boolean(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    if qtype not in ("single", "multiple"):
        line = b.where[(q, "difficulty")]
        return _replace(b, line, "    difficulty: 3"), line
    line = b.where[(q, "correct")]
    return _replace(b, line, '        correct: "yes"'), line


def unknown_key(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    return _insert_after(b, b.where[(q, "difficulty")], "    colour: blue")


def duplicate_key(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    return _insert_after(b, b.where[(q, "explanation")], '    prompt: "A second prompt ___"')


def misplaced_key(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    key = "items: [a, b, c]" if qtype != "ordering" else "answer: true"
    return _insert_after(b, b.where[(q, "type")], f"    {key}")


def bad_id(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    line = b.where[(q, "id")]
    bad = random.Random(q).choice(["Q-0", "q_0", "q 0", "-q", "q-\u0430", "q-\u200b0", "x" * 65, "q-0\u0301", "é"])
    return _replace(b, line, f"  - id: {yaml_quote(bad)}"), line


def empty_quote(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    line = b.where[(q, "evidence")]
    return _replace(b, line, '    evidence: ""'), line


def short_quote(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    line = b.where[(q, "evidence")]
    return _replace(b, line, "    evidence: Karachi"), line


def quote_not_in_article(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    line = b.where[(q, "evidence")]
    return _replace(b, line, "    evidence: a sentence that the article never says"), line


def tab_indentation(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    line = b.where[(q, "difficulty")]
    return _replace(b, line, "\tdifficulty: recall"), line


def bad_byte(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    line = b.where[(q, "explanation")]
    data = _replace(b, line, "    explanation: It is the author\x00s view")
    return data.replace(b"\x00", b"\x92"), line


def yes_no(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    line = b.where[(q, "explanation")]
    return _replace(b, line, f"    explanation: {random.Random(line).choice(['yes', 'No', 'on', 'OFF', 'True'])}"), line


def ambiguous_number(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    line = b.where[(q, "explanation")]
    value = random.Random(line).choice(["5:00", "010", "0x1A", "2014-06-08", ".nan"])
    return _replace(b, line, f"    explanation: {value}"), line


def missing_key(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    line = b.where[(q, "explanation")]
    lines = list(b.lines)
    del lines[line - 1]
    return ("\n".join(lines) + "\n").encode("utf-8"), b.where[(q, "id")]


def control_character(b: BankText, q: int, qtype: str) -> tuple[bytes, int]:
    line = b.where[(q, "explanation")]
    return _replace(b, line, '    explanation: "a bell \\a rings"'), line


DEFECTS: list[Defect] = [
    wrong_type,
    wrong_type_of_list,
    wrong_boolean,
    unknown_key,
    duplicate_key,
    misplaced_key,
    bad_id,
    empty_quote,
    short_quote,
    quote_not_in_article,
    tab_indentation,
    bad_byte,
    yes_no,
    ambiguous_number,
    missing_key,
    control_character,
]


@examples(150)
@given(
    types=st.lists(st.sampled_from(TYPES), min_size=1, max_size=4),
    texts=st.lists(ANY, min_size=1, max_size=6),
    defect=st.sampled_from(DEFECTS),
    target=st.integers(min_value=0, max_value=3),
    seed=st.integers(0, 2**16),
)
def test_a_planted_defect_is_reported_at_its_line(
    project: Path, types: list[str], texts: list[str], defect: Defect, target: int, seed: int
) -> None:
    b = bank_text(types, texts, random.Random(seed))
    catalog, issues = check_bank(project, b.bytes())
    assert catalog is not None and not issues, [i.format() for i in issues]  # the bank is valid before the defect
    q = target % len(types)
    data, line = defect(b, q, types[q])
    catalog, issues = check_bank(project, data)
    assert catalog is None and issues
    assert {i.line for i in issues} == {line}, (defect.__name__, line, [i.format() for i in issues])
    assert all(i.file == "questions/bank.yml" for i in issues)


def test_a_duplicate_key_cites_the_first_line(project: Path) -> None:
    b = bank_text(["single"], ["x"], random.Random(0))
    data, line = duplicate_key(b, 0, "single")
    _, [issue] = check_bank(project, data)
    assert issue.line == line and f"first at line {b.where[(0, 'prompt')]}" in issue.message


# -- values YAML would change behind the author's back --------------------------------------

AMBIGUOUS = [
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "NO",
    "on",
    "On",
    "off",
    "OFF",
    "y",
    "n",
    "~",
    "null",
    "Null",
    "010",
    "0o10",
    "0x1A",
    "0b11",
    "1_000",
    "5:00",
    "1:30.5",
    "12:30:00",
    ".nan",
    ".NaN",
    ".inf",
    "-.Inf",
    "+.inf",
    "1e3",
    "1.0e+3",
    "2014-06-08",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43",
    "=",
    "<<",
    "true",
    "False",
    "12",
    "-0",
    "3.14",
    "0",
    "+1",
    "9007199254740993",
]
NULLS = {"~", "null", "Null"}


@examples(120)
@given(
    value=st.sampled_from(AMBIGUOUS),
    where=st.sampled_from(["prompt", "explanation", "choice0", "feedback0"]),
    quoted=st.sampled_from([None, '"', "'"]),
)
def test_an_ambiguous_text_is_refused_at_its_line_or_kept_as_written(
    project: Path, value: str, where: str, quoted: str | None
) -> None:
    b = bank_text(["single"], ["Plain words"], random.Random(1))
    line = b.where[(0, where)]
    key, _ = b.lines[line - 1].split(": ", 1)
    if where == "prompt":
        value_text = value
    else:
        value_text = value
    written = value_text if quoted is None else f"{quoted}{value_text}{quoted}"
    data = _replace(b, line, f"{key}: {written}")
    catalog, issues = check_bank(project, data)
    if catalog is not None:
        q = catalog.banks[0].questions[0]
        shown = {
            "prompt": q.prompt,
            "explanation": q.explanation,
            "choice0": q.choices[0].text,
            "feedback0": q.choices[0].feedback,
        }[where]
        assert shown == value_text, "the text changed meaning"
        return
    assert quoted is None, [i.format() for i in issues]  # quoted text is always accepted
    assert {i.line for i in issues} == {line}, [i.format() for i in issues]
    if value not in NULLS:
        assert any("quote" in (i.message + i.hint) for i in issues), [i.format() for i in issues]


@examples(60)
@given(value=st.sampled_from(["yes", "no", "on", "off", "Yes", "NO", '"yes"', "'true'", '"false"', "1", "0", "~", "y"]))
def test_a_boolean_is_written_true_or_false(project: Path, value: str) -> None:
    b = bank_text(["single"], ["Plain words"], random.Random(2))
    line = b.where[(0, "correct")]
    catalog, issues = check_bank(project, _replace(b, line, f"        correct: {value}"))
    assert catalog is None
    assert {i.line for i in issues} == {line}, [i.format() for i in issues]
    if value != "~":
        assert any("true or false" in (i.message + " " + i.hint) for i in issues), [i.format() for i in issues]


@examples(40)
@given(
    value=st.sampled_from(
        ["5:00", "010", "0x1A", "1_000", ".nan", ".inf", "2014-06-08", "yes", '"36"', "9" * 40, "1e3"]
    )
)
def test_a_number_is_written_as_a_plain_decimal(project: Path, value: str) -> None:
    b = bank_text(["numeric"], ["Plain words"], random.Random(3))
    line = b.where[(0, "answer")]
    catalog, issues = check_bank(project, _replace(b, line, f"    answer: {value}"))
    assert catalog is None
    assert {i.line for i in issues} == {line}, [i.format() for i in issues]


# -- text is kept exactly, in any script -----------------------------------------------------


class Tree(HTMLParser):
    """Text nodes with the chain of elements around each (innermost last)."""

    VOID = {"br", "img", "input", "hr", "meta", "link", "wbr", "source", "area", "col", "embed", "track", "base"}

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[str, list[tuple[str, dict[str, str | None]]]]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                del self.stack[k:]
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] in ("script", "style"):
            return  # not shown (the grading key is checked on its own)
        if self.texts and self.texts[-1][1] == self.stack:
            self.texts[-1] = (self.texts[-1][0] + data, self.texts[-1][1])
        else:
            self.texts.append((data, list(self.stack)))

    def holders(self, text: str) -> list[list[tuple[str, dict[str, str | None]]]]:
        """The element chains of the text nodes that hold ``text``."""
        return [chain for data, chain in self.texts if text in data]


def first_strong(text: str) -> str | None:
    """The direction of the first strongly directional character (what dir="auto" goes by)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


_BIDI_ALPHABET = st.sampled_from(list("aZ 1*_&#;x\u0627\u05d0\u200f\u2067\u00e9"))


@examples(300)
@given(
    text=st.one_of(st.text(), st.text(alphabet=_BIDI_ALPHABET), st.sampled_from(["&#1575;", "&#x5d0;", "*&#1575;*"])),
    direction=st.sampled_from(["ltr", "rtl"]),
    markdown=st.booleans(),
)
def test_dir_auto_is_written_exactly_where_the_text_may_run_against_the_page(
    text: str, direction: str, markdown: bool
) -> None:
    """The shortcuts (ASCII on a left-to-right page, the cache) give what the rule gives: the
    attribute unless the first strong character of what shows runs the page's way."""
    from quizgen.text import dir_auto, plain

    shown = plain(text) if markdown else text
    controls = any("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069" for ch in shown)
    found = first_strong(shown)
    kept = controls or not (found == direction or (found is None and direction == "ltr"))
    assert str(dir_auto(text, direction, markdown=markdown)) == (' dir="auto"' if kept else "")
    with_entity = dir_auto("&#1575;", "ltr")
    assert str(with_entity) == ' dir="auto"', "an entity shows Arabic on an English page"


def has_dir_auto(chain: list[tuple[str, dict[str, str | None]]], text: str = "") -> bool:
    """The text reads in its own direction: the element holding it (skipping inline formatting
    around it) is dir="auto", or it has no dir of its own and the nearest element that has one
    says the direction the text's first strong character gives."""
    k = len(chain) - 1
    while k >= 0 and chain[k][0] in ("em", "strong", "code", "a") and "dir" not in chain[k][1]:
        k -= 1
    if k < 0:
        return False
    if chain[k][1].get("dir") == "auto":
        return True
    if not text:
        return False
    for _tag, attrs in reversed(chain[: k + 1]):
        if "dir" in attrs:
            return attrs["dir"] == (first_strong(text) or "ltr")
    return False


def rendered(catalog: Catalog) -> dict[str, str]:
    out = {}
    for page in pages.plan(catalog):
        if page.kind != "article":
            out[page.src] = str(render.render_page(page, catalog, pages.Links(page.src, False)))
    return out


GLOSSARY_TEXT = "terms:\n  - term: TTP\n    expansion: {exp}\n    definition: {definition}\n"


@examples(60)
@given(text=st.one_of(PLAIN, RTL), seed=st.integers(0, 2**16))
def test_text_in_any_script_reaches_the_page_unchanged_with_dir_auto(project: Path, text: str, seed: int) -> None:
    assume("TTP" not in text)
    b = bank_text(list(TYPES), [text], random.Random(seed), title="Title", description=text + " Zqdx", mark=True)
    glossary = GLOSSARY_TEXT.format(exp=yaml_quote(text + " Zqex"), definition=yaml_quote(text + " Zqfx"))
    catalog, issues = check_bank(project, b.bytes(), glossary.encode())
    assert catalog is not None, [i.format() for i in issues]
    html_pages = rendered(catalog)
    quiz, sheet, glossary = html_pages["quizzes/bank.md"], html_pages["sheets/bank.md"], html_pages["glossary.md"]
    v = b.values
    single, matching, ordering = TYPES.index("single"), TYPES.index("matching"), TYPES.index("ordering")
    for page, what, needle in [
        (quiz, "prompt", v[(single, "prompt")]),
        (quiz, "choice", v[(single, "choice0")]),
        (quiz, "feedback", v[(single, "feedback1")]),
        (quiz, "description", text + " Zqdx"),
        (quiz, "explanation", v[(single, "explanation")]),
        (quiz, "left", v[(matching, "left0")]),
        (quiz, "ordering item", v[(ordering, "item0")]),
        (sheet, "sheet prompt", v[(single, "prompt")]),
        (sheet, "sheet choice", v[(single, "choice2")]),
        (sheet, "sheet right", v[(matching, "right1")]),
        (glossary, "definition", text + " Zqfx"),
    ]:
        chains = Tree(page).holders(needle)
        assert chains, f"{what}: {needle!r} is not on the page as written"
        assert any(has_dir_auto(c, needle) for c in chains), f"{what}: {needle!r} may read in the wrong direction"
    # Exactly as written in the JSON export too.
    exported = json.loads(export_json(catalog))
    q = exported["banks"][0]["questions"][single]
    assert q["prompt"] == v[(single, "prompt")] and q["choices"][0]["text"] == v[(single, "choice0")]
    assert exported["glossary"][0]["definition"] == text + " Zqfx"


@examples(60)
@given(text=ANY)
def test_any_text_round_trips_into_the_export_exactly(project: Path, text: str) -> None:
    b = bank_text(["single", "fill_blank"], [text], random.Random(4), title=text[:200], description=text)
    catalog, issues = check_bank(project, b.bytes())
    assert catalog is not None, [i.format() for i in issues]
    exported = json.loads(export_json(catalog))
    bank = exported["banks"][0]
    assert bank["title"] == text[:200] and bank["description"] == text
    single, fill = bank["questions"]
    text = text.replace("_", "-")  # as bank_text writes it (so that a prompt holds no stray blank)
    assert single["prompt"] == text and single["explanation"] == text and single["choices"][1]["text"] == text + " (1)"
    assert fill["answers"] == [text + " 1", text + " 2"]
    # The grading key in the quiz page carries the accepted answers exactly as well.
    page = render.render_quiz(catalog.banks[0], catalog.sources[0], pages.Links("quizzes/bank.md", False))
    [key] = re.findall(r'<script type="application/json" class="qg-key">(.*?)</script>', str(page), re.S)
    assert json.loads(key)["q"]["q-1"]["a"] == [text + " 1", text + " 2"]


def test_every_element_that_holds_bank_text_has_dir_auto(project: Path) -> None:
    text = "پشاور میں طیارے پر فائرنگ Zqx"
    b = bank_text(list(TYPES), [text], random.Random(5), title=text)
    catalog, issues = check_bank(project, b.bytes())
    assert catalog is not None, issues
    missing = []
    for src, page in rendered(catalog).items():
        for chain in Tree(page).holders(text):
            if not has_dir_auto(chain):
                missing.append(f"{src}: <{chain[-1][0]} {chain[-1][1]}>")
    assert not missing, missing
