"""``multiple``: several right choices; partial credit for each right one, less each wrong one."""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.qtypes._choice import ChoiceQuestion, ChoiceType
from quizgen.qtypes.base import Report


@dataclass(frozen=True, kw_only=True)
class MultipleQuestion(ChoiceQuestion):
    type = "multiple"


class Multiple(ChoiceType):
    name = "multiple"
    label = "several answers"
    order = 20
    model = MultipleQuestion

    def check_right(self, right: int, report: Report) -> None:
        if right == 0:
            report(
                ("choices",),
                "a multiple-answer question needs at least one correct choice",
                "mark the right ones with correct: true",
            )


TYPE = Multiple()
