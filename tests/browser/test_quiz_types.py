"""The browser side of the type registry: one grader per question type, from its own script."""

from __future__ import annotations

from playwright.sync_api import Page

from quizgen import qtypes

REQUIRED = ("read", "write", "empty", "grade", "show")


def test_every_type_registers_one_grader(quiz: Page) -> None:
    registered = quiz.evaluate(
        """(required) => Object.entries(window.quizgen.types).map(([name, t]) =>
            [name, required.filter((f) => typeof t[f] !== 'function')])""",
        list(REQUIRED),
    )
    # In the registry's order, since the scripts are joined in that order after the core.
    assert [name for name, _ in registered] == list(qtypes.names())
    assert {name: missing for name, missing in registered if missing} == {}
    # The page has a question of every type, so each grader above is one a quiz uses.
    types = quiz.evaluate("() => [...new Set([...document.querySelectorAll('.qg-q')].map((q) => q.dataset.qgType))]")
    assert sorted(types) == sorted(qtypes.names())
