"""``fill_blank``: a prompt with one blank (``___``) and the answers that fill it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from markupsafe import Markup

from quizgen.models import Question
from quizgen.qtypes.base import QuestionType, Report, distinct, texts

BLANK = re.compile(r"_{3,}")


@dataclass(frozen=True, kw_only=True)
class FillBlankQuestion(Question):
    type = "fill_blank"
    answers: tuple[str, ...]
    case_sensitive: bool = False
    accent_sensitive: bool = False


class FillBlank(QuestionType):
    name = "fill_blank"
    label = "fill in the blank"
    order = 40
    model = FillBlankQuestion
    properties: ClassVar[dict[str, Any]] = {
        "answers": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {"type": "string", "minLength": 1, "maxLength": 200},
            "description": "The accepted answers; the first is the one shown as the answer.",
        },
        "case_sensitive": {"type": "boolean", "description": "Whether case matters (default false)."},
        "accent_sensitive": {"type": "boolean", "description": "Whether accents matter (default false)."},
    }
    required = ("answers",)
    takes = "answers, case_sensitive and accent_sensitive"
    hints = {"answers": "add answers: the accepted answers"}

    def check(self, raw: dict[str, Any], report: Report) -> None:
        prompt = raw.get("prompt")
        if isinstance(prompt, str):
            blanks = len(BLANK.findall(prompt))
            if blanks != 1:
                report(
                    ("prompt",),
                    f"a fill_blank prompt needs exactly one blank (___), it has {blanks}",
                    "write ___ where the answer goes",
                )
        distinct(report, ("answers",), texts(raw.get("answers")), None, "accepted answer")

    def fields(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "answers": tuple(raw["answers"]),
            "case_sensitive": raw.get("case_sensitive", False),
            "accent_sensitive": raw.get("accent_sensitive", False),
        }

    def key(self, q: Any) -> dict[str, Any]:
        return {"t": self.name, "a": list(q.answers), "cs": q.case_sensitive, "as": q.accent_sensitive}

    def answer_html(self, q: Any, *, letters: bool = False) -> Markup:
        more = Markup(" (also accepted: {})").format(", ".join(q.answers[1:])) if len(q.answers) > 1 else Markup("")
        return Markup("{}{}").format(q.answers[0], more)


TYPE = FillBlank()
