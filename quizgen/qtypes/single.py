"""``single``: one right choice among several."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizgen.i18n import N_
from quizgen.qtypes._choice import ChoiceQuestion, ChoiceType
from quizgen.qtypes.base import Grade, Report


@dataclass(frozen=True, kw_only=True)
class SingleQuestion(ChoiceQuestion):
    type = "single"


class Single(ChoiceType):
    name = "single"
    label = N_("one answer")
    order = 10
    model = SingleQuestion

    def check_right(self, right: int, report: Report) -> None:
        if right != 1:
            report(
                ("choices",),
                f"a single-answer question needs exactly one correct choice, it has {right}",
                "mark one choice with correct: true" if right == 0 else "use type: multiple, or unmark the others",
            )

    def grade(self, key: dict[str, Any], answer: Any) -> Grade:
        # single.js: right when exactly one choice is checked and it is the right one.
        chosen = self.chosen(answer)
        return Grade(1.0 if len(chosen) == 1 and chosen[0] in key["c"] else 0.0)


TYPE = Single()
