"""``multiple``: several right choices; partial credit for each right one, less each wrong one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizgen.i18n import N_
from quizgen.qtypes._choice import ChoiceQuestion, ChoiceType
from quizgen.qtypes.base import Grade, Report


@dataclass(frozen=True, kw_only=True)
class MultipleQuestion(ChoiceQuestion):
    type = "multiple"


class Multiple(ChoiceType):
    name = "multiple"
    label = N_("several answers")
    order = 20
    model = MultipleQuestion

    def check_right(self, right: int, report: Report) -> None:
        if right == 0:
            report(
                ("choices",),
                "a multiple-answer question needs at least one correct choice",
                "mark the right ones with correct: true",
            )

    def grade(self, key: dict[str, Any], answer: Any) -> Grade:
        # multiple.js: each right choice checked earns a share, each wrong one takes one away.
        right = sum(1 if c in key["c"] else -1 for c in self.chosen(answer))
        return Grade(max(0, right) / len(key["c"]))


TYPE = Multiple()
