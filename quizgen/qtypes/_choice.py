"""What single- and multiple-answer questions share: a list of choices, some marked correct."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

from markupsafe import Markup, escape

from quizgen.models import Choice, Question
from quizgen.qtypes.base import PAGE, Craft, Layout, QuestionType, Report, distinct, neutral_order, texts
from quizgen.text import inline


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(Question):
    choices: tuple[Choice, ...]


class ChoiceType(QuestionType):
    properties: ClassVar[dict[str, Any]] = {
        "choices": {
            "type": "array",
            "minItems": 2,
            "maxItems": 8,
            "items": {"$ref": "#/$defs/choice"},
            "description": "The choices, in the order written; mark the right ones with correct: true.",
        }
    }
    required = ("choices",)
    takes = "choices"
    hints = {"choices": "add choices: a list of {text, correct, feedback}"}
    defs: ClassVar[dict[str, Any]] = {
        "choice": {
            "type": "object",
            "additionalProperties": False,
            "required": ["text"],
            "properties": {
                "text": {"$ref": "#/$defs/text", "description": "The choice as students see it."},
                "correct": {"type": "boolean", "description": "true for a right choice (default false)."},
                "feedback": {
                    "$ref": "#/$defs/text",
                    "description": "Shown when a student picks this choice: say why it is right or wrong.",
                },
            },
        }
    }
    shows_answer = False

    def check(self, raw: dict[str, Any], report: Report) -> None:
        choices = raw.get("choices")
        if not isinstance(choices, list):
            return
        right = sum(1 for c in choices if isinstance(c, dict) and c.get("correct") is True)
        self.check_right(right, report)
        distinct(report, ("choices",), texts(choices, "text"), "text", "choice")

    def check_right(self, right: int, report: Report) -> None:
        raise NotImplementedError

    def fields(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "choices": tuple(
                Choice(
                    key=chr(ord("a") + k), text=c["text"], correct=c.get("correct", False), feedback=c.get("feedback")
                )
                for k, c in enumerate(raw["choices"])
            )
        }

    def shown_texts(self, q: Any) -> list[str]:
        return [c.text for c in q.choices]

    def key(self, q: Any) -> dict[str, Any]:
        return {"t": self.name, "c": [c.key for c in q.choices if c.correct]}

    def answer_html(self, q: Any, *, letters: bool = False) -> Markup:
        return _one_a_line([Markup(f"{escape(c.key.upper())}. {inline(c.text)}") for c in q.choices if c.correct])

    def shown(self, q: Any, layout: Layout = PAGE) -> list[Choice]:
        """The choices in the order shown: as written, or as :mod:`quizgen.order` arranged them."""
        order = layout.choices
        if order is None or sorted(order) != list(range(len(q.choices))):
            return list(q.choices)
        return [q.choices[i] for i in order]

    def view(self, q: Any, layout: Layout = PAGE) -> dict[str, Any]:
        # Letters follow the shown order: "A" is always the first option on the page and on paper.
        return {"choices": [(chr(ord("A") + k), c) for k, c in enumerate(self.shown(q, layout))]}

    def sheet_answer(self, q: Any, view: dict[str, Any]) -> Markup:
        rows = [Markup(f"{escape(letter)}. {inline(c.text)}") for letter, c in view["choices"] if c.correct]
        return _one_a_line(rows)

    def answer_texts(self, q: Any) -> list[str]:
        return [c.text for c in q.choices if c.correct]

    def craft(self, q: Any) -> Craft:
        return Craft(options=tuple((c.text, c.correct) for c in q.choices))

    def public(self, q: Any) -> Question:
        hidden = tuple(replace(c, correct=False, feedback=None) for c in q.choices)
        emptied: Any = super().public(q)
        return replace(emptied, choices=hidden)

    def for_graded(self, q: Any) -> Question:
        # The keys (a, b, c) are in the page, so they follow the shown order too: were they the
        # order written, they would tell which choice the author wrote first.
        order = neutral_order([c.text for c in q.choices])
        choices = tuple(replace(q.choices[i], key=chr(ord("a") + k)) for k, i in enumerate(order))
        return replace(q, graded=True, choices=choices)

    @staticmethod
    def chosen(answer: Any) -> list[str]:
        """The keys a choice answer names (the checked boxes), or [] for an answer of another shape."""
        return answer if isinstance(answer, list) and all(isinstance(a, str) for a in answer) else []


def _one_a_line(rows: list[Markup]) -> Markup:
    """The right choices, one a line: joined in a sentence, choices that end with a full stop read ".;"."""
    if len(rows) == 1:
        return rows[0]
    items = "".join(f'<li><span dir="auto">{escape(r)}</span></li>' for r in rows)
    return Markup(f'<ul class="qg-answer-choices">{items}</ul>')
