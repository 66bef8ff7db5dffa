"""One bank file checked on its own: schema, each question's own checks, evidence in its source.

Checks of one field never wait for another field to be valid: the schema's problems, the
evidence and the question type's checks are all run on the raw data of every question,
each looking only at fields of the right shape, so one run reports everything. Checks
across files (unique ids, glossary terms, page addresses) come later, in
:mod:`quizgen.catalog`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from quizgen import qtypes, schema
from quizgen.document import Document
from quizgen.models import Bank, Evidence, Question, Topic
from quizgen.report import Issue, Step, excerpt
from quizgen.source import QuoteIndex

Path_ = tuple[Step, ...]


@dataclass
class BankDraft:
    """A bank file checked on its own; ``bank`` is None when it has any problem."""

    bank: Bank | None
    doc: Document | None
    issues: list[Issue]
    #: Where each question's id is, for messages about duplicates: id -> path of the id.
    ids: list[tuple[str, Path_]] = field(default_factory=list)
    #: Glossary terms the questions name, with where they are named.
    term_refs: list[tuple[str, Path_]] = field(default_factory=list)


def at(doc: Document, path: Path_, message: str, hint: str = "", *, key: bool = False) -> Issue:
    line, col = doc.locate(path, key=key)
    return Issue(doc.file, line, col, path, message, hint)


def schema_issues(doc: Document) -> list[Issue]:
    return [i for i in schema.validate(doc, "bank") if not doc.covers(i)]


def check(
    doc: Document,
    issues: list[Issue],
    *,
    slug: str,
    source_id: str | None,
    index: QuoteIndex | None,
    topics: tuple[Topic, ...],
) -> BankDraft:
    """Every problem of one bank (``issues`` holds those found so far); the bank when there are none."""
    issues = list(issues)
    data = doc.data
    if not isinstance(data, dict):
        return BankDraft(None, doc, issues)
    topic = data.get("topic")
    known = [t.id for t in topics]
    if isinstance(topic, str) and topic not in known and not any(i.path == ("topic",) for i in issues):
        close = difflib.get_close_matches(topic, known, n=1, cutoff=0.5)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else "use one of: " + ", ".join(known) + " (or declare it under topics: in mkdocs.yml)"
        )
        issues.append(at(doc, ("topic",), f"'{excerpt(topic)}' is not one of {', '.join(known)}", hint))
    listed = data.get("questions")
    raw_questions: list[Any] = listed if isinstance(listed, list) else []
    questions: list[Question] = []
    draft = BankDraft(None, doc, issues)
    failed = {i.path[1] for i in issues if len(i.path) > 1 and i.path[0] == "questions"}
    for n, raw in enumerate(raw_questions):
        if not isinstance(raw, dict):
            continue
        base: Path_ = ("questions", n)
        if isinstance(raw.get("id"), str):
            draft.ids.append((raw["id"], (*base, "id")))
        terms = raw.get("terms")
        if isinstance(terms, list):
            draft.term_refs += [(t, (*base, "terms", k)) for k, t in enumerate(terms) if isinstance(t, str)]
        flagged = [i.path[2:] for i in issues if i.path[:2] == base]
        found = _question(doc, base, raw, index, n + 1, flagged)
        if isinstance(found, list):
            issues += found
        elif n not in failed:
            questions.append(found)
    if issues or index is None or source_id is None:
        return draft
    draft.bank = Bank(
        slug=slug,
        file=doc.file,
        source=source_id,
        topic=data.get("topic", "other"),
        title=data["title"],
        questions=tuple(questions),
        description=data.get("description"),
        shuffle=data.get("shuffle", False),
    )
    doc.data = None  # the models hold everything now; keep only the text for locating problems
    return draft


def _question(
    doc: Document, base: Path_, raw: dict[str, Any], index: QuoteIndex | None, number: int, flagged: list[Path_]
) -> Question | list[Issue]:
    """The built question, or every problem the checks beyond the schema find in it.

    A field the schema already found wrong (``flagged``, paths below the question) is not
    judged again: a choice whose ``correct: "yes"`` was refused is not also counted as "no
    correct choice", so each defect is reported once.
    """
    issues: list[Issue] = []

    def report(rel: tuple[Step, ...], message: str, hint: str = "") -> None:
        if any(f[: len(rel)] == rel or rel[: len(f)] == f for f in flagged):
            return
        issues.append(at(doc, (*base, *rel), message, hint))

    evidence: list[Evidence] = []
    quotes = raw.get("evidence")
    listed = isinstance(quotes, list)
    for k, quote in enumerate(quotes if listed else [quotes]):  # type: ignore[list-item]
        if not isinstance(quote, str) or index is None:
            continue
        found = index.find(quote)
        if isinstance(found, str):
            report(
                ("evidence", k) if listed else ("evidence",),
                found,
                "copy the words from the article; quote marks, dashes and spaces may differ",
            )
        else:
            evidence.append(found)
    qtype = qtypes.registry().get(raw.get("type")) if isinstance(raw.get("type"), str) else None
    if qtype is None:
        return issues
    qtype.check(raw, report)
    if issues:
        return issues
    try:
        feedback = raw.get("feedback", {})
        common = dict(
            id=raw["id"],
            prompt=raw["prompt"],
            explanation=raw["explanation"],
            evidence=tuple(evidence),
            difficulty=raw["difficulty"],
            number=number,
            tags=tuple(raw.get("tags", ())),
            terms=tuple(raw.get("terms", ())),
            feedback_correct=feedback.get("correct"),
            feedback_incorrect=feedback.get("incorrect"),
        )
        return qtype.build(common, raw)
    except (KeyError, TypeError, AttributeError):  # the schema has reported why; nothing to build
        return []
