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
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from markupsafe import Markup

from quizgen.models import Question
from quizgen.report import excerpt
from quizgen.source import fold

#: A JSON path below the question, relative to it: ("choices", 2, "text").
Rel = tuple[str | int, ...]
#: Reports one problem at a path below the question: report(rel, message, hint).
Report = Callable[[Rel, str, str], None]


@dataclass(frozen=True)
class Option:
    """An option as students see it: a key that stays the same across shuffles, and its text."""

    key: str
    text: str


class QuestionType:
    """One kind of question. Subclasses set the class attributes and override what differs."""

    name: ClassVar[str]
    #: The badge students see above the question ("one answer").
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

    def view(self, q: Any) -> dict[str, Any]:
        """What the templates need beyond the question itself (the orders students see)."""
        return {}

    def shown_texts(self, q: Any) -> list[str]:
        """The texts students see besides the prompt (options, items), for the search index."""
        return []

    def export(self, q: Any) -> dict[str, Any]:
        """The type's fields in the JSON export."""
        common = {f for f in Question.__dataclass_fields__}
        return {k: v for k, v in asdict(q).items() if k not in common and v not in (None, (), [])}

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


def rng(question_id: str) -> random.Random:
    """The generator for orders shown to students: seeded by the question id, so every build agrees.

    A str seed is hashed with SHA-512 by random (version 2): stable across runs and machines.
    """
    return random.Random(f"quizgen:{question_id}")


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
