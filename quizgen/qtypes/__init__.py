"""The registry of question types: every module of this package that defines ``TYPE``.

Nothing else in quizgen names a question type. The schema, the checks, the models, the
pages, the sheets, the exports and the browser's graders all come from here, so a new type
is one module (with its ``.html`` macros and ``.js`` grader beside it): see docs/developing.md.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from functools import cache
from pathlib import Path

from quizgen.models import Question
from quizgen.qtypes.base import QuestionType


@cache
def registry() -> dict[str, QuestionType]:
    """Every question type, by name, in their declared order."""
    found: list[QuestionType] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        qtype = getattr(module, "TYPE", None)
        if isinstance(qtype, QuestionType):
            found.append(qtype)
    found.sort(key=lambda t: (t.order, t.name))
    return {t.name: t for t in found}


def names() -> tuple[str, ...]:
    return tuple(registry())


def get(name: str) -> QuestionType:
    return registry()[name]


def of(question: object) -> QuestionType:
    """The type of a built question."""
    return registry()[type(question).type]  # type: ignore[attr-defined]


def folder(qtype: QuestionType) -> Path:
    """The folder of a type's module, where its ``.html`` and ``.js`` live beside it."""
    return Path(sys.modules[type(qtype).__module__].__file__ or "").parent


@cache
def scripts() -> str:
    """The graders of every type, as one script to follow the core quiz script."""
    return "".join((folder(t) / t.script).read_text(encoding="utf-8") for t in registry().values())


def template_folders() -> list[str]:
    """Where the types' templates are: this package's folders (``__path__`` may hold more than one)."""
    return [str(p) for p in __path__]


def question(type: str, **fields: object) -> Question:  # noqa: A002 - the YAML key
    """A question of the type named ``type`` from its fields (for tools and tests that make catalogs in code)."""
    return get(type).model(**fields)  # type: ignore[arg-type]
