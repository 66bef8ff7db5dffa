"""``numeric``: a number, with an optional tolerance and unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from markupsafe import Markup, escape

from quizgen.models import Question
from quizgen.qtypes.base import QuestionType, number_text


@dataclass(frozen=True, kw_only=True)
class NumericQuestion(Question):
    type = "numeric"
    answer: int | float
    tolerance: int | float = 0
    unit: str | None = None


class Numeric(QuestionType):
    name = "numeric"
    label = "number"
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
        return {"t": self.name, "a": q.answer, "tol": q.tolerance}

    def answer_html(self, q: Any, *, letters: bool = False) -> Markup:
        tol = Markup(" (± {})").format(number_text(q.tolerance)) if q.tolerance else Markup("")
        unit = Markup(" ") + escape(q.unit) if q.unit else Markup("")
        return Markup("{}{}{}").format(number_text(q.answer), unit, tol)

    def export(self, q: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"answer": q.answer, "tolerance": q.tolerance}
        if q.unit:
            out["unit"] = q.unit
        return out


TYPE = Numeric()
