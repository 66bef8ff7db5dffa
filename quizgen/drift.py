"""What the banks were checked against, and what has changed in the articles since.

An evidence quote is checked once against the article; the article may change after. A
paragraph inserted above it renumbers every later citation, an edited sentence may no
longer say what the answer key claims. So quizgen keeps a record, ``checked.json`` beside
the banks (in the banks folder), of what each question was last accepted against: each
source's SHA-256, a fingerprint of each cited paragraph, and for each question the
paragraph each of its quotes was found in. ``quizgen accept`` writes it; commit it with
the banks.

When a source's hash is no longer the one recorded, ``quizgen validate`` (and the build)
reports each quote whose paragraph

- **changed**: its text is not what it was (the quote is still found, maybe elsewhere);
- **moved**: the same text now has another number;
- **vanished**: the quote is no longer in the article (already an error; the message
  says where it was).

Each is an error that names the new paragraph and the command that accepts the change,
after the questions have been read against the new text. Questions and quotes the record
does not know (added since) are simply checked; a course without a record has no drift
check at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizgen.banks import BankDraft, Cited, at
from quizgen.models import Catalog, Source
from quizgen.report import Issue, Step
from quizgen.source import fold

NAME = "checked.json"
FORMAT = 1
ABOUT = (
    "What the question banks were last checked against: each source's SHA-256, a fingerprint of each "
    "cited paragraph, and the paragraph of each evidence quote. Written by `quizgen accept`; "
    "see docs/authoring.md (Source changes)."
)
ACCEPT = "read the question against the article, then run `quizgen accept` to record it"


def fingerprint(text: str) -> str:
    """A paragraph's fingerprint: its folded text hashed (white space, quote marks and dashes do not count)."""
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()[:16]


def quote_key(quote: str) -> str:
    return hashlib.sha256(fold(quote).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Record:
    sources: dict[str, dict[str, Any]]
    questions: dict[str, dict[str, Any]]


def path_of(banks_dir: Path) -> Path:
    return banks_dir / NAME


def read(path: Path, file: str) -> tuple[Record | None, list[Issue]]:
    """The record at ``path`` (None, and no problem, when there is none)."""
    if not path.is_file():
        return None, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a format {FORMAT} record")
        sources, questions = data.get("sources"), data.get("questions")
        if not isinstance(sources, dict) or not isinstance(questions, dict):
            raise ValueError("no sources or questions")
        return Record(sources, questions), []
    except (OSError, ValueError, UnicodeDecodeError) as err:
        message = f"cannot read the record of what was checked: {' '.join(str(err).split())[:120]}"
        return None, [Issue(file, 1, 1, (), message, "run `quizgen accept` to write it again")]


def check(
    record: Record, drafts: Iterable[BankDraft], sources: dict[str, Source]
) -> tuple[list[Issue], dict[tuple[str, tuple[Step, ...]], str]]:
    """The drift of every cited quote, and fuller messages for the quotes that vanished.

    A question whose quoted paragraphs only moved gets one problem, listing them all; each
    quote whose paragraph changed gets its own. The second result maps (file, path) of a
    "quote not found" problem to the note to add to it.
    """
    issues: list[Issue] = []
    notes: dict[tuple[str, tuple[Step, ...]], str] = {}
    for draft in drafts:
        doc, bank = draft.doc, draft.partial
        if doc is None or bank is None:
            continue
        src = sources.get(bank.source)
        recorded_src = record.sources.get(bank.source)
        if src is None or not isinstance(recorded_src, dict) or recorded_src.get("sha256") == src.sha256:
            continue
        paragraphs = recorded_src.get("paragraphs", {})
        current = {b.number: b for b in src.blocks if b.number is not None}
        moved: dict[str, list[tuple[Cited, int, int]]] = {}
        for cited in draft.cited:
            entry = record.questions.get(cited.question)
            if not isinstance(entry, dict) or entry.get("source") != bank.source:
                continue
            key = quote_key(cited.quote)
            old = next((e for e in entry.get("evidence", []) if isinstance(e, dict) and e.get("quote") == key), None)
            if old is None or not isinstance(old.get("paragraph"), int):
                continue  # a quote written since: checked now, nothing to compare
            was = old["paragraph"]
            if cited.found is None:
                notes[(doc.file, cited.path)] = (
                    f" (it was in paragraph {was} when last accepted; the article has changed since)"
                )
                continue
            now = cited.found.paragraph
            old_print = paragraphs.get(str(was))
            if old_print is not None and fingerprint(current[now].text) == old_print:
                if now != was:
                    moved.setdefault(cited.question, []).append((cited, was, now))
                continue
            if now == was:
                message = f"paragraph {now}, which this quote is in, has changed since it was last accepted"
            else:
                message = (
                    f"paragraph {was}, which this quote was in when last accepted, has changed; "
                    f"the quote is now found in paragraph {now}"
                )
            issues.append(at(doc, cited.path, message, ACCEPT))
        for items in moved.values():
            steps = ", ".join(f"{was} is now {now}" for _, was, now in items)
            issues.append(
                at(
                    doc,
                    items[0][0].path,
                    f"the paragraphs this question quotes have moved since it was last accepted: {steps}",
                    "check any paragraph numbers its texts give, then run `quizgen accept`",
                )
            )
    return issues, notes


def record_of(catalog: Catalog, root: Path | None = None) -> dict[str, Any]:
    """The record of what ``catalog`` was checked against, as ``quizgen accept`` writes it."""
    cited: dict[str, set[int]] = {}
    questions: dict[str, Any] = {}
    for bank in catalog.banks:
        for q in bank.questions:
            cited.setdefault(bank.source, set()).update(e.paragraph for e in q.evidence)
            questions[q.id] = {
                "source": bank.source,
                "evidence": [{"paragraph": e.paragraph, "quote": quote_key(e.quote)} for e in q.evidence],
            }
    sources: dict[str, Any] = {}
    for src in catalog.sources:
        numbers = sorted(cited.get(src.id, ()))
        blocks = {b.number: b for b in src.blocks if b.number is not None}
        sources[src.id] = {
            "file": src.file,
            "sha256": src.sha256,
            "paragraphs": {str(n): fingerprint(blocks[n].text) for n in numbers},
        }
    return {
        "about": ABOUT,
        "format": FORMAT,
        "sources": dict(sorted(sources.items())),
        "questions": dict(sorted(questions.items())),
    }


def text_of(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


def merge(old: Record | None, new: dict[str, Any], kept_sources: Iterable[str]) -> dict[str, Any]:
    """``new``, plus what ``old`` recorded for the sources not checked this time (``--source``)."""
    if old is None:
        return new
    keep = set(kept_sources)
    sources = {k: v for k, v in old.sources.items() if k in keep}
    questions = {k: v for k, v in old.questions.items() if isinstance(v, dict) and v.get("source") in keep}
    sources.update(new["sources"])
    questions.update(new["questions"])
    return {**new, "sources": dict(sorted(sources.items())), "questions": dict(sorted(questions.items()))}
