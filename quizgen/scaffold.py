"""Starting a course and adding articles to it: what ``quizgen init`` and ``quizgen add-source`` write.

``init`` copies the starter course (``quizgen/starter/``, package data) into a folder and
writes the three JSON Schemas beside it for editors. ``add-source`` copies an article into
the course's sources folder with a details file, and optionally a first bank whose example
question quotes the article, so that the course still validates.

Both only ever create files: every target is checked first, each file is opened with
exclusive creation, and on any failure the files and folders made so far are removed, so a
run writes everything or nothing and never overwrites. No MkDocs here: the command line
reads the course's settings and passes the folders in.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from quizgen import banks, limits, schema
from quizgen.catalog import bank_slug, discover
from quizgen.definitions import NAMES, SLUG, schema_text
from quizgen.glossary import NAMES as GLOSSARY_NAMES
from quizgen.loader import load_text, load_yaml
from quizgen.models import Source, Topic
from quizgen.report import Issue
from quizgen.source import QuoteIndex, read_source
from quizgen.sources import ARTICLE_SUFFIXES, DETAIL_SUFFIXES, details_file, display, find, slug_of

#: The course-local copies of the schemas, which the starter's modelines and editor settings name.
SCHEMA_DIR = ".quizgen/schemas"
#: Package data cannot hold dot-files reliably (setuptools' globs skip them), so the starter
#: keeps them under plain names and they get their dot when written.
_DOT_NAMES = {"gitignore": ".gitignore", "vscode": ".vscode"}
#: The source fields ``add-source`` takes as options, in the order the details file lists them.
DETAIL_FIELDS = ("title", "author", "outlet", "date", "url", "licence")
_ID = re.compile(SLUG)
_CLAUSE_END = re.compile(r"[,;:.!?]['\"\u2019\u201d)]*$")
#: Words an example quote should not end on (English; in other languages none is dropped).
_WEAK_ENDS = frozenset("a an and at by for from in into of on or the to with".split())
#: A bank that would take the place of these pages (see quizgen.pages.conflicts).
_RESERVED_BANKS = {"index": "the list of quizzes"} | {Path(n).stem: "the glossary" for n in GLOSSARY_NAMES}


class ScaffoldError(Exception):
    """A refusal or a failure to write; the message names the files and says what to do."""


# -- writing new files, all or nothing --------------------------------------------------


def conflicts(paths: Iterable[Path]) -> list[Path]:
    """The targets that already exist, or that sit below a file where a folder should be."""
    found: list[Path] = []
    for path in paths:
        if path.exists() or path.is_symlink():
            found.append(path)
            continue
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        if blocker is not None and blocker not in found:
            found.append(blocker)
    return found


def write_new(files: dict[Path, bytes]) -> list[Path]:
    """Create every file in ``files`` (and the folders they need), or none of them.

    Files are opened with exclusive creation, so an existing file is never replaced, even
    one that appears after :func:`conflicts` looked.
    """
    made_dirs: list[Path] = []
    made_files: list[Path] = []
    current = next(iter(files), Path("."))
    try:
        for path, data in files.items():
            current = path
            missing = []
            folder = path.parent
            while not folder.exists():
                missing.append(folder)
                folder = folder.parent
            for folder in reversed(missing):
                folder.mkdir()
                made_dirs.append(folder)
            with path.open("xb") as handle:
                made_files.append(path)
                handle.write(data)
    except BaseException as err:
        for path in reversed(made_files):
            path.unlink(missing_ok=True)
        for folder in reversed(made_dirs):
            try:
                folder.rmdir()
            except OSError:
                pass
        if isinstance(err, OSError):
            what = "it already exists" if isinstance(err, FileExistsError) else (err.strerror or str(err))
            raise ScaffoldError(
                f"cannot write {display(current)}: {what}; nothing was written "
                "(check that the folder exists and that you may write there)"
            ) from None
        raise
    return made_files


# -- quizgen init ------------------------------------------------------------------------


def starter_files() -> dict[str, bytes]:
    """The starter course: relative path (POSIX) -> content, with the schemas of this version."""
    out: dict[str, bytes] = {}

    def walk(node: Traversable, parts: tuple[str, ...]) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name == "__pycache__":
                continue
            rel = (*parts, child.name)
            if child.is_dir():
                walk(child, rel)
            else:
                out["/".join((_DOT_NAMES.get(rel[0], rel[0]), *rel[1:]))] = child.read_bytes()

    walk(resources.files("quizgen").joinpath("starter"), ())
    for name in NAMES:
        out[f"{SCHEMA_DIR}/{name}.schema.json"] = schema_text(name).encode("utf-8")
    return dict(sorted(out.items()))


def init_course(target: Path) -> list[Path]:
    """Write the starter course into ``target`` (made if missing); refuse if any file exists."""
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{display(target)} is a file, not a folder (give the name of a new or empty folder)")
    files = {target / rel: data for rel, data in starter_files().items()}
    taken = conflicts(files)
    if taken:
        listed = "\n".join(f"  {display(p)}" for p in taken)
        here = "this folder" if target.resolve() == Path.cwd().resolve() else display(target)
        raise ScaffoldError(
            f"{here} already holds {_count(len(taken), 'file')} that a new course would replace:\n"
            f"{listed}\nnothing was written (choose a new or empty folder, or move these files away)"
        )
    return write_new(files)


# -- quizgen add-source ------------------------------------------------------------------


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be a source id, or None if it can."""
    if _ID.match(value):
        return None
    return (
        f"'{value}' cannot be a source id: use 1 to 64 lowercase letters a-z, digits and '-', "
        "starting with a letter or digit (e.g. kabul-2014)"
    )


def existing_sources(sources_dir: Path, extra: Path | None = None) -> dict[str, Path]:
    """The ids the course's articles already have (from their details, or their file names)."""
    out: dict[str, Path] = {}
    for article in find(sources_dir, extra):
        sid = None
        side = details_file(article)
        if side is not None:
            doc, _ = load_yaml(side, display(side))
            if doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                sid = doc.data["id"]
        out.setdefault(sid or slug_of(article.stem), article)
    return out


def banks_without_source(banks_dir: Path) -> list[Path]:
    """Banks that leave ``source:`` out, which only a course of one source allows."""
    bank_files, _, _ = discover([banks_dir], banks_dir) if banks_dir.is_dir() else ([], [], [])
    out = []
    for path in bank_files:
        doc, _ = load_yaml(path, display(path))
        if doc is not None and isinstance(doc.data, dict) and "source" not in doc.data:
            out.append(path)
    return out


@dataclass(frozen=True)
class NewSource:
    """What ``add-source`` will write: the files with their contents, and where the pages go."""

    id: str
    article: Path
    details: Path
    bank: Path | None
    files: dict[Path, bytes]
    title: str
    title_from_name: bool


def plan_source(
    file: Path,
    *,
    sources_dir: Path,
    banks_dir: Path,
    root: Path,
    source_id: str | None = None,
    details: dict[str, str | None] | None = None,
    bank: bool = False,
    topics: Sequence[Topic] = (),
    extra_source: Path | None = None,
) -> NewSource:
    """Check everything ``add-source`` needs and build every file it writes; write nothing."""
    suffix = file.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise ScaffoldError(
            f"{display(file)}: an article must be a plain-text (.txt) or Markdown (.md) file "
            "(save it as plain text in UTF-8, then add the .txt file)"
        )
    if file.resolve().parent == sources_dir.resolve():
        raise ScaffoldError(
            f"{display(file)} is already in the course's sources folder "
            f"(write its details in {display(file.with_suffix('.yml'))}, or add a file from elsewhere)"
        )
    source, issues = read_source(file, display(file))
    if source is None:
        raise ScaffoldError("\n".join(i.format() for i in issues) + "\nnothing was written")
    sid = source_id or slug_of(file.stem)
    problem = id_problem(sid)
    if problem:
        raise ScaffoldError(problem)

    taken = existing_sources(sources_dir, extra_source)
    if sid in taken:
        raise ScaffoldError(
            f"the course already has a source with the id '{sid}': {display(taken[sid])} (choose another id with --id)"
        )
    article = sources_dir / f"{sid}{suffix}"
    side = sources_dir / f"{sid}.yml"
    # An article beside one with the same name would share its details file: refuse both.
    targets = [sources_dir / f"{sid}{s}" for s in (*ARTICLE_SUFFIXES, *DETAIL_SUFFIXES)]
    bank_file = banks_dir / f"{sid}.yml" if bank else None
    if bank_file is not None:
        targets += [bank_file, bank_file.with_suffix(".yaml")]
        _check_bank_name(sid, banks_dir)
    existing = conflicts(targets)
    if existing:
        listed = ", ".join(display(p) for p in existing)
        raise ScaffoldError(f"{listed} already exist{'s' if len(existing) == 1 else ''} (choose another id with --id)")

    values = {k: v for k, v in (details or {}).items() if v}
    if values.get("url") and not re.match(r"https?://\S+\Z", values["url"]):
        raise ScaffoldError(
            f"--url: '{values['url']}' is not a web address "
            "(give one that starts with http:// or https://); nothing was written"
        )
    title_from_name = not values.get("title")
    title = values.get("title") or _title_of(file.stem)
    values["title"] = title
    files: dict[Path, bytes] = {article: file.read_bytes()}
    files[side] = _details_text(sid, values, file.name, article, _schema_ref(root, side.parent, "source")).encode()
    _check_details(files[side], side, values)
    if bank_file is not None:
        text = _bank_text(sid, title, source, article, topics, _schema_ref(root, bank_file.parent, "bank"))
        _check_bank(text.encode(), bank_file, banks_dir, sid, source, topics)
        files[bank_file] = text.encode()
    return NewSource(sid, article, side, bank_file, files, title, title_from_name)


def _check_bank_name(sid: str, banks_dir: Path) -> None:
    """Refuse a bank whose pages would take the place of another page (see quizgen.pages)."""
    if sid in _RESERVED_BANKS:
        raise ScaffoldError(
            f"--bank: a bank named {sid}.yml would take the place of {_RESERVED_BANKS[sid]} "
            "(give the source another id with --id, or write its bank yourself)"
        )
    bank_files, _, _ = discover([banks_dir], banks_dir) if banks_dir.is_dir() else ([], [], [])
    slugs = {bank_slug(p, banks_dir): p for p in bank_files}
    clashes = (
        (sid, "has the pages the new bank needs"),
        (f"{sid}-key", "has its study sheet where the new bank's answer key would go"),
    )
    for slug, why in clashes:
        if slug in slugs:
            raise ScaffoldError(
                f"--bank: {display(slugs[slug])} {why} "
                "(give the source another id with --id, or write its bank yourself)"
            )
    if sid.endswith("-key") and sid[: -len("-key")] in slugs:
        raise ScaffoldError(
            f"--bank: the answer key of {display(slugs[sid[: -len('-key')]])} is where the new bank's "
            "study sheet would go (give the source another id with --id, or write its bank yourself)"
        )


def nav_lines(new: NewSource) -> list[tuple[str, str]]:
    """The ``nav:`` entries of the new pages, as (where they belong, YAML line) for mkdocs.yml."""
    lines = [("beside the other articles", f"- {_yaml_str(new.title)}: articles/{new.id}.md")]
    if new.bank is not None:
        lines += [
            ("under the quizzes", f"- quizzes/{new.id}.md"),
            ("under the print pages", f"- sheets/{new.id}.md"),
            ("under the print pages", f"- sheets/{new.id}-key.md"),
        ]
    return lines


def has_nav(config_file: Path) -> bool:
    """Whether mkdocs.yml (or a file it inherits from) may list the pages itself under ``nav:``."""
    try:
        text = config_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True
    return bool(re.search(r"^(nav|INHERIT)\s*:", text, re.MULTILINE))


# -- the files add-source writes ---------------------------------------------------------


def _schema_ref(root: Path, folder: Path, name: str) -> str | None:
    """The modeline's path to the course's copy of a schema, relative to ``folder``, if it has one."""
    target = root / SCHEMA_DIR / f"{name}.schema.json"
    if not target.is_file():
        return None
    return Path(os.path.relpath(target, folder)).as_posix()


def _modeline(ref: str | None) -> str:
    return f"# yaml-language-server: $schema={ref}\n" if ref else ""


def _yaml_str(value: str) -> str:
    """A YAML double-quoted scalar that reads back as ``value``, whatever it holds.

    JSON's string syntax is YAML's double-quoted style; characters that quizgen refuses raw
    in YAML (line and paragraph separators, other invisible ones) are written as escapes.
    """
    text = json.dumps(value, ensure_ascii=False)
    return "".join(
        ch if ch.isprintable() else (f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}") for ch in text
    )


def _title_of(stem: str) -> str:
    words = re.sub(r"[_\-\s]+", " ", stem).strip()
    return (words[:1].upper() + words[1:])[:200] or "Article"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _details_text(sid: str, values: dict[str, str], name: str, article: Path, ref: str | None) -> str:
    lines = [
        _modeline(ref),
        f"# The details of {article.name}, the article beside this file (copied from {name}).\n"
        if name != article.name
        else f"# The details of {article.name}, the article beside this file.\n",
        "# Banks name the article by its id. Fields: id, title, author, outlet, date, url, licence.\n",
        f"id: {sid}\n",
    ]
    lines += [f"{key}: {_yaml_str(values[key])}\n" for key in DETAIL_FIELDS if values.get(key)]
    return "".join(lines)


def _check_details(data: bytes, path: Path, values: dict[str, str]) -> None:
    doc, issues = load_text(data, display(path))
    if doc is not None:
        issues += [i for i in schema.validate(doc, "source") if not doc.covers(i)]
    if issues:
        raise ScaffoldError("\n".join(_option_problem(i, values) for i in issues) + "\nnothing was written")


def _option_problem(issue: Issue, values: dict[str, str]) -> str:
    """A schema problem in the details, told as a problem with the option that gave the value."""
    key = issue.path[0] if issue.path else None
    if isinstance(key, str) and key in values:
        hint = f" ({issue.hint})" if issue.hint else ""
        return f"--{key}: {issue.message}{hint}"
    return issue.format()


def example_quote(source: Source) -> tuple[int, str] | None:
    """A verbatim phrase that opens a paragraph (the first that has one), with its number.

    The paragraph's first clause when it is 4 to 20 words long, else its first dozen words
    without the little words a phrase should not end on; long enough to be evidence, and
    checked with the same lookup as ``quizgen validate``.
    """
    index = QuoteIndex(source)
    for block in source.paragraphs:
        words = block.text.split()
        end = next((k for k in range(4, min(len(words), 20) + 1) if _CLAUSE_END.search(words[k - 1])), 0)
        if not end:
            end = min(len(words), 12)
            while end > 4 and words[end - 1].lower() in _WEAK_ENDS:
                end -= 1
        for k in range(end, 0, -1):
            phrase = " ".join(words[:k]).rstrip(",;:.!?")
            if not limits.MIN_QUOTE <= len(phrase) <= 2000:
                continue
            found = index.find(phrase)
            if not isinstance(found, str) and found.paragraph == block.number:
                return found.paragraph, phrase
    return None


def _markdown_escape(text: str) -> str:
    """Text for a prompt, which is inline Markdown: the article's words shown as they are."""
    return re.sub(r"([\\`*_\[\]~<>!|#])", r"\\\1", text)


def _bank_text(sid: str, title: str, source: Source, article: Path, topics: Sequence[Topic], ref: str | None) -> str:
    found = example_quote(source)
    if found is None:
        raise ScaffoldError(
            f"{display(article)}: no paragraph of the article has a phrase of {limits.MIN_QUOTE} characters "
            "or more to quote for the example question (add the article without --bank, and write its bank yourself)"
        )
    number, phrase = found
    qid = f"{sid[:55].rstrip('-')}-example"
    topic_ids = ", ".join(t.id for t in topics) or "events, actors, arguments, other"
    prompt = f"Paragraph {number} of the article contains the words “{_markdown_escape(phrase)}”."
    return (
        f"{_modeline(ref)}"
        f"# Questions on {article.name}. Every answer needs evidence: words copied exactly from the\n"
        "# article, inside one paragraph. `quizgen validate` checks them.\n"
        f"source: {sid}\n"
        f"# topic: {topics[0].id if topics else 'events'}   # optional: one of {topic_ids}\n"
        f"title: {_yaml_str(title)}\n"
        "questions:\n"
        "  # An example to replace with your own questions. Its evidence is the opening of\n"
        f"  # paragraph {number}; the answer links to it. Question types: single, multiple, true_false,\n"
        "  # fill_blank, matching, ordering and numeric.\n"
        f"  - id: {qid}  # unique across all banks\n"
        "    type: true_false\n"
        "    difficulty: recall  # recall, understanding or analysis\n"
        f"    prompt: {_yaml_str(prompt)}\n"
        "    answer: true\n"
        f"    explanation: {_yaml_str(f'These are the words that open paragraph {number}.')}\n"
        f"    evidence: {_yaml_str(phrase)}\n"
    )


def _check_bank(data: bytes, path: Path, banks_dir: Path, sid: str, source: Source, topics: Sequence[Topic]) -> None:
    """The new bank must pass the same checks as ``quizgen validate``; anything else is a bug here."""
    doc, issues = load_text(data, display(path))
    problems: list[Issue] = list(issues)
    if doc is not None:
        found = banks.schema_issues(doc) + issues
        args: dict[str, Any] = {"slug": bank_slug(path, banks_dir), "source_id": sid, "index": QuoteIndex(source)}
        draft = banks.check(doc, found, topics=tuple(topics), **args)
        problems = draft.issues
    if problems:
        listed = "\n".join(i.format() for i in problems)
        raise ScaffoldError(
            f"the starter bank for {display(path)} does not validate:\n{listed}\n"
            "nothing was written (add the article without --bank, and write its bank yourself)"
        )
