"""Problems found in the input, and the two ways of printing them.

Every check in quizgen returns :class:`Issue` values instead of raising, so that one run
reports everything that is wrong at once. The text format is the one editors and CI
annotations parse: ``file:line:col: $.path: message (hint)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Longest excerpt of a user value quoted back in a message; huge values are cut.
EXCERPT = 60

#: A step of a JSON path: a mapping key or a list index.
Step = str | int


@dataclass(frozen=True)
class Issue:
    """One problem, located as precisely as the input allows (line and column are 1-based).

    ``path`` is kept as steps (``("questions", 2, "choices")``) until a reporter formats it,
    so no check ever has to parse a path back out of a string. A problem inside a question
    also names the question as the quiz page shows it: its id and its number (1-based), so
    ``$.questions[33]`` reads ``$.questions[33] (question 34, ev-foo)``. ``rule`` is the id of
    the lint rule that found it (``QG101``), for problems of the craft of a question.
    """

    file: str
    line: int
    column: int
    path: tuple[Step, ...]
    message: str
    hint: str = ""
    severity: str = "error"
    #: The question the problem is in, as the page shows it: its id and its number.
    question: str = ""
    number: int = 0
    rule: str = ""

    @property
    def json_path(self) -> str:
        return format_path(self.path) if self.path else ""

    @property
    def where(self) -> str:
        """The path, and the question it is in: ``$.questions[33] (question 34, ev-foo)``."""
        if not self.path:
            return ""
        if not self.number:
            return self.json_path
        named = f", {self.question}" if self.question else ""
        return f"{self.json_path} (question {self.number}{named})"

    def format(self, *, level: bool = True) -> str:
        """``file:line:col: [warning: ][RULE ]$.path (question N, id): message (hint)``.

        ``level=False`` leaves out ``warning:``, for a logger that prints the level itself.
        """
        hint = f" ({self.hint})" if self.hint else ""
        where = f"{self.where}: " if self.path else ""
        shown = "warning: " if level and self.severity == "warning" else ""
        rule = f"{self.rule} " if self.rule else ""
        return f"{self.file}:{self.line}:{self.column}: {shown}{rule}{where}{self.message}{hint}"

    def sort_key(self) -> tuple[str, int, int, str, str, str, str, str]:
        return (self.file, self.line, self.column, self.json_path, self.rule, self.message, self.hint, self.severity)

    def __lt__(self, other: Issue) -> bool:
        return self.sort_key() < other.sort_key()


def format_path(steps: tuple[Step, ...]) -> str:
    """``('questions', 2, 'choices')`` -> ``$.questions[2].choices``.

    A key too long to be one the schema knows is cut, so that a message stays readable.
    """
    out = "$"
    for step in steps:
        if isinstance(step, int):
            out += f"[{step}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", step) and len(step) <= EXCERPT:
            out += f".{step}"
        else:
            out += f"[{step if len(step) <= EXCERPT else step[: EXCERPT - 1] + '…'!r}]"
    return out


def excerpt(value: object) -> str:
    """A short, single-line rendering of a user value for messages (never unbounded)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Stable order for output: by file, then position, then text (deduplicated)."""
    return sorted(set(issues), key=Issue.sort_key)


def format_text(issues: Iterable[Issue]) -> str:
    return "".join(issue.format() + "\n" for issue in sort_issues(issues))


def format_json(issues: Iterable[Issue]) -> str:
    items = [
        {
            "file": i.file,
            "line": i.line,
            "column": i.column,
            "path": i.json_path,
            "steps": list(i.path),
            **({"question": i.question} if i.question else {}),
            **({"number": i.number} if i.number else {}),
            **({"rule": i.rule} if i.rule else {}),
            "message": i.message,
            "hint": i.hint,
            "severity": i.severity,
        }
        for i in sort_issues(issues)
    ]
    return (
        json.dumps(
            {"ok": not any(i["severity"] == "error" for i in items), "issues": items}, ensure_ascii=False, indent=2
        )
        + "\n"
    )
