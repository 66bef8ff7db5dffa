"""Grading receipts with the real key: each student's score, each question's result, a class summary.

A receipt (:mod:`quizgen.receipts`) names its bank and the version of each question as the
student's page showed it (:func:`quizgen.render.page_versions`). A question is graded when
the course still has it as the student saw it: at the same place in the bank, or, when
questions were added, removed or moved since, wherever the version is found. A question
whose version is found nowhere was changed since the receipt was made: it is not graded,
and is reported as such. Questions added since are not in the receipt, and are not graded
either. Each question is graded by its type (:meth:`QuestionType.grade`), exactly as the
browser would grade it.

Three formats: text for people, CSV for a spreadsheet (one row per receipt, one column per
question, then rows for the class), JSON for other tools.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from quizgen import qtypes, render
from quizgen.models import Bank, Catalog, Question
from quizgen.receipts import Read, Receipt

RIGHT, PARTLY, WRONG, UNANSWERED, CHANGED, NEW = "right", "partly", "wrong", "unanswered", "changed", "new"
#: The statuses of a question that count in the score.
GRADED = (RIGHT, PARTLY, WRONG, UNANSWERED)


@dataclass(frozen=True)
class Mark:
    """One question of one receipt."""

    number: int  # its number in the bank as it is now (0 for a question the bank no longer has)
    id: str  # "" for a question the bank no longer has as the student saw it
    status: str
    score: float = 0.0
    #: Its place in the receipt (1-based), for a question that was changed since.
    position: int = 0


@dataclass
class Result:
    """One receipt, graded."""

    where: str
    receipt: Receipt
    bank: Bank
    marks: list[Mark]
    #: Whether the receipt was made from the bank as it is now.
    current: bool
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(m.score for m in self.marks if m.status in GRADED)

    @property
    def out_of(self) -> int:
        return sum(1 for m in self.marks if m.status in GRADED)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str


@dataclass(frozen=True)
class QuestionSummary:
    number: int
    id: str
    counts: dict[str, int]
    mean: float  # over the receipts that graded it

    @property
    def missed(self) -> int:
        """Receipts that did not get it fully right."""
        return sum(self.counts.get(s, 0) for s in (PARTLY, WRONG, UNANSWERED))


@dataclass(frozen=True)
class Summary:
    bank: Bank
    receipts: int
    mean: float
    out_of: int
    questions: list[QuestionSummary]

    def most_missed(self) -> list[QuestionSummary]:
        """The questions most receipts did not get right, most missed first (ties: lower mean, then bank order)."""
        missed = [q for q in self.questions if q.missed]
        return sorted(missed, key=lambda q: (-q.missed, q.mean, q.number))


@dataclass
class Report:
    results: list[Result]
    problems: list[Problem]
    summaries: list[Summary]


def _score(q: Question, value: Any) -> tuple[str, float]:
    if value is None:
        return UNANSWERED, 0.0
    t = qtypes.of(q)
    score = float(t.grade(t.key(q), value).score)
    score = min(1.0, max(0.0, score))
    return (RIGHT if score >= 1 else PARTLY if score > 0 else WRONG), score


def grade_receipt(where: str, receipt: Receipt, bank: Bank) -> Result:
    """Grade one receipt against ``bank`` as it is now."""
    version, qversions = render.page_versions(bank)
    questions = list(bank.questions)
    short = [qversions[q.id][:4] for q in questions]
    marks: list[Mark] = []
    used: set[int] = set()
    for pos, answer in enumerate(receipt.answers):
        # Where it was, if it is still the same there; else the one place it is now.
        k: int | None = pos if pos < len(short) and short[pos] == answer.version and pos not in used else None
        if k is None:
            found = [i for i, v in enumerate(short) if v == answer.version and i not in used]
            k = found[0] if len(found) == 1 else None
        if k is None:
            marks.append(Mark(0, "", CHANGED, position=pos + 1))
            continue
        used.add(k)
        q = questions[k]
        status, score = _score(q, answer.value)
        marks.append(Mark(q.number, q.id, status, score, position=pos + 1))
    _pair_changed(marks, questions, used)
    for k, q in enumerate(questions):
        if k not in used:
            marks.append(Mark(q.number, q.id, NEW))
    marks.sort(key=lambda m: (m.number == 0, m.number, m.position))
    current = receipt.bank_version == version[:8] and all(m.status in GRADED for m in marks)
    return Result(where, receipt, bank, marks, current)


def _pair_changed(marks: list[Mark], questions: list[Question], used: set[int]) -> None:
    """Name the questions that were changed since the receipt, where that is certain.

    Between two questions found in both, a single question of the receipt that is found
    nowhere and a single question of the bank that is not in the receipt are the same
    question, changed (a reworded prompt, a new option). Elsewhere a changed question stays
    unnamed: "question 4 of the receipt".
    """
    where = {q.id: k for k, q in enumerate(questions)}
    lo = -1
    gap: list[int] = []  # indices into marks of the changed ones since the last anchor
    for i, m in enumerate([*marks, Mark(0, "", "")]):
        if m.status == CHANGED:
            gap.append(i)
            continue
        hi = where.get(m.id, len(questions)) if m.status else len(questions)
        free = [k for k in range(lo + 1, hi) if k not in used]
        if len(gap) == 1 and len(free) == 1:
            q = questions[free[0]]
            marks[gap[0]] = replace(marks[gap[0]], number=q.number, id=q.id)
            used.add(free[0])
        gap, lo = [], hi


def grade(reads: Sequence[Read], catalog: Catalog) -> Report:
    """Grade every receipt read; problems for the codes that cannot be read or graded."""
    banks = {b.slug: b for b in catalog.banks}
    results: list[Result] = []
    problems: list[Problem] = []
    for read in reads:
        if read.receipt is None:
            problems.append(Problem(read.where, read.problem))
            continue
        bank = banks.get(read.receipt.bank)
        if bank is None:
            known = ", ".join(sorted(banks)) or "none"
            problems.append(
                Problem(
                    read.where,
                    f"this receipt is for the quiz '{read.receipt.bank}', which this course does not have "
                    f"(it has: {known}); grade it in the course it was made in",
                )
            )
            continue
        try:
            result = grade_receipt(read.where, read.receipt, bank)
        except NotImplementedError as err:
            problems.append(Problem(read.where, str(err)))
            continue
        if not bank.graded:
            result.notes.append("the quiz is not graded now (mode: practice): its pages show the answers")
        if read.listed_name and _same_name(read.listed_name) != _same_name(read.receipt.name):
            result.notes.append(f"the list says '{read.listed_name}', the receipt says '{read.receipt.name}'")
        results.append(result)
    _note_repeats(results)
    return Report(results, problems, summarise(results, catalog))


def _same_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _note_repeats(results: list[Result]) -> None:
    seen: dict[tuple[str, str], Result] = {}
    for r in results:
        key = (r.bank.slug, _same_name(r.receipt.name))
        first = seen.get(key)
        if first is not None:
            r.notes.append(f"another receipt of this quiz has the same name ({first.where})")
        else:
            seen[key] = r


def summarise(results: list[Result], catalog: Catalog) -> list[Summary]:
    """For each bank with receipts: how many, the mean score, and each question's results."""
    out = []
    for bank in catalog.banks:
        mine = [r for r in results if r.bank.slug == bank.slug]
        if not mine:
            continue
        questions = []
        for q in bank.questions:
            counts: dict[str, int] = {}
            scores = []
            for r in mine:
                mark = next((m for m in r.marks if m.id == q.id), None)
                status = mark.status if mark else NEW
                counts[status] = counts.get(status, 0) + 1
                if mark and mark.status in GRADED:
                    scores.append(mark.score)
            questions.append(QuestionSummary(q.number, q.id, counts, sum(scores) / len(scores) if scores else 0.0))
        mean = sum(r.score for r in mine) / len(mine)
        out.append(Summary(bank, len(mine), mean, len(bank.questions), questions))
    return out


# -- output ------------------------------------------------------------------------------------


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def _pct(score: float, out_of: int) -> str:
    return f"{round(100 * score / out_of)}%" if out_of else "-"


def made_text(minutes: int) -> str:
    """When a receipt was made, by the student's clock, in UTC: ``2026-03-02 10:14 UTC``."""
    try:
        return datetime.fromtimestamp(minutes * 60, UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (OverflowError, OSError, ValueError):
        return "unknown"


def _status_text(m: Mark) -> str:
    return {
        RIGHT: "right",
        PARTLY: f"partly right ({_num(m.score)})",
        WRONG: "wrong",
        UNANSWERED: "no answer",
        CHANGED: "changed since the receipt was made: not graded",
        NEW: "added since the receipt was made: not graded",
    }[m.status]


_MISSED = ((PARTLY, "partly"), (WRONG, "wrong"), (UNANSWERED, "no answer"))


def format_text(report: Report) -> str:
    lines: list[str] = []
    for summary in report.summaries:
        bank = summary.bank
        results = [r for r in report.results if r.bank.slug == bank.slug]
        lines.append(f"{bank.title} ({bank.slug}): {len(results)} receipt{'s' if len(results) != 1 else ''}")
        lines.append("")
        width = max(len(q.id) for q in bank.questions)
        for r in results:
            lines.append(
                f"{r.receipt.name or '(no name)'}: {_num(r.score)} of {r.out_of} ({_pct(r.score, r.out_of)}), "
                f"made {made_text(r.receipt.made)}  [{r.where}]"
            )
            if not r.current:
                lines.append("  made from an earlier version of the quiz: graded where the questions are the same")
            for note in r.notes:
                lines.append(f"  note: {note}")
            for m in r.marks:
                gone = f"(question {m.position})"
                label = f"{m.number:>3} {m.id:<{width}}" if m.id else f"  - {gone:<{width}}"
                lines.append(f"  {label}  {_status_text(m)}")
            lines.append("")
        lines.append(
            f"Class: {summary.receipts} receipt{'s' if summary.receipts != 1 else ''}, mean score "
            f"{_num(round(summary.mean, 2))} of {summary.out_of} ({_pct(summary.mean, summary.out_of)})"
        )
        missed = summary.most_missed()
        if missed:
            lines.append("Most missed:")
            for q in missed:
                parts = [f"{q.counts[s]} {word}" for s, word in _MISSED if q.counts.get(s)]
                lines.append(
                    f"  {q.number:>3} {q.id:<{width}}  missed by {q.missed} of {summary.receipts} ({', '.join(parts)})"
                )
        else:
            lines.append("Every graded question was right on every receipt.")
        lines.append("")
    for p in report.problems:
        lines.append(f"{p.where}: {p.message}")
    if report.problems:
        n = len(report.problems)
        lines.append(f"{n} receipt{'s' if n != 1 else ''} could not be graded.")
    return "\n".join(lines).rstrip("\n") + "\n" if lines else ""


def _mark_json(m: Mark) -> dict[str, Any]:
    out: dict[str, Any] = {"number": m.number, "id": m.id, "status": m.status}
    if m.status in GRADED:
        out["score"] = m.score
    if m.position:
        out["position"] = m.position
    return out


def as_data(report: Report) -> dict[str, Any]:
    return {
        "receipts": [
            {
                "where": r.where,
                "name": r.receipt.name,
                "bank": r.bank.slug,
                "title": r.bank.title,
                "made": datetime.fromtimestamp(r.receipt.made * 60, UTC).strftime("%Y-%m-%dT%H:%MZ"),
                "bank_version": r.receipt.bank_version,
                "current": r.current,
                "score": r.score,
                "out_of": r.out_of,
                "questions": [_mark_json(m) for m in r.marks],
                "notes": r.notes,
            }
            for r in report.results
        ],
        "summary": [
            {
                "bank": s.bank.slug,
                "title": s.bank.title,
                "receipts": s.receipts,
                "mean": s.mean,
                "out_of": s.out_of,
                "questions": [
                    {"number": q.number, "id": q.id, "mean": q.mean, "missed": q.missed, "counts": q.counts}
                    for q in s.questions
                ],
                "most_missed": [q.id for q in s.most_missed()],
            }
            for s in report.summaries
        ],
        "problems": [{"where": p.where, "message": p.message} for p in report.problems],
    }


def format_json(report: Report) -> str:
    return json.dumps(as_data(report), indent=2, ensure_ascii=False) + "\n"


def format_csv(report: Report) -> str:
    """One row per receipt and one column per question (its score, or its status when not graded),
    then, for each quiz, a row of each question's mean and one of how many missed it."""
    columns: list[tuple[str, str]] = []  # (bank, question id)
    for s in report.summaries:
        columns += [(s.bank.slug, q.id) for q in s.bank.questions]
    several = len(report.summaries) > 1
    heads = [f"{b}/{qid}" if several else qid for b, qid in columns]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["name", "quiz", "score", "out_of", "percent", "made", "current", "where", "notes", *heads])
    for r in report.results:
        cells = {(r.bank.slug, m.id): (_num(m.score) if m.status in GRADED else m.status) for m in r.marks if m.id}
        w.writerow(
            [
                r.receipt.name,
                r.bank.slug,
                _num(r.score),
                r.out_of,
                _pct(r.score, r.out_of),
                made_text(r.receipt.made),
                "yes" if r.current else "no",
                r.where,
                "; ".join(r.notes),
                *(cells.get(c, "") for c in columns),
            ]
        )
    for s in report.summaries:
        means = {(s.bank.slug, q.id): _num(round(q.mean, 2)) for q in s.questions}
        missed = {(s.bank.slug, q.id): str(q.missed) for q in s.questions}
        blank = [""] * 4
        mean = [_num(round(s.mean, 2)), str(s.out_of), _pct(s.mean, s.out_of)]
        w.writerow(["(class mean)", s.bank.slug, *mean, *blank, *(means.get(c, "") for c in columns)])
        w.writerow(["(missed by)", s.bank.slug, "", "", "", *blank, *(missed.get(c, "") for c in columns)])
    return out.getvalue()
