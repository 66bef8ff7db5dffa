"""One bank file checked on its own: schema, each question's own checks, evidence in its source.

Checks of one field never wait for another field to be valid: the schema's problems, the
evidence, the speaker and the question type's checks are all run on the raw data of every
question, each looking only at fields of the right shape, so one run reports everything.
A field the schema (or the loader) already found wrong is not judged again, so each defect
is reported once. Checks across files (unique ids, glossary terms, page addresses, the
record of what was checked) come later, in :mod:`quizgen.catalog`, and the craft of the
questions in :mod:`quizgen.lint`.

Every problem inside a question names it as the quiz page does: by its id and its number.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import Any

from quizgen import definitions, lint, qtypes, schema
from quizgen.attribution import AUTHOR, Attribution
from quizgen.document import Document
from quizgen.models import Bank, Evidence, Question, Topic
from quizgen.report import Issue, Step, excerpt
from quizgen.source import QuoteIndex

Path_ = tuple[Step, ...]


@dataclass
class Cited:
    """One evidence quote of a question, as looked up in its source (for the record of what was checked)."""

    question: str
    path: Path_
    quote: str
    found: Evidence | None


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
    #: The questions that were built, as a bank, even when others in the file have problems:
    #: what the lint rules and the record of what was checked look at.
    partial: Bank | None = None
    #: Question index -> id, to name the question in messages.
    names: dict[int, str] = field(default_factory=dict)
    #: Each question's lint rules silenced, with the reason given: id -> {rule: reason}.
    ignores: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Every evidence quote and what it was found to be.
    cited: list[Cited] = field(default_factory=list)


def at(doc: Document, path: Path_, message: str, hint: str = "", *, key: bool = False) -> Issue:
    line, col = doc.locate(path, key=key)
    return Issue(doc.file, line, col, path, message, hint)


def schema_issues(doc: Document) -> list[Issue]:
    return [i for i in schema.validate(doc, "bank") if not doc.covers(i)]


def named(issues: list[Issue], names: dict[int, str]) -> list[Issue]:
    """``issues`` with the question each is in named by its number and id (once, in order)."""
    out: list[Issue] = []
    seen: set[Issue] = set()
    for issue in issues:
        p = issue.path
        if len(p) > 1 and p[0] == "questions" and isinstance(p[1], int) and not issue.number:
            issue = replace(issue, number=p[1] + 1, question=names.get(p[1], ""))
        if issue not in seen:
            seen.add(issue)
            out.append(issue)
    return out


def check(
    doc: Document,
    issues: list[Issue],
    *,
    slug: str,
    source_id: str | None,
    index: QuoteIndex | None,
    topics: tuple[Topic, ...],
    attribution: Attribution | None = None,
    mode: str = "practice",
) -> BankDraft:
    """Every problem of one bank (``issues`` holds those found so far); the bank when there are none."""
    issues = [_with_context(doc, i) for i in issues]
    data = doc.data
    if not isinstance(data, dict):
        return BankDraft(None, doc, named(issues, {}))
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
        qid = raw.get("id") if isinstance(raw.get("id"), str) else None
        if qid is not None:
            draft.ids.append((qid, (*base, "id")))
            draft.names[n] = qid
        terms = raw.get("terms")
        if isinstance(terms, list):
            draft.term_refs += [(t, (*base, "terms", k)) for k, t in enumerate(terms) if isinstance(t, str)]
        # Problems of the question's own fields (or below them) keep those fields from being
        # judged again; a problem of the question as a whole (a missing key) keeps nothing.
        flagged = [i.path[2:] for i in issues if i.path[:2] == base and len(i.path) > 2]
        built, found = _question(doc, base, raw, index, n + 1, flagged, attribution, draft)
        issues += found
        if qid is not None:
            ignores = _ignores(doc, base, raw, flagged, issues)
            if ignores:
                draft.ignores[qid] = ignores
        if built is not None and not found and n not in failed:
            questions.append(built)
    draft.issues = issues = named(issues, draft.names)
    if index is not None and source_id is not None:
        # The bank's own mode: decides the course's default (mkdocs.yml); a graded bank's
        # questions are held as its pages show them (docs/graded.md).
        mode = data["mode"] if data.get("mode") in ("practice", "graded") else mode
        if mode == "graded":
            questions = [qtypes.of(q).for_graded(q) for q in questions]
        draft.partial = Bank(
            slug=slug,
            file=doc.file,
            source=source_id,
            topic=topic if isinstance(topic, str) else "other",
            title=data["title"] if isinstance(data.get("title"), str) else slug,
            questions=tuple(questions),
            description=data.get("description") if isinstance(data.get("description"), str) else None,
            shuffle=data.get("shuffle") is True,
            mode=mode,
        )
    if issues or draft.partial is None:
        return draft
    draft.bank = draft.partial
    doc.data = None  # the models hold everything now; keep only the text for locating problems
    return draft


def _question(
    doc: Document,
    base: Path_,
    raw: dict[str, Any],
    index: QuoteIndex | None,
    number: int,
    flagged: list[Path_],
    attribution: Attribution | None,
    draft: BankDraft,
) -> tuple[Question | None, list[Issue]]:
    """The built question (None when it cannot be built), and every problem the checks beyond the schema find.

    A field the schema already found wrong (``flagged``, paths below the question) is not
    judged again: a choice whose ``correct: "yes"`` was refused is not also counted as "no
    correct choice", so each defect is reported once.
    """
    issues: list[Issue] = []

    def report(rel: tuple[Step, ...], message: str, hint: str = "") -> None:
        if any(f[: len(rel)] == rel or rel[: len(f)] == f for f in flagged):
            return
        issues.append(at(doc, (*base, *rel), message, hint))

    qid = raw["id"] if isinstance(raw.get("id"), str) else ""
    evidence: list[Evidence] = []
    quotes = raw.get("evidence")
    listed = isinstance(quotes, list)
    for k, quote in enumerate(quotes if isinstance(quotes, list) else [quotes]):
        if not isinstance(quote, str) or index is None:
            continue
        rel: Path_ = ("evidence", k) if listed else ("evidence",)
        found = index.find(quote)
        if isinstance(found, str):
            report(rel, found, "copy the words from the article; quote marks, dashes and spaces may differ")
            cited = Cited(qid, (*base, *rel), quote, None)
        else:
            evidence.append(found)
            cited = Cited(qid, (*base, *rel), quote, found)
        draft.cited.append(cited)
    speaker = raw.get("speaker")
    if isinstance(speaker, str) and attribution is not None and not any(f[:1] == ("speaker",) for f in flagged):
        _speaker(report, speaker, evidence, attribution, raw.get("choices"))
    name = raw.get("type")
    qtype = qtypes.registry().get(name) if isinstance(name, str) else None
    if qtype is None:
        return None, issues
    qtype.check(raw, report)
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
        if issues or flagged:
            return None, issues
        return qtype.build(common, raw), issues
    except (KeyError, TypeError, AttributeError, ValueError):  # the schema has reported why; nothing to build
        return None, issues


def _speaker(
    report: Any, speaker: str, evidence: list[Evidence], attribution: Attribution, choices: Any = None
) -> None:
    """The question's speaker must be the one the source attributes every evidence quote to.

    In a "who says this?" question (choices that name speakers), the right choices must
    name the speaker too, and no wrong choice may name only them: renaming the person in
    the right option is then an error, as it should be.
    """
    known = attribution.speakers
    if speaker not in known:
        close = difflib.get_close_matches(speaker, list(known), n=1, cutoff=0.5)
        declared = ", ".join(sorted(known))
        report(
            ("speaker",),
            f"the source declares no speaker '{excerpt(speaker)}'",
            f"did you mean '{close[0]}'?"
            if close
            else f"use one of: {declared} (declare others under speakers: in the source's details file)",
        )
        return
    for e in evidence:
        said_by = attribution.of(e)
        if speaker in said_by:
            continue
        who = " and ".join(sorted(attribution.name(s) for s in said_by))
        other = sorted(said_by)[0]
        report(
            ("speaker",),
            f"paragraph {e.paragraph} attributes \u201c{excerpt(e.quote)}\u201d to {who}, "
            f"not to {attribution.name(speaker)}",
            f"write speaker: {other}, or quote words that {attribution.name(speaker)} says"
            if speaker != AUTHOR
            else f"write speaker: {other}, or quote words the article says in its own voice",
        )
        return
    if not isinstance(choices, list):
        return
    who = attribution.name(speaker)
    options = [(k, c) for k, c in enumerate(choices) if isinstance(c, dict) and isinstance(c.get("text"), str)]
    if 2 * sum(1 for _, c in options if attribution.named(c["text"])) <= len(options):
        return  # not a question about who says it: most of its options name no speaker
    for k, c in options:
        names = attribution.named(c["text"])
        if c.get("correct") is True and speaker not in names:
            others = " and ".join(sorted(attribution.name(s) for s in names)) or "nobody the source declares"
            report(
                ("choices", k, "text"),
                f"this right option names {others}, but the question's speaker is {who}",
                f"the article attributes the evidence to {who}: fix the option, or the speaker",
            )
        elif c.get("correct") is not True and names == {speaker}:
            report(
                ("choices", k, "text"),
                f"this wrong option names {who}, the question's speaker",
                "mark it correct: true, or change the speaker",
            )


def _ignores(
    doc: Document, base: Path_, raw: dict[str, Any], flagged: list[Path_], issues: list[Issue]
) -> dict[str, str]:
    """The lint rules silenced for one question (``lint: {ignore: {QG103: why}}``), each a known rule."""
    block = raw.get("lint")
    ignore = block.get("ignore") if isinstance(block, dict) else None
    if not isinstance(ignore, dict) or any(f[:1] == ("lint",) for f in flagged):
        return {}
    out: dict[str, str] = {}
    for rule, reason in ignore.items():
        if rule not in lint.RULES:
            close = difflib.get_close_matches(rule, list(lint.RULES), n=1, cutoff=0.6)
            issues.append(
                at(
                    doc,
                    (*base, "lint", "ignore", rule),
                    f"there is no lint rule '{excerpt(rule)}'",
                    f"did you mean '{close[0]}'?" if close else "the rules are " + ", ".join(lint.RULES),
                    key=True,
                )
            )
        elif isinstance(reason, str):
            out[rule] = reason
    return out


# -- what to write instead of a value YAML reads as something else ---------------------------


def _with_context(doc: Document, issue: Issue) -> Issue:
    """A loader's refusal of ``yes`` or ``5:00`` with a hint that fits what the key expects.

    The loader knows what YAML made of the text, not what the key takes: ``answer: yes`` is
    "write true or false" in a true/false question and "write the number" in a numeric one.
    """
    raw = doc.refused_scalars.get(issue.path)
    if raw is None:
        return issue
    expected = expected_types(doc.data, issue.path)
    if not expected:
        return issue
    if expected <= {"number", "integer"}:
        hint = "write the number in plain digits, for example 36 or 1.25"
    elif expected == {"boolean"}:
        hint = "write true or false"
    elif "string" in expected:
        hint = f'quote this value: "{excerpt(raw)}"'
    else:
        return issue
    return replace(issue, hint=hint)


def expected_types(data: Any, path: Path_) -> set[str]:
    """The JSON types the bank schema allows at ``path`` (empty when it cannot tell)."""
    full = definitions.schema("bank")
    defs = full["$defs"]
    node: Any = full
    value: Any = data
    for step in path:
        node = _resolve(node, defs)
        if node is defs["question"]:
            qtype = value.get("type") if isinstance(value, dict) else None
            flat = definitions.flat_question_schemas().get(qtype) if isinstance(qtype, str) else None
            if flat is None:
                return set()
            node = flat
        if isinstance(step, int):
            node = _resolve(node, defs).get("items") if isinstance(node, dict) else None
            value = value[step] if isinstance(value, list) and 0 <= step < len(value) else None
        else:
            props = _resolve(node, defs).get("properties", {}) if isinstance(node, dict) else {}
            node = props.get(step)
            value = value.get(step) if isinstance(value, dict) else None
        if node is None:
            return set()
    return _types(_resolve(node, defs), defs)


def _resolve(node: Any, defs: dict[str, Any]) -> Any:
    while isinstance(node, dict) and "$ref" in node and "properties" not in node:
        node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
    if node is defs.get("question"):
        return node
    return node


def _types(node: Any, defs: dict[str, Any]) -> set[str]:
    if not isinstance(node, dict):
        return set()
    t = node.get("type")
    if isinstance(t, str):
        return {t}
    if isinstance(t, list):
        return set(t)
    out: set[str] = set()
    for alt in node.get("anyOf", []):
        out |= _types(_resolve(alt, defs), defs)
    return out
