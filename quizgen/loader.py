"""Reading YAML safely, into JSON-shaped data, with every problem located.

PyYAML's ``safe_load`` is safe from code execution and from little else: it keeps the last
of two duplicate keys, reads ``no`` as false, ``5:00`` as 300 and ``2014-06-08`` as a date,
expands alias bombs when the data is walked, and raises exceptions that are not
``YAMLError``. So quizgen composes the node graph with libyaml (fast, nothing expanded) and
builds plain Python values itself, refusing everything YAML 1.1 and 1.2 disagree on with a
"quote this value" message at the exact line.

Sizes are checked before anything is built: the file's bytes, the nesting depth, the items
of each list and the keys of each mapping (:mod:`quizgen.limits`). An alias is refused where
it is written, so an alias bomb costs no more than its text.

Positions are not stored for every node on the happy path (that would cost as much memory
as the data). :func:`locate` re-composes a file on the rare path where a problem has to be
placed, and caches the node tree for that file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from quizgen import limits
from quizgen.document import Document
from quizgen.report import Issue, excerpt
from quizgen.yamlnodes import BAD_CHARS, Builder, TooMany, TooManyValues, compose, compose_counted, count_events

__all__ = ["Document", "decode", "load_text", "load_yaml"]


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of ``offset``, counting CR, LF and CRLF as breaks.

    YAML (and every editor) counts a lone CR as a line break too.
    """
    line = text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset) + 1
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    return line, offset - start + 1


def decode(data: bytes, file: str) -> tuple[str | None, list[Issue]]:
    """Strict UTF-8 (an optional BOM is fine); a bad byte is reported with its line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, [Issue(file, 1, 1, (), "the file is UTF-16 (or UTF-32)", "save it as UTF-8")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start].decode("utf-8")  # valid up to the bad byte
        line, col = _position(before, len(before))
        return None, [
            Issue(
                file,
                line,
                col,
                (),
                f"byte 0x{data[err.start]:02x} is not valid UTF-8",
                "save the file as UTF-8; text pasted from a word processor is the usual cause",
            )
        ]
    issues = []
    for match in BAD_CHARS.finditer(text):
        line, col = _position(text, match.start())
        issues.append(
            Issue(
                file,
                line,
                col,
                (),
                f"character U+{ord(match.group()):04X} is not allowed in a YAML file",
                "delete it, or write it as an escape such as \\u2028 inside a double-quoted string",
            )
        )
        if len(issues) >= 20:
            break
    return (None, issues) if issues else (text, [])


def load_yaml(path: Path, file: str, *, max_bytes: int = limits.MAX_FILE_BYTES) -> tuple[Document | None, list[Issue]]:
    """Read one YAML file into a :class:`Document`, and say what is wrong with it.

    Never raises for bad content: every exception a parser can raise becomes an Issue. The
    document is None when the file could not be parsed at all; when only some values were
    refused, it is returned with those values set to None (see ``Document.refused``).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            # Read one byte more than allowed: a file that grows (or is not a regular file)
            # is still refused without reading it all.
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            what = f"{size:,} bytes, over" if size > max_bytes else "over"
            return None, [too_big(data, max_bytes, file, f"the file is {what} the limit of {max_bytes:,} bytes")]
    except OSError as err:
        return None, [
            Issue(file, 1, 1, (), f"cannot read the file: {err.strerror or err}", "check the path and permissions")
        ]
    return load_text(data, file, path, max_bytes=max_bytes)


def load_text(
    data: bytes, file: str, path: Path | None = None, *, max_bytes: int = limits.MAX_FILE_BYTES
) -> tuple[Document | None, list[Issue]]:
    """Like :func:`load_yaml`, for bytes already in memory (used by tests and fuzzing)."""
    if len(data) > max_bytes:
        message = f"the file is {len(data):,} bytes, over the limit of {max_bytes:,}"
        return None, [too_big(data, max_bytes, file, message)]
    text, issues = decode(data, file)
    if text is None:
        return None, issues
    try:
        # A file of a million tiny values is refused before it costs seconds and hundreds of
        # megabytes: counted while composing, or first, where an anchor lets aliases repeat values.
        if "&" in text:
            too_many = count_events(text)
            root = compose(text) if too_many is None else None
        else:
            try:
                root, too_many = compose_counted(text), None
            except TooManyValues:
                too_many = count_events(text)  # where the limit is passed
                if too_many is None:  # pragma: no cover - both count the same values
                    root = compose(text)
        if too_many is not None:
            message = f"the file holds more than {limits.MAX_EVENTS:,} YAML values (each list and mapping counts twice)"
            line, column = too_many.line + 1, too_many.column + 1
            return None, [Issue(file, line, column, (), message, "split it into several files")]
    except yaml.MarkedYAMLError as err:
        retabbed = _without_tabs(text) if "\t" in text else None
        if retabbed is None:
            return None, [_syntax_issue(err, text, file)]
        # Tabs in the indentation: each is reported, and the file is read with them as
        # spaces, so that the rest of its problems are found in the same run.
        text, root, shifts = retabbed
        return _build(text, root, file, path, _tab_issues(shifts, file), shifts)
    except yaml.YAMLError as err:
        return None, [Issue(file, 1, 1, (), f"YAML: {excerpt(str(err))}", "check the file's text")]
    except Exception as err:  # RecursionError, MemoryError, ValueError, or anything a parser may raise
        return None, [
            Issue(
                file,
                1,
                1,
                (),
                f"the file cannot be read: {type(err).__name__}",
                f"nesting deeper than {limits.MAX_DEPTH} levels or an enormous value is the usual cause",
            )
        ]
    return _build(text, root, file, path, [], {})


def _build(
    text: str,
    root: Any,
    file: str,
    path: Path | None,
    early: list[Issue],
    shifts: dict[int, tuple[int, int]],
) -> tuple[Document | None, list[Issue]]:
    """The document of a composed node tree; ``early`` are problems found on the way to it."""
    if root is None:
        empty = Issue(file, 1, 1, (), "the file is empty", "see docs/authoring.md for what a bank holds")
        return None, [*early, empty]
    builder = Builder(file, text)
    try:
        data_value = builder.build(root, (), 0)
    except TooMany:
        last = builder.issues[-1]
        message = f"more than {limits.MAX_FILE_ISSUES} problems; the rest of the file was not checked"
        return None, [*builder.issues, Issue(file, last.line, last.column, (), message, "fix these first")]
    except RecursionError:
        builder.issues.append(
            Issue(file, 1, 1, (), "the file is nested too deeply", f"keep within {limits.MAX_DEPTH} levels")
        )
        data_value = None
    except Exception as err:  # never a traceback for bad input, whatever went wrong
        return None, [
            *builder.issues,
            Issue(
                file,
                1,
                1,
                (),
                f"the file cannot be read: {type(err).__name__}",
                "please report this file to quizgen's developers",
            ),
        ]
    # Refused values are None in the data; the document is still returned so that the rest
    # of the file can be checked and every problem reported in one run.
    refused = frozenset(i.path for i in builder.issues)
    issues = [*early, *builder.issues]
    # A clean file keeps no node tree: locate() composes it again in the rare case it is
    # needed, and a site's worth of trees kept alive makes every garbage collection slower.
    doc = Document(file, path or Path(file), text, data_value, root if issues else None, refused)
    doc.refused_scalars = builder.scalars
    doc.retabbed = shifts
    return doc, issues


_LEADING_TABS = re.compile(r"[ \t]*\t[ \t]*(?=\S)")
_CONTENT = re.compile(r"( *)((?:- +)*)(?=[^\s#])")


def _without_tabs(text: str) -> tuple[str, Any, dict[int, tuple[int, int]]] | None:
    """The text with each indentation that holds a tab written in spaces, if it then composes.

    A tab's width is a guess, so a few are tried: first the content column of the line
    above (a tab typed in place of that line's indentation is the usual mistake), then 2,
    4 and 8 spaces for each tab. Line numbers do not change; ``shifts`` lets columns be
    given in the author's characters.
    """
    lines = text.split("\n")
    tabbed = [k for k, line in enumerate(lines) if _LEADING_TABS.match(line)]
    if not tabbed or len(tabbed) > limits.MAX_FILE_ISSUES:
        return None

    def above(k: int) -> str | None:
        for j in range(k - 1, -1, -1):
            m = _CONTENT.match(lines[j])
            if m and j not in tabbed:
                return " " * m.end()
        return None

    for guess in (0, 2, 4, 8):
        out = list(lines)
        shifts: dict[int, tuple[int, int]] = {}
        for k in tabbed:
            m = _LEADING_TABS.match(lines[k])
            assert m is not None
            spaces = above(k) if guess == 0 else m.group().replace("\t", " " * guess)
            if spaces is None:
                break
            out[k] = spaces + lines[k][m.end() :]
            shifts[k + 1] = (m.end(), len(spaces))
        else:
            candidate = "\n".join(out)
            try:
                return candidate, compose(candidate), shifts
            except yaml.YAMLError:
                continue
            except Exception:  # anything else a parser may raise: keep the first report only
                return None
    return None


def _tab_issues(shifts: dict[int, tuple[int, int]], file: str) -> list[Issue]:
    return [
        Issue(
            file,
            line,
            1,
            (),
            "a tab in the indentation (YAML allows only spaces there)",
            "indent with spaces; the rest of the file was checked reading it as spaces",
        )
        for line in sorted(shifts)
    ]


#: A line that starts a value: a key (``prompt: ...``) or a list item (``- ...``).
_VALUE_START = re.compile(rb" *(?:- +)*(?:[^\s#:][^:\n]*:(?: |$)|-(?: |$))")


def too_big(data: bytes, limit: int, file: str, message: str) -> Issue:
    """The refusal of a file over ``limit`` bytes, placed where the value that passes the limit begins.

    That is the line holding the first byte over the limit, when it starts a key or a list
    item (or is a comment or a blank line: then the file passes the limit there); when it
    continues a value (a long text's tenth line), the nearest line above it that starts a
    key or a list item and is indented less.
    """
    pos = min(limit, len(data) - 1)
    start = data.rfind(b"\n", 0, pos) + 1
    end = data.find(b"\n", pos)
    line = data[start : end if end != -1 else len(data)]
    number = data.count(b"\n", 0, start) + 1
    if line.strip() and not line.lstrip().startswith(b"#") and not _VALUE_START.match(line):
        width = len(line) - len(line.lstrip(b" "))
        while start > 0:
            end = start - 1
            start = data.rfind(b"\n", 0, end) + 1
            number -= 1
            candidate = data[start:end]
            indent = len(candidate) - len(candidate.lstrip(b" "))
            if candidate.strip() and indent < width and _VALUE_START.match(candidate):
                line = candidate
                break
        else:
            number, line = 1, b""
    column = len(line) - len(line.lstrip(b" ")) + 1
    return Issue(
        file,
        number,
        column,
        (),
        f"{message}; the value that passes the limit begins here",
        "split it into several files",
    )


def _syntax_issue(err: yaml.MarkedYAMLError, text: str, file: str) -> Issue:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = err.problem or err.context or "invalid YAML"
    hint = "check the indentation and quoting around here"
    if mark is not None:
        lines = re.split(r"\r\n|\r|\n", text)
        here = lines[mark.line] if mark.line < len(lines) else ""
        indent = here[: len(here) - len(here.lstrip(" \t"))]
        at = here[mark.column : mark.column + 1]
        if "\t" in indent or at == "\t" or "tab" in problem:
            hint = "use spaces, not tabs, to indent"
    if "maximum nesting depth" in problem:
        problem, hint = f"nesting deeper than {limits.MAX_DEPTH} levels", "flatten the structure"
    elif "expected a single document" in str(err):
        problem = "YAML syntax: the file holds more than one YAML document"
        hint = "remove the '---' line or split the file"
    else:
        problem = f"YAML syntax: {problem}"
    return Issue(file, line, col, (), problem, hint)
