"""The course's sources: finding each article, reading its details, giving it an id.

An article is a text file (``.txt`` or ``.md``) in the sources folder; its details (title,
author, outlet, date, URL, licence, and its id) are an optional YAML file beside it with
the same name (``kabul.txt`` and ``kabul.yml``), checked against the source schema. A
bank names its source by id; in a course of one source it may leave ``source:`` out.
Older banks that name the article by its path keep working: the file joins the course's
sources, with the file name as its id.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from quizgen import schema
from quizgen.attribution import AUTHOR, Attribution, Speaker
from quizgen.document import Document
from quizgen.loader import load_yaml
from quizgen.models import Source
from quizgen.report import Issue, excerpt
from quizgen.source import QuoteIndex, read_source

ARTICLE_SUFFIXES = (".txt", ".md")
DETAIL_SUFFIXES = (".yml", ".yaml")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")


def display(path: Path, root: Path | None = None) -> str:
    """A path as the user should see it in messages: relative to ``root`` (or the cwd) when inside it."""
    base = root or Path.cwd()
    try:
        return os.path.relpath(path, base) if path.resolve().is_relative_to(base.resolve()) else str(path)
    except (OSError, ValueError):
        return str(path)


def slug_of(name: str) -> str:
    """A file name's stem as an id: lowercase ASCII letters, digits and '-', or '' if none is left."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:64].strip("-")
    return slug if _SLUG.match(slug) else ""


@dataclass
class LoadedSource:
    """One source as read: the model, its quote index, and where its details are."""

    source: Source | None
    index: QuoteIndex | None
    path: Path
    issues: list[Issue] = field(default_factory=list)
    details: Document | None = None
    #: The speakers the details declare (``speakers:``), for questions that say whose claim they ask about.
    speakers: tuple[Speaker, ...] = ()

    @property
    def attribution(self) -> Attribution | None:
        if self.source is None:
            return None
        if self._attribution is None:
            self._attribution = Attribution(self.source, self.speakers)
        return self._attribution

    _attribution: Attribution | None = field(default=None, repr=False, compare=False)


def find(sources_dir: Path, extra: Path | None = None) -> list[Path]:
    """Every article of the course: the text files in the sources folder (sorted), and ``extra``."""
    found: list[Path] = []
    if sources_dir.is_dir():
        found = sorted(p.resolve() for p in sources_dir.iterdir() if p.suffix in ARTICLE_SUFFIXES and p.is_file())
    if extra is not None and extra.resolve() not in found:
        found.append(extra.resolve())
    return found


def details_file(article: Path) -> Path | None:
    for suffix in DETAIL_SUFFIXES:
        candidate = article.with_suffix(suffix)
        if candidate.is_file():
            return candidate
    return None


def load(article: Path, root: Path | None, default_title: str) -> LoadedSource:
    """Read one article and its details; problems are Issues, never exceptions."""
    file = display(article, root)
    src, issues = read_source(article, file)
    details: dict[str, Any] = {}
    doc = None
    side = details_file(article)
    if side is not None:
        doc, d_issues = load_yaml(side, display(side, root))
        issues += d_issues
        if doc is not None:
            s_issues = [i for i in schema.validate(doc, "source") if not doc.covers(i)]
            issues += s_issues
            if not s_issues and isinstance(doc.data, dict):
                details = doc.data
    sid = details.get("id") or slug_of(article.stem)
    if not sid:
        where = doc.file if doc else file
        issues.append(
            Issue(
                where,
                1,
                1,
                (),
                f"the file name '{excerpt(article.name)}' cannot be used as a source id",
                "give the source an id: in its details file, or rename the file with letters a-z, digits and '-'",
            )
        )
    speakers = _speakers(doc, details, issues) if doc is not None else ()
    if src is None or issues:
        return LoadedSource(None, None, article, issues, doc)
    src = replace(
        src,
        id=sid,
        title=details.get("title") or default_title,
        author=details.get("author"),
        outlet=details.get("outlet"),
        date=details.get("date"),
        url=details.get("url"),
        licence=details.get("licence"),
    )
    return LoadedSource(src, QuoteIndex(src), article, issues, doc, speakers)


def _speakers(doc: Document, details: dict[str, Any], issues: list[Issue]) -> tuple[Speaker, ...]:
    """The declared speakers, each id and each name once (``author`` may be declared to name the author)."""
    out: list[Speaker] = []
    ids: dict[str, int] = {}
    names: dict[str, int] = {}
    for k, item in enumerate(details.get("speakers") or []):
        speaker = Speaker(item["id"], item["name"], tuple(item.get("aliases", ())))
        if speaker.id in ids:
            line = doc.locate(("speakers", ids[speaker.id], "id"))[0]
            issues.append(
                Issue(
                    doc.file,
                    *doc.locate(("speakers", k, "id")),
                    ("speakers", k, "id"),
                    f"the speaker id '{excerpt(speaker.id)}' is already used at line {line}",
                    "give each speaker one entry",
                )
            )
            continue
        for j, name in enumerate(speaker.names):
            where = ("speakers", k, "name") if j == 0 else ("speakers", k, "aliases", j - 1)
            if name.casefold() in names and speaker.id != AUTHOR:
                other = out[names[name.casefold()]]
                issues.append(
                    Issue(
                        doc.file,
                        *doc.locate(where),
                        where,
                        f"'{excerpt(name)}' also names the speaker '{other.id}'",
                        "a name or alias can stand for one speaker only",
                    )
                )
            names.setdefault(name.casefold(), len(out))
        ids[speaker.id] = k
        out.append(speaker)
    return tuple(out)
