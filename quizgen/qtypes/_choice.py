"""What single- and multiple-answer questions share: a list of choices, some marked correct."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from markupsafe import Markup

from quizgen.models import Choice, Question
from quizgen.qtypes.base import QuestionType, Report, distinct, texts
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
        return Markup("; ").join(Markup("{}. {}").format(c.key.upper(), inline(c.text)) for c in q.choices if c.correct)
