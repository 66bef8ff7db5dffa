"""The craft of a question: rules that catch what makes a valid question a poor one to grade with.

A bank can pass every check of :mod:`quizgen.banks` and still give its answers away: the
right answer always in the first place, the longest option always the right one, a tag
above the question that names it, the answer of one question printed in the next one.
Each rule here catches one such flaw. A rule has an id (``QG101``), a message that says how
to fix what it found, a documented threshold, and the item-writing advice it follows
(docs/authoring.md lists them all). Its findings are warnings in ``quizgen validate`` and
under ``mkdocs serve``, and errors with ``--strict`` (``quizgen lint --strict``, ``mkdocs
build --strict``).

One question silences a rule with a reason, which stays in the bank for the next reader::

    lint:
      ignore:
        QG108: "the six figures and their six meanings are meant to be matched one to one"

A rule is one function in :mod:`quizgen.lint.rules`, registered with :func:`rule`; the rest
of quizgen knows only :data:`RULES` and :func:`run`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from quizgen.document import Document
from quizgen.models import Bank, Question
from quizgen.report import Issue, Step


@dataclass(frozen=True)
class Subject:
    """One bank as the rules see it: the questions that were built, and where they are written."""

    bank: Bank
    doc: Document
    #: question id -> {rule id: reason} of the rules it silences.
    ignores: dict[str, dict[str, str]] = field(default_factory=dict)

    def silenced(self, q: Question, rule_id: str) -> bool:
        return rule_id in self.ignores.get(q.id, {})

    def counted(self, rule_id: str) -> Sequence[Question]:
        """The bank's questions that ``rule_id`` looks at (those that do not silence it)."""
        if not self.ignores:
            return self.bank.questions
        return [q for q in self.bank.questions if not self.silenced(q, rule_id)]


@dataclass(frozen=True)
class Finding:
    """What a rule found: in a question (``question`` set) or in a whole bank."""

    subject: Subject
    message: str
    hint: str
    question: Question | None = None
    #: Path below the question (or below the bank when ``question`` is None).
    at: tuple[Step, ...] = ()
    key: bool = False


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    #: One line: what the rule catches.
    summary: str
    #: The threshold, in words, as docs/authoring.md gives it.
    threshold: str
    #: The item-writing advice it follows.
    advice: str
    check: Callable[[Sequence[Subject]], Iterable[Finding]]
    #: "bank": what it finds in a bank depends on that bank alone, so a bank that did not
    #: change keeps its findings (:class:`Memo`); "course": it compares banks with each other.
    scope: str = "bank"


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, name: str, *, summary: str, threshold: str, advice: str, scope: str = "bank"
) -> Callable[[Callable[[Sequence[Subject]], Iterable[Finding]]], Callable[[Sequence[Subject]], Iterable[Finding]]]:
    """Register a rule function under ``rule_id``."""

    def register(
        check: Callable[[Sequence[Subject]], Iterable[Finding]],
    ) -> Callable[[Sequence[Subject]], Iterable[Finding]]:
        RULES[rule_id] = Rule(rule_id, name, summary, threshold, advice, check, scope)
        return check

    return register


class Memo:
    """What the bank-scoped rules found in each bank, kept from one run to the next.

    Under ``mkdocs serve`` a save changes one bank, yet every rule used to read all of them
    again: at 10,000 questions that was half of each rebuild. The catalog hands the same
    :class:`~quizgen.models.Bank` object back for a file that did not change, so a bank's
    findings are kept by its identity (the bank is held, so the identity cannot be reused)
    together with its document and its silenced rules; banks that are gone are let go.
    """

    def __init__(self) -> None:
        self._kept: dict[int, tuple[Bank, Document, dict[str, dict[str, str]], str, dict[str, list[Issue]]]] = {}
        #: The words QG103 compares, of each question by identity (the question is held), and
        #: its comparison of the questions of the whole course (:class:`quizgen.lint.duplicates.Walk`).
        self.words: dict[int, tuple[Question, str, frozenset[str]]] = {}
        self.walk = _duplicates.Walk()

    def get(self, s: Subject, severity: str) -> dict[str, list[Issue]] | None:
        kept = self._kept.get(id(s.bank))
        if kept is None or kept[0] is not s.bank or kept[1] is not s.doc or kept[2] != s.ignores or kept[3] != severity:
            return None
        return kept[4]

    def put(self, s: Subject, severity: str, found: dict[str, list[Issue]]) -> None:
        self._kept[id(s.bank)] = (s.bank, s.doc, s.ignores, severity, found)

    def keep_only(self, subjects: Sequence[Subject]) -> None:
        live = {id(s.bank) for s in subjects}
        for k in [k for k in self._kept if k not in live]:
            del self._kept[k]
        questions = {id(q) for s in subjects for q in s.bank.questions}
        for k in [k for k in self.words if k not in questions]:
            del self.words[k]


def run(subjects: Sequence[Subject], *, severity: str = "warning", memo: Memo | None = None) -> list[Issue]:
    """Every finding of every rule on ``subjects``, as located issues (warnings by default).

    With a ``memo`` (the catalog builder's, kept across rebuilds), the bank-scoped rules read
    only the banks that changed since the last run; the course-scoped ones read all.
    """
    memo = memo if memo is not None else Memo()
    kept = {id(s): memo.get(s, severity) for s in subjects}
    fresh = [s for s in subjects if kept[id(s)] is None]
    found: dict[int, dict[str, list[Finding]]] = {}
    _rules.remember(memo.words, memo.walk)
    try:
        for r in RULES.values():
            for f in r.check(subjects if r.scope == "course" else fresh):
                q = f.question
                if q is not None and f.subject.silenced(q, r.id):
                    continue
                found.setdefault(id(f.subject), {}).setdefault(r.id, []).append(f)
    finally:
        _rules.forget()
    out: list[Issue] = []
    for s in subjects:
        composed = s.doc.composed
        mine = found.get(id(s), {})
        banked = kept[id(s)]
        if banked is None:
            banked = {
                r.id: [_issue(r, f, severity) for f in mine.get(r.id, [])] for r in RULES.values() if r.scope == "bank"
            }
            memo.put(s, severity, banked)
        for r in RULES.values():
            out += banked[r.id] if r.scope == "bank" else [_issue(r, f, severity) for f in mine.get(r.id, [])]
        if not composed:
            s.doc.forget()  # placing the findings composed the file again: one at a time, not all at once
    memo.keep_only(subjects)
    return out


def _issue(r: Rule, f: Finding, severity: str) -> Issue:
    q = f.question
    path: tuple[Step, ...] = ("questions", q.number - 1, *f.at) if q is not None else f.at
    line, column = f.subject.doc.locate(path, key=f.key)
    return Issue(
        f.subject.doc.file,
        line,
        column,
        path,
        f.message,
        f.hint,
        severity,
        question=q.id if q is not None else "",
        number=q.number if q is not None else 0,
        rule=r.id,
    )


def each_question(subjects: Sequence[Subject], rule_id: str) -> Iterator[tuple[Subject, Question]]:
    for s in subjects:
        for q in s.counted(rule_id):
            yield s, q


from quizgen.lint import duplicates as _duplicates  # noqa: E402
from quizgen.lint import rules as _rules  # noqa: E402,F401  (registers the rules)
