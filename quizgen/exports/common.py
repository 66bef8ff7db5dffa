"""What the export formats share: the options, the unsupported-question report, the
general feedback (explanation and evidence), text in HTML, XML and plain forms, stable
numbers derived from names, and deterministic zip files.

Every format turns the same catalog into another program's terms. What they have in common
lives here, so that a quote, a paragraph number or an escaping rule is written one way in
every file, and so that a question a format cannot hold is reported in the same words.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from quizgen.models import Bank, Catalog, Question, Source
from quizgen.text import inline, plain

#: The earliest time a zip file can record (1980-01-01T00:00:00Z). Formats that must store a
#: time (zip entries, Anki's modification fields) store this one unless SOURCE_DATE_EPOCH
#: gives another, so that the same input always gives the same bytes.
EPOCH = 315_532_800

T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    """Choices that apply to every format."""

    #: A name for the whole export: the parent Anki deck, the parent Moodle category, the
    #: title of a QTI package. None: banks stand on their own.
    title: str | None = None
    #: Seconds since 1970 for the times a format must store (SOURCE_DATE_EPOCH, or EPOCH).
    timestamp: int = EPOCH


@dataclass(frozen=True)
class Unsupported:
    """A question that a format cannot hold, and why."""

    id: str
    type: str
    bank: str
    reason: str

    def __str__(self) -> str:
        return f"{self.id} ({self.type}, bank {self.bank}): {self.reason}"


class CannotHold(Exception):
    """Raised by a format's handler for one question type when this question does not fit."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Context:
    """What a type handler may need besides the question: its bank, its source, the options."""

    catalog: Catalog
    bank: Bank
    source: Source
    options: Options


@dataclass(frozen=True)
class Written:
    """One exported file's bytes, and the questions left out of it."""

    data: bytes
    skipped: tuple[Unsupported, ...] = field(default=())


def source_of(catalog: Catalog, bank: Bank) -> Source:
    """The article a bank is about: the one place that resolves a bank's source.

    A bank names its source by id; catalogs made before sources had ids have a single
    ``catalog.source``. Every format asks here, so a change in how sources are found is
    made once.
    """
    ref = getattr(bank, "source", None)
    sources = getattr(catalog, "sources", None)
    if sources:
        for src in sources:
            if ref is None or ref in (getattr(src, "id", None), src.name, src.file):
                return src
        return sources[0]  # type: ignore[no-any-return]
    return catalog.source  # type: ignore[return-value]


def convert(
    catalog: Catalog,
    bank: Bank,
    options: Options,
    handlers: Mapping[str, Callable[[Any, Context], T]],
    format_name: str,
) -> tuple[list[tuple[Question, T]], list[Unsupported]]:
    """Run each question of ``bank`` through the handler for its type.

    A type with no handler, or a handler that raises :class:`CannotHold`, gives an
    :class:`Unsupported` entry instead of output: nothing is dropped without a report, and a
    type added to quizgen later is reported rather than crashing an old format.
    """
    ctx = Context(catalog, bank, source_of(catalog, bank), options)
    done: list[tuple[Question, T]] = []
    refused: list[Unsupported] = []
    for q in bank.questions:
        handler = handlers.get(q.type)
        if handler is None:
            refused.append(Unsupported(q.id, q.type, bank.slug, f"{format_name} has no {q.type} questions"))
            continue
        try:
            done.append((q, handler(q, ctx)))
        except CannotHold as err:
            refused.append(Unsupported(q.id, q.type, bank.slug, err.reason))
    return done, refused


# -- text ---------------------------------------------------------------------------------------


def rich(text: str) -> str:
    """Bank text as sanitised inline HTML: the same door the site's pages use (quizgen.text)."""
    return str(inline(text))


def flat(text: str) -> str:
    """Bank text as plain text, for places that take no markup (names, drop-down options)."""
    return plain(text)


def esc(text: str) -> str:
    """Plain text (a quote from the article, a file name) made safe inside HTML."""
    return html.escape(text, quote=True)


def number(value: int | float) -> str:
    """A number as every format's reader parses it: no thousands separator, no lost digits."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int) or value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def fold_accents(text: str) -> str:
    """``text`` without combining accents, as the site compares answers that ignore accents."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def accepted(answers: Iterable[str], accent_sensitive: bool) -> list[str]:
    """The accepted answers, plus their accent-free spellings when accents do not matter.

    No LMS compares answers without accents, so the spellings a student would type without
    them are added as further accepted answers: the nearest a text-matching grader gets.
    """
    out: list[str] = []
    for a in answers:
        for variant in (a,) if accent_sensitive else (a, fold_accents(a)):
            if variant not in out:
                out.append(variant)
    return out


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ...: the positions an ordering question becomes a matching one with."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# -- feedback -------------------------------------------------------------------------------------


def evidence_html(q: Question, source: Source) -> str:
    """The evidence: each quote with its paragraph number, then the article it is from."""
    parts = [f"<p>Evidence, paragraph {e.paragraph}: “{esc(e.quote)}”</p>" for e in q.evidence]
    parts.append(f"<p>Source: {esc(source_credit(source))}</p>")
    return "".join(parts)


def source_credit(source: Source) -> str:
    """The article as a reader would cite it, with the file and hash that identify the text."""
    title = getattr(source, "credit", None) or getattr(source, "title", None) or source.name
    return f"{title} ({source.file}, SHA-256 {source.sha256[:12]})"


def general_feedback_html(q: Question, source: Source, *, outcome: bool = False) -> str:
    """What every student sees after answering: the explanation and the evidence.

    ``outcome`` adds the feedback for a right and a wrong answer, labelled, for formats that
    have no place of their own for it.
    """
    parts = [f"<p>{rich(q.explanation)}</p>"]
    if outcome:
        if q.feedback_correct:
            parts.append(f"<p>If your answer was right: {rich(q.feedback_correct)}</p>")
        if q.feedback_incorrect:
            parts.append(f"<p>If your answer was wrong: {rich(q.feedback_incorrect)}</p>")
    parts.append(evidence_html(q, source))
    return "".join(parts)


def joined(*texts: str | None) -> str:
    """Bank texts as one HTML fragment, in order, leaving out the missing ones."""
    return " ".join(rich(t) for t in texts if t)


# -- XML ------------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all, not even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_chars(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def xml_text(text: str) -> str:
    """Text for XML element content."""
    return xml_chars(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """Text for a double-quoted XML attribute (white space kept as character references)."""
    return xml_text(text).replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def cdata(text: str) -> str:
    """Text as a CDATA section; a ``]]>`` inside it is split across two sections."""
    return "<![CDATA[" + xml_chars(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


# -- identity -------------------------------------------------------------------------------------


def stable_int(*parts: str, low: int = 1 << 30, high: int = 1 << 31) -> int:
    """A number in [low, high) derived from ``parts`` alone, the same on every run and machine."""
    digest = hashlib.sha256("\x1f".join(("quizgen", *parts)).encode("utf-8")).digest()
    return low + int.from_bytes(digest[:8], "big") % (high - low)


def zip_bytes(members: Iterable[tuple[str, bytes]], timestamp: int = EPOCH) -> bytes:
    """A zip file of ``members`` whose bytes depend on their names and contents only.

    ``zipfile`` would record the time of writing and the writer's operating system; every
    entry gets ``timestamp`` instead (no earlier than 1980, which zip cannot record), Unix as
    its system and 0644 as its mode.
    """
    when = time.gmtime(max(timestamp, EPOCH))[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buf.getvalue()
