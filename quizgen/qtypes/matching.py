"""``matching``: pair each left item with its right match, from a shuffled list (with distractors)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from markupsafe import Markup

from quizgen.i18n import N_
from quizgen.models import Pair, Question
from quizgen.qtypes.base import (
    PAGE,
    Craft,
    Grade,
    Layout,
    Option,
    QuestionType,
    Report,
    distinct,
    neutral_order,
    same,
    texts,
)
from quizgen.report import excerpt
from quizgen.text import inline


@dataclass(frozen=True, kw_only=True)
class MatchingQuestion(Question):
    type = "matching"
    pairs: tuple[Pair, ...]
    distractors: tuple[str, ...] = ()


class Matching(QuestionType):
    name = "matching"
    label = N_("matching")
    order = 50
    model = MatchingQuestion
    properties: ClassVar[dict[str, Any]] = {
        "pairs": {
            "type": "array",
            "minItems": 2,
            "maxItems": 8,
            "items": {"$ref": "#/$defs/pair"},
            "description": "The pairs, each left item with its right match.",
        },
        "distractors": {
            "type": "array",
            "maxItems": 8,
            "items": {"$ref": "#/$defs/text"},
            "description": "Extra right-hand options that match nothing.",
        },
    }
    required = ("pairs",)
    takes = "pairs and distractors"
    hints = {"pairs": "add pairs: a list of {left, right}"}
    defs: ClassVar[dict[str, Any]] = {
        "pair": {
            "type": "object",
            "additionalProperties": False,
            "required": ["left", "right"],
            "properties": {
                "left": {"$ref": "#/$defs/text", "description": "The item to match (for example an actor)."},
                "right": {"$ref": "#/$defs/text", "description": "What it matches (for example their statement)."},
            },
        }
    }

    def check(self, raw: dict[str, Any], report: Report) -> None:
        pairs = raw.get("pairs")
        distinct(report, ("pairs",), texts(pairs, "left"), "left", "left item")
        rights = texts(pairs, "right")
        distinct(report, ("pairs",), rights, "right", "right item")
        distractors = texts(raw.get("distractors"))
        distinct(report, ("distractors",), distractors, None, "distractor")
        answers = {same(r) for _, r in rights}
        for k, text in distractors:
            if same(text) in answers:
                report(
                    ("distractors", k),
                    f"the distractor '{excerpt(text)}' is also a right-hand answer",
                    "a distractor must match nothing; change or remove it",
                )

    def fields(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "pairs": tuple(Pair(p["left"], p["right"]) for p in raw["pairs"]),
            "distractors": tuple(raw.get("distractors", ())),
        }

    def options(self, q: Any, layout: Layout = PAGE) -> tuple[list[Option], dict[str, str]]:
        """The right-hand options in their shown order, and the key: left key -> option key."""
        rights = [p.right for p in q.pairs] + list(q.distractors)
        if q.graded and layout.version == "A":
            # A seeded shuffle of the pairs' order could be undone to read the pairs off the page.
            order = neutral_order(rights)
        else:
            order = list(range(len(rights)))
            layout.rng(q.id).shuffle(order)
        options = [Option(f"r{pos}", rights[i]) for pos, i in enumerate(order)]
        where = {i: pos for pos, i in enumerate(order)}
        return options, {f"l{k}": f"r{where[k]}" for k in range(len(q.pairs))}

    def shown_texts(self, q: Any) -> list[str]:
        return [p.left for p in q.pairs] + [o.text for o in self.options(q)[0]]

    def view(self, q: Any, layout: Layout = PAGE) -> dict[str, Any]:
        options, key = self.options(q, layout)
        return {"options": options, "key": key}

    def key(self, q: Any) -> dict[str, Any]:
        return {"t": self.name, "m": self.options(q)[1]}

    def answer_html(self, q: Any, *, letters: bool = False) -> Markup:
        return self._pairs_html(q, *self.options(q), letters=letters)

    def craft(self, q: Any) -> Craft:
        return Craft(spare=len(q.distractors))

    def sheet_answer(self, q: Any, view: dict[str, Any]) -> Markup:
        return self._pairs_html(q, view["options"], view["key"], letters=True)

    def _pairs_html(self, q: Any, options: list[Option], key: dict[str, str], *, letters: bool) -> Markup:
        letter = {o.key: f"{chr(ord('A') + i)} " if letters else "" for i, o in enumerate(options)}
        rows = "".join(
            # The arrow turns round in a right-to-left row (quizgen.css: .qg-to:dir(rtl)).
            f'<li><span dir="auto">{inline(p.left)} <span class="qg-to">→</span> {letter[key[f"l{k}"]]}'
            f"{inline(p.right)}</span></li>"
            for k, p in enumerate(q.pairs)
        )
        return Markup(f'<ul class="qg-answer-pairs">{rows}</ul>')

    def grade(self, key: dict[str, Any], answer: Any) -> Grade:
        # matching.js: each left item matched to its option earns its share.
        given = answer if isinstance(answer, dict) else {}
        right = sum(1 for left, option in key["m"].items() if given.get(left) == option)
        total = len(key["m"])
        return Grade(right / total if total else 0.0, right, total)


TYPE = Matching()
