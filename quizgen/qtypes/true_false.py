"""``true_false``: a statement that is true or false."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from markupsafe import Markup

from quizgen.models import Question
from quizgen.qtypes.base import QuestionType


@dataclass(frozen=True, kw_only=True)
class TrueFalseQuestion(Question):
    type = "true_false"
    answer: bool


class TrueFalse(QuestionType):
    name = "true_false"
    label = "true or false"
    order = 30
    model = TrueFalseQuestion
    properties: ClassVar[dict[str, Any]] = {"answer": {"type": "boolean", "description": "true or false."}}
    required = ("answer",)
    takes = "answer (true or false)"
    hints = {"answer": "add answer: true or false"}
    shows_answer = False

    def fields(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {"answer": raw["answer"]}

    def key(self, q: Any) -> dict[str, Any]:
        return {"t": self.name, "a": bool(q.answer)}

    def answer_html(self, q: Any, *, letters: bool = False) -> Markup:
        return Markup("True" if q.answer else "False")


TYPE = TrueFalse()
