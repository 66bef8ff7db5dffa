"""``true_false``: a statement that is true or false."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

from markupsafe import Markup

from quizgen.i18n import N_, gettext
from quizgen.models import Question
from quizgen.qtypes.base import Craft, Grade, QuestionType


@dataclass(frozen=True, kw_only=True)
class TrueFalseQuestion(Question):
    type = "true_false"
    answer: bool


class TrueFalse(QuestionType):
    name = "true_false"
    label = N_("true or false")
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

    def answer_texts(self, q: Any) -> list[str]:
        return ["true" if q.answer else "false"]

    def craft(self, q: Any) -> Craft:
        return Craft(truth=bool(q.answer))

    def answer_html(self, q: Any, *, letters: bool = False) -> Markup:
        return Markup("{}").format(gettext("True") if q.answer else gettext("False"))

    def public(self, q: Any) -> Question:
        emptied: Any = super().public(q)
        return replace(emptied, answer=False)

    def grade(self, key: dict[str, Any], answer: Any) -> Grade:
        # true_false.js: the first checked value is the answer's ("true" or "false").
        given = answer[0] if isinstance(answer, list) and answer else None
        return Grade(1.0 if given == ("true" if key["a"] else "false") else 0.0)


TYPE = TrueFalse()
