"""All banks, the glossary and the article together: the checks a schema cannot do.

A schema sees one file; a teacher's mistakes often span several. Here ids are checked to be
unique across banks, every evidence quote is found in the article and resolved to its
paragraph, every glossary reference is defined, and each question's answer data is checked
for sense (one right choice for ``single``, a blank in a ``fill_blank`` prompt, and so on).

:class:`CatalogBuilder` keeps each file's result keyed by its modification time and size,
so that under ``mkdocs serve`` an edit re-reads only the file that changed.
"""

from __future__ import annotations

import gc
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen import pages, schema
from quizgen.loader import Document, format_path, load_yaml
from quizgen.models import Bank, Catalog, Choice, Evidence, Pair, Question, Source, Term
from quizgen.report import Issue, excerpt
from quizgen.source import QuoteIndex, fold, read_source

GLOSSARY_NAMES = ("glossary.yml", "glossary.yaml")
BLANK = re.compile(r"_{3,}")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")


def display(path: Path, root: Path | None = None) -> str:
    """A path as the user should see it in messages: relative to ``root`` (or the cwd) when inside it."""
    base = root or Path.cwd()
    try:
        return os.path.relpath(path, base) if path.resolve().is_relative_to(base.resolve()) else str(path)
    except (OSError, ValueError):
        return str(path)


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path], list[Issue]]:
    """Split the given files and folders into bank files and glossary files."""
    banks: list[Path] = []
    glossaries: list[Path] = []
    issues: list[Issue] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yml", ".yaml") and p.is_file())
        elif path.is_file():
            found = [path]
        else:
            issues.append(Issue(display(path), 1, 1, "", "no such file or folder", "check the path"))
            continue
        for p in found:
            (glossaries if p.name in GLOSSARY_NAMES else banks).append(p)
    return banks, glossaries, issues


@dataclass
class _BankDraft:
    """A bank file checked on its own; cross-file checks come later."""

    bank: Bank | None
    doc: Document | None
    source_path: Path | None
    issues: list[Issue]
    term_refs: list[tuple[str, tuple[str | int, ...]]] = field(default_factory=list)


@dataclass
class _GlossaryDraft:
    terms: list[Term]
    doc: Document | None
    issues: list[Issue]


class CatalogBuilder:
    """Builds a :class:`Catalog` from files, reusing results for files that did not change."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._sources: dict[Path, tuple[Any, Source | None, QuoteIndex | None, list[Issue]]] = {}
        self._banks: dict[Path, tuple[Any, Any, _BankDraft]] = {}
        self._glossaries: dict[Path, tuple[Any, _GlossaryDraft]] = {}

    def build(self, paths: Sequence[Path], *, source: Path | None = None) -> tuple[Catalog | None, list[Issue]]:
        """Load and check everything under ``paths``; the catalog is None when any error was found.

        The garbage collector is paused meanwhile (whoever calls: the command line or the
        MkDocs plugin). Loading makes millions of small objects and no cycles, and CPython's
        collector would walk them again and again, about tripling the time of a large load.
        """
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._build(paths, source)
        finally:
            if enabled:
                gc.enable()

    def _build(self, paths: Sequence[Path], source: Path | None) -> tuple[Catalog | None, list[Issue]]:
        bank_files, glossary_files, issues = discover(paths)
        if not bank_files and not issues:
            where = ", ".join(display(p, self.root) for p in paths) or "."
            issues.append(Issue(where, 1, 1, "", "no question banks found", "add a .yml bank; see docs/authoring.md"))
        glossary = self._glossary(glossary_files)
        issues += glossary.issues
        drafts = [self._bank(path) for path in bank_files]
        for draft in drafts:
            issues += draft.issues

        # One article per site: the configured one, or the one the banks name.
        site_source = source.resolve() if source else next((d.source_path for d in drafts if d.source_path), None)
        src: Source | None = None
        if site_source is not None:
            _, src, _, src_issues = self._source(site_source)
            issues += src_issues
        for draft in drafts:
            if draft.source_path and site_source and draft.source_path != site_source and draft.doc:
                issues.append(
                    _at(
                        draft.doc,
                        ("source",),
                        "this bank is about a different article than the site",
                        f"point source: at {display(site_source, self.root)}",
                    )
                )
        issues += self._cross_checks(drafts, glossary)
        if any(i.severity == "error" for i in issues) or src is None:
            return None, issues
        banks = tuple(d.bank for d in drafts if d.bank is not None)
        return Catalog(source=src, banks=banks, terms=tuple(glossary.terms)), issues

    # -- one file at a time ------------------------------------------------------------

    def _source(self, path: Path) -> tuple[Any, Source | None, QuoteIndex | None, list[Issue]]:
        stamp = _stamp(path)
        cached = self._sources.get(path)
        if cached is None or cached[0] != stamp:
            src, issues = read_source(path, display(path, self.root))
            cached = (stamp, src, QuoteIndex(src) if src else None, issues)
            self._sources[path] = cached
        return cached

    def _bank(self, path: Path) -> _BankDraft:
        stamp = _stamp(path)
        cached = self._banks.get(path)
        # A bank's result also depends on its article: re-check it when the article changed.
        if cached is not None and cached[0] == stamp:
            draft = cached[2]
            if draft.source_path is None or self._source(draft.source_path)[0] == cached[1]:
                return draft
        draft = self._check_bank(path)
        src_stamp = self._source(draft.source_path)[0] if draft.source_path else None
        self._banks[path] = (stamp, src_stamp, draft)
        return draft

    def _check_bank(self, path: Path) -> _BankDraft:
        file = display(path, self.root)
        slug = bank_slug(path)
        doc, issues = load_yaml(path, file)
        if doc is None:
            return _BankDraft(None, None, None, issues)
        if not slug:
            issues.append(
                Issue(
                    file,
                    1,
                    1,
                    "",
                    f"the file name '{excerpt(path.name)}' cannot be used in a web address",
                    "rename the file with letters a-z, digits and '-', e.g. events.yml",
                )
            )
        issues += [i for i in schema.validate(doc, "bank") if not doc.covers(i)]
        data = doc.data
        if not isinstance(data, dict):
            return _BankDraft(None, doc, None, issues)
        # Check the article and each question the schema accepted, so that one run
        # reports schema problems and evidence problems together.
        source_path = index = None
        if isinstance(data.get("source"), str) and not any(i.path == "$.source" for i in issues):
            source_path = (path.parent / data["source"]).resolve()
            _, src, index, src_issues = self._source(source_path)
            if src is None or index is None:
                issues.append(
                    _at(
                        doc,
                        ("source",),
                        f"cannot use the article {excerpt(data['source'])}",
                        "; ".join(i.message for i in src_issues) or "check the path, relative to this file",
                    )
                )
                source_path = None
        listed = data.get("questions")
        raw_questions: list[Any] = listed if isinstance(listed, list) else []
        bad = {i.path.split("]")[0] + "]" for i in issues if i.path.startswith("$.questions[")}
        questions = []
        term_refs: list[tuple[str, tuple[str | int, ...]]] = []
        for i, q in enumerate(raw_questions):
            if f"$.questions[{i}]" in bad or index is None:
                continue
            question, q_issues = _question(doc, ("questions", i), q, index)
            issues += q_issues
            if question is not None:
                questions.append(question)
                term_refs += [(t, ("questions", i, "terms", k)) for k, t in enumerate(question.terms)]
        if issues:
            return _BankDraft(None, doc, source_path, issues, term_refs)
        bank = Bank(
            slug=slug,
            file=file,
            topic=data["topic"],
            title=data["title"],
            questions=tuple(questions),
            description=data.get("description"),
            shuffle=data.get("shuffle", False),
        )
        doc.data = None  # the models hold everything now; keep only the text for locating problems
        return _BankDraft(bank, doc, source_path, issues, term_refs)

    def _glossary(self, files: list[Path]) -> _GlossaryDraft:
        if len(files) > 1:
            return _GlossaryDraft(
                [],
                None,
                [
                    Issue(display(f, self.root), 1, 1, "", "more than one glossary file", "keep one glossary.yml")
                    for f in files[1:]
                ],
            )
        if not files:
            return _GlossaryDraft([], None, [])
        path = files[0]
        stamp = _stamp(path)
        cached = self._glossaries.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        draft = self._check_glossary(path)
        self._glossaries = {path: (stamp, draft)}
        return draft

    def _check_glossary(self, path: Path) -> _GlossaryDraft:
        doc, issues = load_yaml(path, display(path, self.root))
        if doc is None:
            return _GlossaryDraft([], None, issues)
        issues += [i for i in schema.validate(doc, "glossary") if not doc.covers(i)]
        if issues:
            return _GlossaryDraft([], doc, issues)
        terms: list[Term] = []
        seen: dict[str, tuple[str | int, ...]] = {}
        slugs: set[str] = set()
        for i, t in enumerate(doc.data["terms"]):
            for k, name in enumerate([t["term"], *t.get("aliases", [])]):
                where: tuple[str | int, ...] = ("terms", i, "term") if k == 0 else ("terms", i, "aliases", k - 1)
                if not any(ch.isalnum() for ch in name):
                    issues.append(
                        _at(
                            doc,
                            where,
                            f"the term '{excerpt(name)}' has no letter or digit",
                            "a term is a word or an abbreviation the article uses",
                        )
                    )
                    continue
                key = name.casefold()
                if key in seen:
                    issues.append(
                        _at(
                            doc,
                            where,
                            f"'{excerpt(name)}' is defined twice (first at line {doc.locate(seen[key])[0]})",
                            "keep one entry, or merge them",
                        )
                    )
                seen.setdefault(key, where)
            slug = _term_slug(t["term"])
            while slug in slugs:
                slug += "-2"
            slugs.add(slug)
            terms.append(
                Term(
                    term=t["term"],
                    expansion=t["expansion"],
                    definition=t["definition"],
                    slug=slug,
                    aliases=tuple(t.get("aliases", ())),
                )
            )
        return _GlossaryDraft(terms, doc, issues)

    # -- across files ------------------------------------------------------------------

    def _cross_checks(self, drafts: list[_BankDraft], glossary: _GlossaryDraft) -> list[Issue]:
        issues: list[Issue] = []
        # Every page a bank gets must be its own: a bank named index.yml would take the
        # quiz list's place, and events-key.yml would make its study sheet the address of
        # the answer key of events.yml.
        owner = {pages.ARTICLE: "the article", pages.QUIZ_INDEX: "the list of quizzes", pages.GLOSSARY: "the glossary"}
        for draft in drafts:
            if draft.bank is None:
                continue
            for src in pages.bank_pages(draft.bank):
                if src in owner:
                    issues.append(
                        Issue(
                            draft.bank.file,
                            1,
                            1,
                            "",
                            f"this bank needs the page {src[:-3]}, which is already {owner[src]}",
                            "rename the file",
                        )
                    )
                    break
            else:
                owner.update((src, f"a page of {draft.bank.file}") for src in pages.bank_pages(draft.bank))
        first: dict[str, tuple[_BankDraft, int]] = {}
        for draft in drafts:
            if draft.bank is None or draft.doc is None:
                continue
            for i, q in enumerate(draft.bank.questions):
                if q.id in first:
                    other, j = first[q.id]
                    assert other.doc is not None
                    line = other.doc.locate(("questions", j, "id"))[0]
                    issues.append(
                        _at(
                            draft.doc,
                            ("questions", i, "id"),
                            f"the id '{q.id}' is already used at {other.doc.file}:{line}",
                            "ids must be unique across all banks; choose another",
                        )
                    )
                else:
                    first[q.id] = (draft, i)
        if glossary.doc is not None and not glossary.issues:
            defined = {name.casefold() for t in glossary.terms for name in (t.term, *t.aliases)}
        else:
            defined = None
        for draft in drafts:
            if draft.doc is None:
                continue
            for term, where in draft.term_refs:
                if defined is None and glossary.doc is None:
                    issues.append(
                        _at(
                            draft.doc,
                            where,
                            f"the term '{excerpt(term)}' is used, but there is no glossary",
                            "add questions/glossary.yml, or remove the reference",
                        )
                    )
                elif defined is not None and term.casefold() not in defined:
                    close = [t.term for t in glossary.terms if fold(t.term).casefold() == fold(term).casefold()]
                    issues.append(
                        _at(
                            draft.doc,
                            where,
                            f"the term '{excerpt(term)}' is not in the glossary",
                            f"did you mean '{close[0]}'?" if close else "add it to glossary.yml, or fix the spelling",
                        )
                    )
        return issues


def bank_slug(path: Path) -> str:
    """The web-address form of a bank's file name: ``Week_1.yml`` -> ``week-1`` ("" if none)."""
    ascii_name = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64]
    return slug if _SLUG.match(slug) else ""


def _stamp(path: Path) -> Any:
    try:
        st = path.stat()
        return (st.st_mtime_ns, st.st_size)
    except OSError:
        return None


def _at(doc: Document, path: tuple[str | int, ...], message: str, hint: str = "", *, key: bool = False) -> Issue:
    line, col = doc.locate(path, key=key)
    return Issue(doc.file, line, col, format_path(path), message, hint)


def _term_slug(term: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode()
    return "term-" + (re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50] or "x")


def _same(text: str) -> str:
    """How two answer texts are compared for being the same: folded, case-insensitive."""
    return fold(text).casefold()


def _question(
    doc: Document, base: tuple[str | int, ...], q: dict[str, Any], index: QuoteIndex
) -> tuple[Question | None, list[Issue]]:
    issues: list[Issue] = []

    def problem(rel: tuple[str | int, ...], message: str, hint: str = "") -> None:
        issues.append(_at(doc, (*base, *rel), message, hint))

    quotes = q["evidence"] if isinstance(q["evidence"], list) else [q["evidence"]]
    evidence: list[Evidence] = []
    for k, quote in enumerate(quotes):
        found = index.find(quote)
        if isinstance(found, str):
            problem(
                ("evidence", k) if isinstance(q["evidence"], list) else ("evidence",),
                found,
                "copy the words from the article; quote marks, dashes and spaces may differ",
            )
        else:
            evidence.append(found)

    qtype = q["type"]
    choices: list[Choice] = []
    if qtype in ("single", "multiple"):
        choices = [
            Choice(key=chr(ord("a") + k), text=c["text"], correct=c.get("correct", False), feedback=c.get("feedback"))
            for k, c in enumerate(q["choices"])
        ]
        right = sum(c.correct for c in choices)
        if qtype == "single" and right != 1:
            problem(
                ("choices",),
                f"a single-answer question needs exactly one correct choice, it has {right}",
                "mark one choice with correct: true" if right == 0 else "use type: multiple, or unmark the others",
            )
        if qtype == "multiple" and right == 0:
            problem(
                ("choices",),
                "a multiple-answer question needs at least one correct choice",
                "mark the right ones with correct: true",
            )
        issues += _distinct(doc, (*base, "choices"), [c.text for c in choices], "text", "choice")
    if qtype == "fill_blank":
        blanks = len(BLANK.findall(q["prompt"]))
        if blanks != 1:
            problem(
                ("prompt",),
                f"a fill_blank prompt needs exactly one blank (___), it has {blanks}",
                "write ___ where the answer goes",
            )
        issues += _distinct(doc, (*base, "answers"), q["answers"], None, "accepted answer")
    if qtype == "matching":
        issues += _distinct(doc, (*base, "pairs"), [p["left"] for p in q["pairs"]], "left", "left item")
        rights = [p["right"] for p in q["pairs"]]
        issues += _distinct(doc, (*base, "pairs"), rights, "right", "right item")
        distractors = q.get("distractors", [])
        issues += _distinct(doc, (*base, "distractors"), distractors, None, "distractor")
        answers = {_same(r) for r in rights}
        for k, text in enumerate(distractors):
            if _same(text) in answers:
                problem(
                    ("distractors", k),
                    f"the distractor '{excerpt(text)}' is also a right-hand answer",
                    "a distractor must match nothing; change or remove it",
                )
    if qtype == "ordering":
        issues += _distinct(doc, (*base, "items"), q["items"], None, "item")
    if issues:
        return None, issues
    feedback = q.get("feedback", {})
    return Question(
        id=q["id"],
        type=qtype,
        prompt=q["prompt"],
        explanation=q["explanation"],
        evidence=tuple(evidence),
        difficulty=q["difficulty"],
        tags=tuple(q.get("tags", ())),
        terms=tuple(q.get("terms", ())),
        feedback_correct=feedback.get("correct"),
        feedback_incorrect=feedback.get("incorrect"),
        choices=tuple(choices),
        answer=q.get("answer"),
        answers=tuple(q.get("answers", ())),
        case_sensitive=q.get("case_sensitive", False),
        accent_sensitive=q.get("accent_sensitive", False),
        tolerance=q.get("tolerance", 0),
        unit=q.get("unit"),
        pairs=tuple(Pair(p["left"], p["right"]) for p in q.get("pairs", ())),
        distractors=tuple(q.get("distractors", ())),
        items=tuple(q.get("items", ())),
    ), []


def _distinct(
    doc: Document, base: tuple[str | int, ...], texts: Sequence[str], key: str | None, what: str
) -> list[Issue]:
    out = []
    seen: dict[str, int] = {}
    for k, text in enumerate(texts):
        norm = _same(text)
        if norm in seen:
            path = (*base, k, key) if key else (*base, k)
            out.append(
                _at(
                    doc,
                    path,
                    f"the {what} '{excerpt(text)}' repeats item {seen[norm] + 1}",
                    f"make every {what} different",
                )
            )
        else:
            seen[norm] = k
    return out
