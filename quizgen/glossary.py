"""The course's glossary: one file, every term with its expansion, definition and aliases.

A glossary must be honest about where its definitions come from. A term that no source
uses is an error, unless its entry is marked ``background: true``; and so is a definition
that says more than the sources do, which the glossary page and its print then label as
background, so that students can tell what the article says from what the glossary adds.
The check that needs the sources is :func:`unused`, run by :mod:`quizgen.catalog`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quizgen import schema
from quizgen.banks import at
from quizgen.document import Document
from quizgen.loader import load_yaml
from quizgen.models import Source, Term
from quizgen.report import Issue, Step, excerpt
from quizgen.terms import matcher, occurrences

NAMES = ("glossary.yml", "glossary.yaml")


@dataclass
class GlossaryDraft:
    terms: list[Term]
    doc: Document | None
    issues: list[Issue]
    #: Every term and alias the file defines (casefolded), read even when it has problems,
    #: so that the banks' references are checked in the same run.
    names: set[str] = field(default_factory=set)
    #: Where each term is written: term -> its index in the file.
    index: dict[str, int] = field(default_factory=dict)


def _names(data: object) -> set[str]:
    out: set[str] = set()
    entries = data.get("terms") if isinstance(data, dict) else None
    for t in entries if isinstance(entries, list) else []:
        if isinstance(t, dict):
            aliases = t.get("aliases")
            for name in [t.get("term"), *(aliases if isinstance(aliases, list) else [])]:
                if isinstance(name, str):
                    out.add(name.casefold())
    return out


def read(path: Path, file: str) -> GlossaryDraft:
    """The glossary's terms and problems; an entry with problems of its own does not hide the others'."""
    doc, issues = load_yaml(path, file)
    if doc is None:
        return GlossaryDraft([], None, issues)
    found = schema.validate(doc, "glossary")
    # A problem the loader reported already (a key written twice) is not said again, but
    # the entry it is in is still left out: it may lack what an entry must have.
    issues += [i for i in found if not doc.covers(i)]
    entries = doc.data.get("terms") if isinstance(doc.data, dict) else None
    flagged = {i.path[1] for i in [*issues, *found] if len(i.path) > 1 and i.path[0] == "terms"}
    terms: list[Term] = []
    index: dict[str, int] = {}
    seen: dict[str, tuple[Step, ...]] = {}
    slugs: set[str] = set()
    for i, t in enumerate(entries if isinstance(entries, list) else []):
        if i in flagged or not isinstance(t, dict):
            continue
        for k, name in enumerate([t["term"], *t.get("aliases", [])]):
            where: tuple[Step, ...] = ("terms", i, "term") if k == 0 else ("terms", i, "aliases", k - 1)
            if not any(ch.isalnum() for ch in name):
                issues.append(
                    at(
                        doc,
                        where,
                        f"the term '{excerpt(name)}' has no letter or digit",
                        "a term is a word or an abbreviation the sources use",
                    )
                )
                continue
            key = name.casefold()
            if key in seen:
                first = doc.locate(seen[key])[0]
                issues.append(
                    at(
                        doc,
                        where,
                        f"'{excerpt(name)}' is defined twice (first at line {first})",
                        "keep one entry, or merge them",
                    )
                )
            seen.setdefault(key, where)
        slug = term_slug(t["term"])
        while slug in slugs:
            slug += "-2"
        slugs.add(slug)
        index.setdefault(t["term"], i)
        terms.append(
            Term(
                term=t["term"],
                expansion=t["expansion"],
                definition=t["definition"],
                slug=slug,
                aliases=tuple(t.get("aliases", ())),
                background=t.get("background", False),
            )
        )
    return GlossaryDraft(terms, doc, issues, _names(doc.data), index)


def unused(draft: GlossaryDraft, sources: Iterable[Source]) -> list[Issue]:
    """The terms no source uses (in any paragraph or heading), unless they are marked background."""
    if draft.doc is None or not draft.terms:
        return []
    m = matcher(draft.terms)
    used: set[str] = set()
    for src in sources:
        for block in src.blocks:
            used |= occurrences(block.text, m)
    out = []
    for t in draft.terms:
        if t.term in used or t.background:
            continue
        names = " or ".join(f"'{n}'" for n in (t.term, *t.aliases))
        out.append(
            at(
                draft.doc,
                ("terms", draft.index.get(t.term, 0), "term"),
                f"no source uses {names}",
                "fix the spelling or add the form the article uses to aliases:, remove the term, "
                "or mark it background: true if students need it anyway",
            )
        )
    return out


def term_slug(term: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode()
    return "term-" + (re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50] or "x")
