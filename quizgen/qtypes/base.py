"""What a question type is: the one place that knows everything about one kind of question.

A type module (``single.py``, ``matching.py``, ...) defines a frozen :class:`Question`
subclass with its own fields and one :class:`QuestionType` object, ``TYPE``, that owns:

- its **schema fragment** (the JSON Schema of its own keys) and the words for its keys;
- its **checks** beyond the schema, run on the raw data so that they never wait for other
  fields to be valid;
- its **model** (how raw data becomes the frozen question);
- its **answer key** for the browser, its **answer text** for feedback panels and keys,
  and its **view** (the orders students see) for the templates;
- its **export data** (the JSON export);
- beside the module, ``<name>.html`` with the macros ``quiz`` and ``sheet``, and
  ``<name>.js``, which registers the type's grader in the browser.

The rest of quizgen iterates over :mod:`quizgen.qtypes`; docs/developing.md says how to add one.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import cache
from typing import Any, ClassVar

from markupsafe import Markup

from quizgen.models import Question
from quizgen.report import excerpt
from quizgen.source import fold

#: The fields every question has; a type's export holds only its own.
_COMMON = frozenset(Question.__dataclass_fields__)


def _as_data(v: Any) -> Any:
    """``v`` as :func:`dataclasses.asdict` would give it (dataclasses as dicts, all the way down).

    ``asdict`` of a whole question would copy its evidence and tags too, only for them to be
    dropped: at 10,000 questions that was a fifth of a build.
    """
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, (tuple, list)):
        return type(v)(_as_data(x) for x in v)
    if isinstance(v, dict):
        return {k: _as_data(x) for k, x in v.items()}
    if is_dataclass(v) and not isinstance(v, type):
        return {name: _as_data(getattr(v, name)) for name in _names(type(v))}
    return v


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


#: A JSON path below the question, relative to it: ("choices", 2, "text").
Rel = tuple[str | int, ...]
#: Reports one problem at a path below the question: report(rel, message, hint).
Report = Callable[[Rel, str, str], None]


@dataclass(frozen=True)
class Layout:
    """Which order a question is shown in: the quiz page's (version ``A``), or a printed version's.

    ``choices`` is the order of a choice question's options (indices into its choices as
    written); :mod:`quizgen.order` chooses it for the whole bank, so that the right answers
    are spread over the positions. Types that shuffle their own parts (matching, ordering)
    seed their order with :meth:`rng`: the same on every build, different in each version.
    """

    version: str = "A"
    choices: tuple[int, ...] | None = None

    def rng(self, question_id: str, part: str = "") -> random.Random:
        return rng(question_id, part if self.version == "A" else f"{part}:{self.version}")


#: The order of the quiz page, where nothing else is said.
PAGE = Layout()


@dataclass(frozen=True)
class Grade:
    """The result of grading one answer: a score from 0 to 1, and the parts right of those marked."""

    score: float
    right: int | None = None
    total: int | None = None


@dataclass(frozen=True)
class Craft:
    """What the lint rules (:mod:`quizgen.lint`) need to know of a question, whatever its type.

    A type fills the fields that apply to it; the rules never ask for a type by name.
    """

    #: Options to choose from, as written: (text, whether it is right).
    options: tuple[tuple[str, bool], ...] = ()
    #: Answers a student types in: the accepted texts...
    typed: tuple[str, ...] = ()
    #: ... or the number.
    number: int | float | None = None
    #: The key of the answer below the question (where to point at it): "answers", "answer".
    answer_at: str = ""
    #: A statement to judge true or false: its answer.
    truth: bool | None = None
    #: Options that match nothing (matching's distractors), where the type pairs items up.
    spare: int | None = None


@dataclass(frozen=True)
class Option:
    """An option as students see it: a key that stays the same across shuffles, and its text."""

    key: str
    text: str


class QuestionType:
    """One kind of question. Subclasses set the class attributes and override what differs."""

    name: ClassVar[str]
    #: The badge students see above the question ("one answer"), marked with ``N_`` for the
    #: catalog and translated where it is shown.
    label: ClassVar[str]
    #: Place in lists of types (schema enum, docs, the type badge legend).
    order: ClassVar[int]
    #: The frozen dataclass of this type's questions.
    model: ClassVar[type[Question]]
    #: JSON Schema of the keys this type adds to the common ones.
    properties: ClassVar[dict[str, Any]]
    required: ClassVar[tuple[str, ...]]
    #: "a single question takes ..." (for a key that belongs to another type).
    takes: ClassVar[str]
    #: What to add for each required key.
    hints: ClassVar[dict[str, str]] = {}
    #: Definitions this type's schema refers to (``#/$defs/NAME``), shared by name.
    defs: ClassVar[dict[str, Any]] = {}
    #: Words the type's script writes (``qg.t(el, "<type>.<name>")``), msgids marked with ``N_``;
    #: they reach the browser translated, in the page's data block.
    strings: ClassVar[dict[str, str]] = {}

    # -- checking and building --------------------------------------------------------------

    def check(self, raw: dict[str, Any], report: Report) -> None:
        """Problems the schema cannot see (report each with its path below the question).

        Runs even when the schema found problems elsewhere in the question, so every check
        must look at a field only when it has the shape the schema asks for.
        """

    def fields(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The type's own fields of the model, from raw data that passed every check."""
        return {}

    def build(self, common: dict[str, Any], raw: dict[str, Any]) -> Question:
        return self.model(**common, **self.fields(raw))

    # -- what the pages, keys and exports need ---------------------------------------------------

    def key(self, q: Any) -> dict[str, Any]:
        """What the browser needs to grade ``q`` (no text is ever shown from it)."""
        raise NotImplementedError

    def answer_html(self, q: Any, *, letters: bool = False) -> Markup:
        """The right answer, written out for the feedback panel and the answer key.

        ``letters`` adds the letters that a printed sheet gives to options that the screen
        shows in a drop-down without letters.
        """
        raise NotImplementedError

    #: Whether the quiz page writes the answer out under the question after a wrong try
    #: (choice questions mark the right option in place instead).
    shows_answer: ClassVar[bool] = True

    def view(self, q: Any, layout: Layout = PAGE) -> dict[str, Any]:
        """What the templates need beyond the question itself (the orders students see).

        ``layout`` says which order: the page's, or that of a printed version (``B``...).
        """
        return {}

    def sheet_answer(self, q: Any, view: dict[str, Any]) -> Markup:
        """The answer in an answer key, with the letters of the sheet printed in the same ``view``."""
        return self.answer_html(q, letters=True)

    def answer_texts(self, q: Any) -> list[str]:
        """The right answer as words (the right choices, the accepted answers, the number)."""
        return []

    def craft(self, q: Any) -> Craft:
        """What the lint rules look at (see :class:`Craft`)."""
        return Craft()

    def shown_texts(self, q: Any) -> list[str]:
        """The texts students see besides the prompt (options, items), for the search index."""
        return []

    def export(self, q: Any) -> dict[str, Any]:
        """The type's fields in the JSON export."""
        out: dict[str, Any] = {}
        for f in fields(q):
            if f.name in _COMMON:
                continue
            v = _as_data(getattr(q, f.name))
            if v not in (None, (), []):
                out[f.name] = v
        return out

    # -- graded banks (docs/graded.md) ---------------------------------------------------------

    def grade(self, key: dict[str, Any], answer: Any) -> Grade:
        """Grade ``answer`` (what the type's script reads from the page) against ``key`` (:meth:`key`).

        It must give what the type's script's ``grade(k, a)`` gives: ``quizgen grade`` marks
        receipts with it, and tests/fixtures/grading.json holds the cases both are tested on.
        An answer of the wrong shape (a tampered receipt) scores 0, never raises.
        """
        raise NotImplementedError(f"the question type {self.name} has no grader for receipts")

    def public(self, q: Any) -> Question:
        """``q`` with everything that gives its answer away emptied: what a graded page is drawn from.

        Types blank their own answer fields; those whose answer is an arrangement of texts the
        page shows anyway (pairs, items) keep them, and their views put them in an order the
        texts alone decide (:func:`neutral_order`).
        """
        return replace(q, explanation="", evidence=(), feedback_correct=None, feedback_incorrect=None)

    def for_graded(self, q: Any) -> Question:
        """``q`` as a graded bank holds it (see :attr:`Question.graded`)."""
        return replace(q, graded=True)

    @property
    def template(self) -> str:
        return f"{self.name}.html"

    @property
    def script(self) -> str:
        return f"{self.name}.js"

    def schema(self) -> dict[str, Any]:
        """This type's definition in the bank schema: the common keys plus its own."""
        return {
            "type": "object",
            "description": f"A {self.name} question.",
            "$ref": "#/$defs/common",
            "required": list(self.required),
            "properties": self.properties,
            "unevaluatedProperties": False,
        }


# -- helpers the types share ------------------------------------------------------------------


def rng(question_id: str, part: str = "") -> random.Random:
    """The generator for orders shown to students: seeded by the question id, so every build agrees.

    A str seed is hashed with SHA-512 by random (version 2): stable across runs and machines.
    ``part`` names what is shuffled, when a question has more than one order.
    """
    return random.Random(f"quizgen:{question_id}" + (f":{part}" if part else ""))


def same(text: str) -> str:
    """How two answer texts are compared for being the same: folded, case-insensitive."""
    return fold(text).casefold()


def texts(raw: Any, key: str | None = None) -> list[tuple[int, str]]:
    """The well-formed texts of a raw list (of strings, or of mappings with ``key``), with their index."""
    if not isinstance(raw, list):
        return []
    out = []
    for k, item in enumerate(raw):
        value = item.get(key) if key and isinstance(item, dict) else (item if key is None else None)
        if isinstance(value, str):
            out.append((k, value))
    return out


def distinct(report: Report, base: Rel, items: Sequence[tuple[int, str]], key: str | None, what: str) -> None:
    """Report every text that repeats an earlier one of the same list."""
    seen: dict[str, int] = {}
    for k, text in items:
        norm = same(text)
        if norm in seen:
            path = (*base, k, key) if key else (*base, k)
            report(path, f"the {what} '{excerpt(text)}' repeats item {seen[norm] + 1}", f"make every {what} different")
        else:
            seen[norm] = k


def number_text(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    # Digits compare as numbers ("9 people" before "10 people"), the rest folded and case-free.
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", same(text)) if part)


def neutral_order(items: Sequence[str]) -> list[int]:
    """The indices of ``items`` in the order their texts alone decide (natural, case-free).

    The page of a graded bank shows options and items in this order: it is the same whatever
    the answer, and whatever order the author wrote them in, so it gives neither away.
    """
    return sorted(range(len(items)), key=lambda k: (_natural(items[k]), items[k], k))
