"""A whole course together: sources, banks and glossary, and the checks that span files.

A schema sees one file; a teacher's mistakes often span several. Here each bank is matched
to its source, ids are checked to be unique across banks, and every glossary reference to
be defined; the page addresses the banks need are checked by :mod:`quizgen.pages`, which
owns them.

:class:`CatalogBuilder` keeps each file's result keyed by what it was checked against (its
own modification time and size, its source's hash, the course's topics), so that under
``mkdocs serve`` an edit re-reads only what it changed.
"""

from __future__ import annotations

import difflib
import gc
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from quizgen import banks, drift, glossary, lint, pages, sources
from quizgen.banks import BankDraft, at
from quizgen.glossary import GlossaryDraft
from quizgen.loader import load_yaml
from quizgen.models import Catalog
from quizgen.report import Issue, excerpt
from quizgen.settings import Settings, defaults
from quizgen.source import fold
from quizgen.sources import LoadedSource, display, slug_of

GLOSSARY_NAMES = glossary.NAMES


def discover(paths: Iterable[Path], banks_dir: Path | None = None) -> tuple[list[Path], list[Path], list[Issue]]:
    """Split the given files and folders into bank files and glossary files.

    Folders are searched below too (a course may keep each source's banks in a folder of its
    own); a glossary counts only at the top of the banks folder.
    """
    bank_files: list[Path] = []
    glossaries: list[Path] = []
    issues: list[Issue] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".yml", ".yaml")
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.is_file():
            found = [path]
        else:
            issues.append(Issue(display(path), 1, 1, (), "no such file or folder", "check the path"))
            continue
        for p in found:
            (glossaries if p.name in GLOSSARY_NAMES else bank_files).append(p)
    return bank_files, glossaries, issues


def bank_slug(path: Path, banks_dir: Path | None = None) -> str:
    """The web-address form of a bank's file: ``Week_1.yml`` -> ``week-1``; ``kabul/events.yml`` -> ``kabul-events``."""
    parts = [path.stem]
    if banks_dir is not None:
        try:
            parts = [*path.resolve().parent.relative_to(banks_dir.resolve()).parts, path.stem]
        except ValueError:
            pass
    return slug_of("-".join(parts))


class CatalogBuilder:
    """Builds a :class:`Catalog` from files, reusing results for files that did not change."""

    def __init__(self, root: Path | None = None, *, record: bool = True) -> None:
        self.root = root
        #: Whether to compare the banks with the record of what they were checked against
        #: (``checked.json``, :mod:`quizgen.drift`); ``quizgen accept``, which writes it, does not.
        self.record = record
        self._sources: dict[Path, tuple[Any, LoadedSource]] = {}
        self._banks: dict[Path, tuple[Any, Any, BankDraft]] = {}
        self._glossaries: dict[Path, tuple[Any, GlossaryDraft]] = {}
        self._lint = lint.Memo()

    def build(
        self, paths: Sequence[Path] = (), *, settings: Settings | None = None, source: Path | None = None
    ) -> tuple[Catalog | None, list[Issue]]:
        """Load and check the course; the catalog is None when any error was found.

        ``paths`` narrows the banks (default: the banks folder of ``settings``). The garbage
        collector is paused meanwhile (whoever calls: the command line or the MkDocs plugin).
        Loading makes millions of small objects and no cycles, and CPython's collector would
        walk them again and again, about tripling the time of a large load.
        """
        settings = settings or defaults(self.root or Path.cwd())
        if source is not None:
            settings = Settings(**{**settings.__dict__, "source": source})
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._build(list(paths) or [settings.banks_dir], settings)
        finally:
            if enabled:
                gc.enable()

    def _build(self, paths: list[Path], settings: Settings) -> tuple[Catalog | None, list[Issue]]:
        bank_files, glossary_files, issues = discover(paths, settings.banks_dir)
        if not bank_files and not issues:
            where = ", ".join(display(p, self.root) for p in paths) or "."
            issues.append(Issue(where, 1, 1, (), "no question banks found", "add a .yml bank; see docs/authoring.md"))
        gloss = self._glossary(glossary_files)
        issues += gloss.issues

        # The course's sources: the sources folder, plus an article the settings name.
        loaded: dict[Path, LoadedSource] = {}
        for article in sources.find(settings.sources_dir, settings.source):
            loaded[article] = self._source(article, settings)
        by_id: dict[str, LoadedSource] = {}

        def register(item: LoadedSource) -> None:
            src = item.source
            if src is None:
                return
            other = by_id.get(src.id)
            if other is not None and other.path != item.path:
                where = item.details.file if item.details else src.file
                issues.append(
                    Issue(
                        where,
                        1,
                        1,
                        ("id",) if item.details else (),
                        f"the source id '{src.id}' is already used by "
                        f"{other.source.file if other.source else other.path}",
                        "give each source its own id",
                    )
                )
                return
            by_id[src.id] = item

        for item in loaded.values():
            issues += item.issues
            register(item)

        drafts: list[BankDraft] = []
        for path in bank_files:
            draft = self._bank(path, settings, loaded, by_id, register, issues)
            drafts.append(draft)
            issues += draft.issues
        issues += self._cross_checks(drafts, gloss)
        issues += glossary.unused(gloss, [item.source for item in by_id.values() if item.source is not None])
        if self.record:
            issues = self._drift(issues, drafts, by_id, settings)
        # The craft of the questions: warnings, on every question that was built, even when
        # other questions (or other banks) have problems.
        issues += lint.run(
            [lint.Subject(d.partial, d.doc, d.ignores) for d in drafts if d.partial is not None and d.doc is not None],
            memo=self._lint,
        )
        names = {d.doc.file: d.names for d in drafts if d.doc is not None}
        issues = [banks.named([i], names[i.file])[0] if i.file in names else i for i in issues]
        catalog_banks = tuple(d.bank for d in drafts if d.bank is not None)
        issues += pages.conflicts(catalog_banks)
        if any(i.severity == "error" for i in issues) or not by_id:
            if not by_id and not any(i.severity == "error" for i in issues):
                issues.append(
                    Issue(
                        display(settings.sources_dir, self.root),
                        1,
                        1,
                        (),
                        "the course has no source article",
                        "put the article (a .txt file) in this folder, or run `quizgen add-source FILE`",
                    )
                )
            return None, issues
        used = {b.source for b in catalog_banks}
        ordered = tuple(
            item.source
            for item in by_id.values()
            if item.source is not None and (item.source.id in used or item.path in loaded)
        )
        catalog = Catalog(
            sources=ordered,
            banks=catalog_banks,
            terms=tuple(gloss.terms),
            topics=settings.topics,
            answer_keys=settings.answer_keys,
        )
        return catalog, issues

    def _drift(
        self, issues: list[Issue], drafts: list[BankDraft], by_id: dict[str, LoadedSource], settings: Settings
    ) -> list[Issue]:
        """``issues`` with the changes to the sources since the banks were last accepted."""
        path = drift.path_of(settings.banks_dir)
        record, problems = drift.read(path, display(path, self.root))
        if record is None:
            return issues + problems
        current = {sid: item.source for sid, item in by_id.items() if item.source is not None}
        found, notes = drift.check(record, drafts, current)
        # A quote that vanished is already a problem ("not in the article"): it says where it was.
        out = [
            replace(i, message=i.message + notes[(i.file, i.path)])
            if (i.file, i.path) in notes and i.severity == "error" and not i.rule
            else i
            for i in issues
        ]
        return out + found

    # -- one file at a time ------------------------------------------------------------

    def _source(self, path: Path, settings: Settings) -> LoadedSource:
        side = sources.details_file(path)
        stamp = (_stamp(path), side, _stamp(side) if side else None, settings.article_title)
        cached = self._sources.get(path)
        if cached is None or cached[0] != stamp:
            cached = (stamp, sources.load(path, self.root, settings.article_title))
            self._sources[path] = cached
        return cached[1]

    def _resolve(
        self,
        ref: Any,
        bank: Path,
        settings: Settings,
        loaded: dict[Path, LoadedSource],
        by_id: dict[str, LoadedSource],
        register: Any,
        issues: list[Issue],
    ) -> tuple[LoadedSource | None, tuple[str, str] | None]:
        """The source a bank's ``source:`` names (or the only one), or what is wrong with it."""
        if ref is None:
            if len(by_id) == 1:
                return next(iter(by_id.values())), None
            if not by_id:
                return None, ("", "")  # reported once, for the whole course
            return None, (
                "this course has several sources; say which one this bank is about",
                "add source: with one of " + ", ".join(sorted(by_id)),
            )
        if not isinstance(ref, str):
            return None, None  # the schema reported it
        if ref in by_id:
            return by_id[ref], None
        if "/" in ref or "\\" in ref or ref.endswith(sources.ARTICLE_SUFFIXES):
            path = (bank.parent / ref).resolve()
            item = loaded.get(path)
            if item is None:
                item = self._source(path, settings)
                loaded[path] = item
                if item.source is not None:
                    register(item)
            if item.source is None:
                return None, (
                    f"cannot use the article {excerpt(ref)}",
                    "; ".join(i.message for i in item.issues) or "check the path, relative to this file",
                )
            return by_id.get(item.source.id, item), None
        close = difflib.get_close_matches(ref, list(by_id), n=1, cutoff=0.5)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else ("use one of: " + ", ".join(sorted(by_id)) if by_id else "add the article to the sources folder")
        )
        return None, (f"there is no source with the id '{excerpt(ref)}'", hint)

    def _bank(
        self,
        path: Path,
        settings: Settings,
        loaded: dict[Path, LoadedSource],
        by_id: dict[str, LoadedSource],
        register: Any,
        issues: list[Issue],
    ) -> BankDraft:
        stamp = _stamp(path)
        topics = tuple((t.id, t.title) for t in settings.topics)
        cached = self._banks.get(path)
        doc = None
        if cached is not None and cached[0] == stamp:
            if cached[1] is None:  # unreadable as it is: the same problems again
                return cached[2]
            ref, previous = cached[1][0], cached[2]  # what its source: said, and what it gave
        else:
            doc, load_issues = load_yaml(path, display(path, self.root))
            if doc is None:
                draft = BankDraft(None, None, load_issues)
                self._banks[path] = (stamp, None, draft)
                return draft
            ref = doc.data.get("source") if isinstance(doc.data, dict) else None
            previous = None
        item, problem = self._resolve(ref, path, settings, loaded, by_id, register, issues)
        src = item.source if item else None
        key = (
            ref,
            src.id if src else None,
            src.sha256 if src else None,
            topics,
            bank_slug(path, settings.banks_dir),
            settings.mode,
            item.speakers if item else (),
        )
        if previous is not None and cached is not None and cached[1] == key:
            return previous
        if doc is None:  # cached, but checked against something else: read it again
            doc, load_issues = load_yaml(path, display(path, self.root))
            if doc is None:
                return BankDraft(None, None, load_issues)
        found = banks.schema_issues(doc) + load_issues
        if problem is not None and problem[0]:
            found.append(at(doc, ("source",), problem[0], problem[1]))
        slug = bank_slug(path, settings.banks_dir)
        if not slug:
            found.append(
                Issue(
                    doc.file,
                    1,
                    1,
                    (),
                    f"the file name '{excerpt(path.name)}' cannot be used in a web address",
                    "rename the file with letters a-z, digits and '-', e.g. events.yml",
                )
            )
        draft = banks.check(
            doc,
            found,
            slug=slug,
            source_id=src.id if src else None,
            index=item.index if item else None,
            topics=settings.topics,
            mode=settings.mode,
            attribution=item.attribution if item else None,
        )
        self._banks[path] = (stamp, key, draft)
        return draft

    def _glossary(self, files: list[Path]) -> GlossaryDraft:
        if len(files) > 1:
            return GlossaryDraft(
                [],
                None,
                [
                    Issue(
                        display(f, self.root),
                        1,
                        1,
                        (),
                        "more than one glossary file",
                        "keep one glossary.yml, at the top of the banks folder",
                    )
                    for f in files[1:]
                ],
            )
        if not files:
            return GlossaryDraft([], None, [])
        path = files[0]
        stamp = _stamp(path)
        cached = self._glossaries.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        draft = glossary.read(path, display(path, self.root))
        self._glossaries = {path: (stamp, draft)}
        return draft

    # -- across files ------------------------------------------------------------------

    def _cross_checks(self, drafts: list[BankDraft], gloss: GlossaryDraft) -> list[Issue]:
        issues: list[Issue] = []
        first: dict[str, tuple[BankDraft, Any]] = {}
        for draft in drafts:
            if draft.doc is None:
                continue
            for qid, where in draft.ids:
                if qid in first:
                    other, other_where = first[qid]
                    assert other.doc is not None
                    line = other.doc.locate(other_where)[0]
                    issues.append(
                        at(
                            draft.doc,
                            where,
                            f"the id '{qid}' is already used at {other.doc.file}:{line}",
                            "ids must be unique across all banks; choose another",
                        )
                    )
                else:
                    first[qid] = (draft, where)
        # The names the glossary defines, read even when it has problems of its own.
        defined = gloss.names if gloss.doc is not None else None
        for draft in drafts:
            if draft.doc is None:
                continue
            for term, where in draft.term_refs:
                if defined is None and not gloss.issues:  # (an unreadable glossary is reported itself)
                    issues.append(
                        at(
                            draft.doc,
                            where,
                            f"the term '{excerpt(term)}' is used, but there is no glossary",
                            "add questions/glossary.yml, or remove the reference",
                        )
                    )
                elif defined is not None and term.casefold() not in defined:
                    close = [t.term for t in gloss.terms if fold(t.term).casefold() == fold(term).casefold()]
                    issues.append(
                        at(
                            draft.doc,
                            where,
                            f"the term '{excerpt(term)}' is not in the glossary",
                            f"did you mean '{close[0]}'?" if close else "add it to glossary.yml, or fix the spelling",
                        )
                    )
        return issues


def _stamp(path: Path | None) -> Any:
    if path is None:
        return None
    try:
        st = path.stat()
        return (st.st_mtime_ns, st.st_size)
    except OSError:
        return None
