"""Problems found in the input, and the two ways of printing them.

Every check in quizgen returns :class:`Issue` values instead of raising, so that one run
reports everything that is wrong at once. The text format is the one editors and CI
annotations parse: ``file:line:col: $.path: message (hint)``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

#: Longest excerpt of a user value quoted back in a message; huge values are cut.
EXCERPT = 60


@dataclass(frozen=True, order=True)
class Issue:
    """One problem, located as precisely as the input allows (line and column are 1-based)."""

    file: str
    line: int
    column: int
    path: str
    message: str
    hint: str = ""
    severity: str = "error"

    def format(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        where = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}{hint}"


def excerpt(value: object) -> str:
    """A short, single-line rendering of a user value for messages (never unbounded)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Stable order for output: by file, then position, then text (deduplicated)."""
    return sorted(set(issues))


def format_text(issues: Iterable[Issue]) -> str:
    return "".join(issue.format() + "\n" for issue in sort_issues(issues))


def format_json(issues: Iterable[Issue]) -> str:
    items = [asdict(issue) for issue in sort_issues(issues)]
    return (
        json.dumps(
            {"ok": not any(i["severity"] == "error" for i in items), "issues": items}, ensure_ascii=False, indent=2
        )
        + "\n"
    )
