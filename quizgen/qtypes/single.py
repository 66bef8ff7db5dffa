"""``single``: one right choice among several."""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.qtypes._choice import ChoiceQuestion, ChoiceType
from quizgen.qtypes.base import Report


@dataclass(frozen=True, kw_only=True)
class SingleQuestion(ChoiceQuestion):
    type = "single"


class Single(ChoiceType):
    name = "single"
    label = "one answer"
    order = 10
    model = SingleQuestion

    def check_right(self, right: int, report: Report) -> None:
        if right != 1:
            report(
                ("choices",),
                f"a single-answer question needs exactly one correct choice, it has {right}",
                "mark one choice with correct: true" if right == 0 else "use type: multiple, or unmark the others",
            )


TYPE = Single()
