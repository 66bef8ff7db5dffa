"""``fill_blank``: a prompt with one blank (``___``) and the answers that fill it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from markupsafe import Markup, escape

from quizgen import answers
from quizgen.i18n import N_, format_list, gettext
from quizgen.models import Question
from quizgen.qtypes.base import Craft, Grade, QuestionType, Report, texts
from quizgen.report import excerpt

BLANK = re.compile(r"_{3,}")


@dataclass(frozen=True, kw_only=True)
class FillBlankQuestion(Question):
    type = "fill_blank"
    answers: tuple[str, ...]
    case_sensitive: bool = False
    accent_sensitive: bool = False


class FillBlank(QuestionType):
    name = "fill_blank"
    label = N_("fill in the blank")
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
        # Accepted answers are compared the way a student's answer is (quizgen.answers), so one
        # that differs from another only in case, spacing, accents, hyphens or end punctuation
        # is already accepted.
        cs, acc = raw.get("case_sensitive") is True, raw.get("accent_sensitive") is True
        seen: dict[str, int] = {}
        for k, text in texts(raw.get("answers")):
            key = answers.norm(text, cs, acc)
            if not key:
                report(("answers", k), f"the answer '{excerpt(text)}' has no letter or digit", "write the answer")
            elif key in seen:
                report(
                    ("answers", k),
                    f"the answer '{excerpt(text)}' is already accepted as answer {seen[key] + 1}",
                    "remove it: answers are compared forgiving case, spacing, accents, hyphens and end punctuation",
                )
            else:
                seen[key] = k

    def fields(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "answers": tuple(raw["answers"]),
            "case_sensitive": raw.get("case_sensitive", False),
            "accent_sensitive": raw.get("accent_sensitive", False),
        }

    def key(self, q: Any) -> dict[str, Any]:
        return {"t": self.name, "a": list(q.answers), "cs": q.case_sensitive, "as": q.accent_sensitive}

    def answer_texts(self, q: Any) -> list[str]:
        return list(q.answers)

    def craft(self, q: Any) -> Craft:
        return Craft(typed=tuple(q.answers), answer_at="answers")

    def answer_html(self, q: Any, *, letters: bool = False) -> Markup:
        if len(q.answers) == 1:
            return Markup("{}").format(q.answers[0])
        return Markup(escape(gettext("%(answer)s (also accepted: %(others)s)"))) % {
            "answer": q.answers[0],
            "others": format_list(q.answers[1:], style="or"),
        }

    def public(self, q: Any) -> Question:
        emptied: Any = super().public(q)
        return replace(emptied, answers=())

    def grade(self, key: dict[str, Any], answer: Any) -> Grade:
        # fill_blank.js: compared as quizgen.answers specifies, in both languages.
        if not isinstance(answer, str):
            return Grade(0.0)
        return Grade(1.0 if answers.fill_blank_right(key["a"], answer, key["cs"], key["as"]) else 0.0)


TYPE = FillBlank()
