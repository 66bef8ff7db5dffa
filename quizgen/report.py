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
    so no check ever has to parse a path back out of a string.
    """

    file: str
    line: int
    column: int
    path: tuple[Step, ...]
    message: str
    hint: str = ""
    severity: str = "error"

    @property
    def json_path(self) -> str:
        return format_path(self.path) if self.path else ""

    def format(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        where = f"{self.json_path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}{hint}"

    def sort_key(self) -> tuple[str, int, int, str, str, str, str]:
        return (self.file, self.line, self.column, self.json_path, self.message, self.hint, self.severity)

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
