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

    def counted(self, rule_id: str) -> list[Question]:
        """The bank's questions that ``rule_id`` looks at (those that do not silence it)."""
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


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, name: str, *, summary: str, threshold: str, advice: str
) -> Callable[[Callable[[Sequence[Subject]], Iterable[Finding]]], Callable[[Sequence[Subject]], Iterable[Finding]]]:
    """Register a rule function under ``rule_id``."""

    def register(
        check: Callable[[Sequence[Subject]], Iterable[Finding]],
    ) -> Callable[[Sequence[Subject]], Iterable[Finding]]:
        RULES[rule_id] = Rule(rule_id, name, summary, threshold, advice, check)
        return check

    return register


def run(subjects: Sequence[Subject], *, severity: str = "warning") -> list[Issue]:
    """Every finding of every rule on ``subjects``, as located issues (warnings by default)."""
    found: dict[int, list[tuple[Rule, Finding]]] = {}
    for r in RULES.values():
        for f in r.check(subjects):
            q = f.question
            if q is not None and f.subject.silenced(q, r.id):
                continue
            found.setdefault(id(f.subject), []).append((r, f))
    _rules.forget()
    out: list[Issue] = []
    for s in subjects:
        kept = s.doc.composed
        out += [_issue(r, f, severity) for r, f in found.get(id(s), [])]
        if not kept:
            s.doc.forget()  # placing the findings composed the file again: one at a time, not all at once
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


from quizgen.lint import rules as _rules  # noqa: E402,F401  (registers the rules)
