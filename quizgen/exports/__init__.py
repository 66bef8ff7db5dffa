"""Exports to the formats schools use: the registry of formats, and writing them out.

Each format is one module, a renderer of the same validated catalog (``json``, ``moodle``,
``gift``, ``qti``, ``anki``). :data:`FORMATS` names them with their file extension and
whether they write bytes (a zip file) or text. The command line and tests go through
:func:`export` (one file) and :func:`export_files` (one file per bank, in a folder); both
refuse, by id, the questions a format cannot hold unless told to leave them out, and
:func:`write_files` writes a folder all or nothing. docs/exports.md has the mappings.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from quizgen.exports import anki, gift, json, moodle, qti
from quizgen.exports.common import EPOCH, Options, Unsupported, Written
from quizgen.fsutil import inside
from quizgen.models import Catalog

__all__ = [
    "EPOCH",
    "FORMATS",
    "Format",
    "Options",
    "Unsupported",
    "UnsupportedQuestions",
    "Written",
    "export",
    "export_files",
    "narrow",
    "write_files",
]


@dataclass(frozen=True)
class Format:
    """One export format: how it is named, what its files end with, and its writer."""

    name: str
    title: str  # as people call it: "Moodle XML"
    extension: str
    binary: bool  # bytes (a zip file) rather than UTF-8 text
    write: Callable[[Catalog, Options], Written]
    #: Whether the glossary travels, and where: in each file ("each"), in a file of its own in a
    #: folder ("own"), or not at all ("").
    glossary: str = ""


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", json.NAME, ".json", False, json.write, glossary="each"),
        Format("moodle", moodle.NAME, ".xml", False, moodle.write),
        Format("gift", gift.NAME, ".gift.txt", False, gift.write),
        Format("qti", qti.NAME, ".zip", True, qti.write),
        Format("anki", anki.NAME, ".apkg", True, anki.write, glossary="own"),
    )
}


class UnsupportedQuestions(Exception):
    """Some questions do not fit the format, and leaving them out was not asked for."""

    def __init__(self, fmt: Format, questions: Sequence[Unsupported]) -> None:
        self.format = fmt
        self.questions = tuple(questions)
        ids = ", ".join(q.id for q in self.questions)
        super().__init__(f"{len(self.questions)} question(s) cannot be written as {fmt.title}: {ids}")


def narrow(catalog: Catalog, banks: Iterable[str]) -> Catalog:
    """The catalog with only the banks named (by slug), in the catalog's order.

    Raises ``KeyError`` with the unknown names, so the caller can list the real ones.
    """
    wanted = list(dict.fromkeys(banks))
    if not wanted:
        return catalog
    known = {b.slug for b in catalog.banks}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise KeyError(", ".join(unknown))
    return replace(catalog, banks=tuple(b for b in catalog.banks if b.slug in wanted))


def _checked(fmt: Format, written: Written, skip_unsupported: bool) -> Written:
    if written.skipped and not skip_unsupported:
        raise UnsupportedQuestions(fmt, written.skipped)
    return written


def export(catalog: Catalog, fmt: Format, options: Options, *, skip_unsupported: bool = False) -> Written:
    """The whole catalog (every bank, and the glossary where the format takes it) as one file."""
    return _checked(fmt, fmt.write(catalog, options), skip_unsupported)


def export_files(
    catalog: Catalog, fmt: Format, options: Options, *, skip_unsupported: bool = False
) -> tuple[dict[str, bytes], tuple[Unsupported, ...]]:
    """One file per bank, named ``<bank><extension>``, plus ``glossary<extension>`` for Anki.

    Every file is made before any is written, so a question the format cannot hold stops
    the export before it touches the folder.
    """
    files: dict[str, bytes] = {}
    skipped: list[Unsupported] = []
    for bank in catalog.banks:
        terms = catalog.terms if fmt.glossary == "each" else ()
        written = fmt.write(replace(catalog, banks=(bank,), terms=terms), options)
        files[f"{bank.slug}{fmt.extension}"] = written.data
        skipped += written.skipped
    if fmt.glossary == "own" and catalog.terms:
        files[f"glossary{fmt.extension}"] = fmt.write(replace(catalog, banks=()), options).data
    _checked(fmt, Written(b"", tuple(skipped)), skip_unsupported)
    return files, tuple(skipped)


def _mode_for(path: Path) -> int:
    """The mode an ordinary write would give ``path``: its own, or 0o666 less the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_files(root: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file into ``root``, all or nothing.

    Each file is first written in full to a temporary file beside its target and flushed to
    disk; only when all of them are there are they renamed into place. A failure before
    that point (a full disk, a permission) removes the temporary files and leaves the
    folder as it was.
    """
    root.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            target = inside(root, name)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, _mode_for(target))
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
    return [target for _, target in staged]
