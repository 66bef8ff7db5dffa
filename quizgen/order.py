"""The orders students and printed sheets see, chosen for a whole bank at a time.

In a bank with ``shuffle: true`` quizgen chooses the order of every choice question's
options. It is seeded (by the question ids and the version), so every build of the same
bank gives the same order, and a sheet and its key always agree; and it is balanced over
the bank: each single-answer question puts its right answer in the position that the
questions before it have used least, so that no letter is the answer more often than
chance would have it. The quiz page is drawn in that order (the browser then shuffles it
again for each student) and the study sheet and the answer key are printed in it. In a bank
with ``shuffle: false`` the options keep the order they are written in: the author chose it.

Printed versions (``quizgen sheets --versions A,B``): version ``A`` is the page's order.
Each other version has its own seeded order of the questions, of the options of matching
and ordering questions and, in a shuffled bank, of the choices, so that students side by
side have different sheets; its key is printed in the same order.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from quizgen import qtypes
from quizgen.models import Bank, Question
from quizgen.qtypes.base import Layout, rng

#: How many reshuffles a multiple-answer question gets to avoid listing its right options first.
_TRIES = 20


T = TypeVar("T")

#: What was worked out for a bank, by the bank's identity and the version; an entry goes with its
#: bank. A build asks for the same layouts four times (a lint rule, the quiz, the sheet and the key).
_KEPT: dict[tuple[str, int, str], tuple[weakref.ref[Bank], Any]] = {}


def _kept(what: str, bank: Bank, version: str, make: Callable[[Bank, str], T]) -> T:
    key = (what, id(bank), version)
    found = _KEPT.get(key)
    if found is not None and found[0]() is bank:
        return found[1]  # type: ignore[no-any-return]
    made = make(bank, version)
    _KEPT[key] = (weakref.ref(bank, lambda _, key=key: _KEPT.pop(key, None)), made)  # type: ignore[misc]
    return made


def layouts(bank: Bank, version: str = "A") -> dict[str, Layout]:
    """The layout of each question of ``bank`` (by id) in ``version`` (the same object for the same bank: read only)."""
    return _kept("layouts", bank, version, _layouts)


def _layouts(bank: Bank, version: str) -> dict[str, Layout]:
    used = [0] * 8
    out: dict[str, Layout] = {}
    for q in bank.questions:
        options = qtypes.of(q).craft(q).options
        order = None
        # Not on the page of a graded bank: an order chosen by where the right answer is would
        # tell it to anyone who repeats the choice (docs/graded.md). Its paper versions may.
        if bank.shuffle and options and not (bank.graded and version == "A"):
            order = _choice_order(q, [ok for _, ok in options], version, used)
        out[q.id] = Layout(version=version, choices=order)
    return out


def _choice_order(q: Question, right_ones: Sequence[bool], version: str, used: list[int]) -> tuple[int, ...]:
    r = rng(q.id, "choices" if version == "A" else f"choices:{version}")
    right = [k for k, ok in enumerate(right_ones) if ok]
    wrong = [k for k in range(len(right_ones)) if k not in right]
    n = len(right_ones)
    if len(right) == 1:
        # The least used position so far, ties broken by the question's own seed.
        fewest = min(used[:n])
        target = r.choice([p for p in range(n) if used[p] == fewest])
        used[target] += 1
        r.shuffle(wrong)
        order = wrong[:target] + right + wrong[target:]
        return tuple(order)
    order = list(range(n))
    for _ in range(_TRIES):
        r.shuffle(order)
        if not wrong or set(order[: len(right)]) != set(right):
            break
    return tuple(order)


def questions(bank: Bank, version: str = "A") -> list[Question]:
    """The questions of ``bank`` in the order ``version`` prints them (``A``: as written)."""
    listed = list(bank.questions)
    if version != "A" and len(listed) > 1:
        r = rng(f"bank:{'|'.join(q.id for q in listed)}", f"questions:{version}")
        while True:
            shuffled = list(listed)
            r.shuffle(shuffled)
            if shuffled != listed:
                return shuffled
    return listed


def views(bank: Bank, version: str = "A") -> dict[str, dict[str, object]]:
    """What each question's template needs, in ``version``'s order (see the types' ``view``); read only."""
    return _kept("views", bank, version, _views)


def _views(bank: Bank, version: str) -> dict[str, dict[str, object]]:
    laid = layouts(bank, version)
    return {q.id: qtypes.of(q).view(q, laid[q.id]) for q in bank.questions}


def positions(bank: Bank) -> dict[str, list[int]]:
    """For each choice question, the positions (0-based) of its right options in the page's order."""
    laid = layouts(bank)
    out: dict[str, list[int]] = {}
    for q in bank.questions:
        options = qtypes.of(q).craft(q).options
        if not options:
            continue
        order = laid[q.id].choices or tuple(range(len(options)))
        out[q.id] = [pos for pos, k in enumerate(order) if options[k][1]]
    return out
