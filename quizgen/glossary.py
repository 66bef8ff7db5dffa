"""The course's glossary: one file, every term with its expansion, definition and aliases."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from quizgen import schema
from quizgen.banks import at
from quizgen.document import Document
from quizgen.loader import load_yaml
from quizgen.models import Term
from quizgen.report import Issue, Step, excerpt

NAMES = ("glossary.yml", "glossary.yaml")


@dataclass
class GlossaryDraft:
    terms: list[Term]
    doc: Document | None
    issues: list[Issue]


def read(path: Path, file: str) -> GlossaryDraft:
    doc, issues = load_yaml(path, file)
    if doc is None:
        return GlossaryDraft([], None, issues)
    issues += [i for i in schema.validate(doc, "glossary") if not doc.covers(i)]
    if issues:
        return GlossaryDraft([], doc, issues)
    terms: list[Term] = []
    seen: dict[str, tuple[Step, ...]] = {}
    slugs: set[str] = set()
    for i, t in enumerate(doc.data["terms"]):
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
        terms.append(
            Term(
                term=t["term"],
                expansion=t["expansion"],
                definition=t["definition"],
                slug=slug,
                aliases=tuple(t.get("aliases", ())),
            )
        )
    return GlossaryDraft(terms, doc, issues)


def term_slug(term: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode()
    return "term-" + (re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50] or "x")
