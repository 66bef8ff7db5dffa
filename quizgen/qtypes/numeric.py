"""``numeric``: a number, with an optional tolerance and unit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

from markupsafe import Markup, escape

from quizgen import answers
from quizgen.i18n import N_
from quizgen.models import Question
from quizgen.qtypes.base import Craft, Grade, QuestionType, number_text


@dataclass(frozen=True, kw_only=True)
class NumericQuestion(Question):
    type = "numeric"
    answer: int | float
    tolerance: int | float = 0
    unit: str | None = None


class Numeric(QuestionType):
    name = "numeric"
    label = N_("number")
    order = 70
    model = NumericQuestion
    properties: ClassVar[dict[str, Any]] = {
        "answer": {"type": "number", "description": "The number."},
        "tolerance": {
            "type": "number",
            "minimum": 0,
            "description": "How far from the answer still counts as right (default 0).",
        },
        "unit": {
            "type": "string",
            "minLength": 1,
            "maxLength": 40,
            "description": "The unit shown beside the answer box.",
        },
    }
    required = ("answer",)
    takes = "answer, tolerance and unit"
    hints = {"answer": "add answer: the number"}

    def fields(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {"answer": raw["answer"], "tolerance": raw.get("tolerance", 0), "unit": raw.get("unit")}

    def key(self, q: Any) -> dict[str, Any]:
        # The unit lets the browser read "22 million" for the unit "million people" (quizgen.answers).
        return {"t": self.name, "a": q.answer, "tol": q.tolerance, **({"u": q.unit} if q.unit else {})}

    def answer_texts(self, q: Any) -> list[str]:
        return [number_text(q.answer)]

    def craft(self, q: Any) -> Craft:
        return Craft(number=q.answer, answer_at="answer")

    def answer_html(self, q: Any, *, letters: bool = False) -> Markup:
        tol = f" (± {escape(number_text(q.tolerance))})" if q.tolerance else ""
        unit = f" {escape(q.unit)}" if q.unit else ""
        return Markup(f"{escape(number_text(q.answer))}{unit}{tol}")

    def export(self, q: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"answer": q.answer, "tolerance": q.tolerance}
        if q.unit:
            out["unit"] = q.unit
        return out

    def shown_texts(self, q: Any) -> list[str]:
        return [q.unit] if q.unit else []

    def public(self, q: Any) -> Question:
        emptied: Any = super().public(q)
        return replace(emptied, answer=0, tolerance=0)

    def grade(self, key: dict[str, Any], answer: Any) -> Grade:
        # numeric.js: right when a value the text may mean in the unit is within the tolerance.
        if not isinstance(answer, str):
            return Grade(0.0)
        return Grade(1.0 if answers.numeric_right(key["a"], key["tol"], key.get("u"), answer) else 0.0)


TYPE = Numeric()
