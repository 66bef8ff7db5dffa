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

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizgen import limits
from quizgen.report import EXCERPT, Issue, excerpt

# libyaml is several times faster; the pure-Python parser gives the same nodes and marks.

T_STR = "tag:yaml.org,2002:str"
T_INT = "tag:yaml.org,2002:int"
T_FLOAT = "tag:yaml.org,2002:float"
T_BOOL = "tag:yaml.org,2002:bool"
T_NULL = "tag:yaml.org,2002:null"
T_MAP = "tag:yaml.org,2002:map"
T_SEQ = "tag:yaml.org,2002:seq"

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """The safe loader with its tag resolution made cheap.

    libyaml composes in C but calls back into Python to resolve every node's tag, and the
    stock resolver also keeps a stack of path resolvers the safe loader never has. These
    three methods give the same tags (YAML 1.1's implicit ones, which the builder then
    refuses where 1.1 and 1.2 disagree) at a fraction of the cost of a large file.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag  # type: ignore[no-any-return]
            return T_STR
        return T_SEQ if kind is yaml.SequenceNode else T_MAP


# Plain scalars YAML 1.1 gives a meaning of their own: '=' (value) and '<<' (merge).
_T_SPECIAL = ("tag:yaml.org,2002:value", "tag:yaml.org,2002:merge")

# What YAML 1.1 and 1.2 read the same way. Anything else of these tags is refused.
_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?\Z")
_NULLS = ("", "~", "null", "Null", "NULL")
#: Digits of the largest integer allowed (checked before the text is converted).
_INT_DIGITS = len(str(limits.MAX_INT))
# Characters YAML does not allow, and line separators PyYAML counts as line breaks (which
# would make every later line number disagree with the author's editor).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u2028\u2029\ufffe\uffff\x85]")
# Characters a text may not hold even when written as an escape ("\0", "\x07", "\x85"): a
# page cannot show them (HTML turns NUL into U+FFFD), and file systems refuse NUL in paths.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A path step that format_path writes: .key, [index] or ['quoted key'].
_STEP = re.compile(r"""\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\]|\['(?:[^'\\]|\\.)*'\]|\["(?:[^"\\]|\\.)*"\]""")


class _Refused(Exception):
    """Internal: stop walking a subtree after recording an issue."""


class _TooMany(Exception):
    """Internal: the file has more problems than are worth reporting."""


@dataclass
class Document:
    """One YAML file as JSON-shaped data, plus what is needed to locate problems in it."""

    file: str
    path: Path
    text: str
    data: Any
    _root: Any = field(default=None, repr=False)
    #: JSON paths (formatted) of values the loader refused; checks below them are moot.
    refused: frozenset[str] = frozenset()
    _index: dict[int, dict[str, tuple[Any, Any]]] = field(default_factory=dict, repr=False)

    def covers(self, issue: Issue) -> bool:
        """Whether ``issue`` is about a value the loader already refused (and reported)."""
        if not self.refused:
            return False
        path = issue.path
        if path in self.refused:
            return True
        # Walk the steps of the path (not every character: keys may be long), so that the
        # cost is linear in the path's length whatever the number of refused values.
        if not path.startswith("$"):
            return False
        pos = 1
        while pos < len(path):
            if path[:pos] in self.refused:
                return True
            step = _STEP.match(path, pos)
            if step is None:
                return False
            pos = step.end()
        return False

    def locate(self, json_path: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``json_path``, or of its key.

        Walks as far down the path as the file goes, so a missing key is placed at the
        mapping that should hold it.
        """
        if self._root is None:
            try:
                self._root = _compose(self.text)
            except Exception:  # the text loaded once already; be defensive anyway
                return (1, 1)
        node = self._root
        for i, step in enumerate(json_path):
            nxt = knode_found = None
            if isinstance(node, yaml.MappingNode):
                found = self._keys(node).get(step) if isinstance(step, str) else None
                if found is not None:
                    knode_found, nxt = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                nxt = node.value[step]
            if nxt is None:
                break
            if key and knode_found is not None and i == len(json_path) - 1:
                node = knode_found
                break
            node = nxt
        if node is None:  # an empty document
            return (1, 1)
        mark = node.start_mark
        return (mark.line + 1, mark.column + 1)

    def _keys(self, node: Any) -> dict[str, tuple[Any, Any]]:
        """The keys of a mapping node (the first of duplicates), built once per node."""
        index = self._index.get(id(node))
        if index is None:
            index = {}
            for knode, vnode in node.value:
                if isinstance(knode, yaml.ScalarNode):
                    index.setdefault(knode.value, (knode, vnode))
            self._index[id(node)] = index
        return index


def _compose(text: str) -> Any:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _count_events(text: str) -> Any:
    """None when ``text`` is within :data:`limits.MAX_EVENTS`, else the mark where it is crossed.

    libyaml counts the events without making a Python object for each (a 2 MiB file of
    ``~,`` takes 0.1 s), so a file of a million tiny values is refused before composing it,
    which would cost seconds and hundreds of megabytes.
    """
    loader = _Loader(text)
    try:
        if not hasattr(loader, "raw_parse") or loader.raw_parse() <= limits.MAX_EVENTS:
            return None
    finally:
        loader.dispose()
    loader = _Loader(text)  # over the limit: walk again, this time to find where
    try:
        for _ in range(limits.MAX_EVENTS):
            loader.get_event()
        return loader.get_event().start_mark
    finally:
        loader.dispose()


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
        return None, [Issue(file, 1, 1, "", "the file is UTF-16 (or UTF-32)", "save it as UTF-8")]
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
                "",
                f"byte 0x{data[err.start]:02x} is not valid UTF-8",
                "save the file as UTF-8; text pasted from a word processor is the usual cause",
            )
        ]
    issues = []
    for match in _BAD_CHARS.finditer(text):
        line, col = _position(text, match.start())
        issues.append(
            Issue(
                file,
                line,
                col,
                "",
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
        if size > max_bytes:
            return None, [
                Issue(
                    file,
                    1,
                    1,
                    "",
                    f"the file is {size:,} bytes, over the limit of {max_bytes:,}",
                    "split it into several files",
                )
            ]
        with path.open("rb") as handle:
            # Read one byte more than allowed: a file that grows (or is not a regular file)
            # is still refused without reading it all.
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            return None, [
                Issue(
                    file, 1, 1, "", f"the file is over the limit of {max_bytes:,} bytes", "split it into several files"
                )
            ]
    except OSError as err:
        return None, [
            Issue(file, 1, 1, "", f"cannot read the file: {err.strerror or err}", "check the path and permissions")
        ]
    return load_text(data, file, path, max_bytes=max_bytes)


def load_text(
    data: bytes, file: str, path: Path | None = None, *, max_bytes: int = limits.MAX_FILE_BYTES
) -> tuple[Document | None, list[Issue]]:
    """Like :func:`load_yaml`, for bytes already in memory (used by tests and fuzzing)."""
    if len(data) > max_bytes:
        return None, [
            Issue(
                file,
                1,
                1,
                "",
                f"the file is {len(data):,} bytes, over the limit of {max_bytes:,}",
                "split it into several files",
            )
        ]
    text, issues = decode(data, file)
    if text is None:
        return None, issues
    try:
        too_many = _count_events(text)
        if too_many is not None:
            message = f"the file holds more than {limits.MAX_EVENTS:,} YAML values (each list and mapping counts twice)"
            line, column = too_many.line + 1, too_many.column + 1
            return None, [Issue(file, line, column, "", message, "split it into several files")]
        root = _compose(text)
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_issue(err, text, file)]
    except yaml.YAMLError as err:
        return None, [Issue(file, 1, 1, "", f"YAML: {excerpt(str(err))}", "check the file's text")]
    except Exception as err:  # RecursionError, MemoryError, ValueError, or anything a parser may raise
        return None, [
            Issue(
                file,
                1,
                1,
                "",
                f"the file cannot be read: {type(err).__name__}",
                f"nesting deeper than {limits.MAX_DEPTH} levels or an enormous value is the usual cause",
            )
        ]
    if root is None:
        return None, [Issue(file, 1, 1, "", "the file is empty", "see docs/authoring.md for what a bank holds")]
    builder = _Builder(file, text)
    try:
        data_value = builder.build(root, (), 0)
    except _TooMany:
        last = builder.issues[-1]
        message = f"more than {limits.MAX_FILE_ISSUES} problems; the rest of the file was not checked"
        return None, [*builder.issues, Issue(file, last.line, last.column, "", message, "fix these first")]
    except RecursionError:
        builder.issues.append(
            Issue(file, 1, 1, "", "the file is nested too deeply", f"keep within {limits.MAX_DEPTH} levels")
        )
        data_value = None
    except Exception as err:  # never a traceback for bad input, whatever went wrong
        return None, [
            *builder.issues,
            Issue(
                file,
                1,
                1,
                "",
                f"the file cannot be read: {type(err).__name__}",
                "please report this file to quizgen's developers",
            ),
        ]
    # Refused values are None in the data; the document is still returned so that the rest
    # of the file can be checked and every problem reported in one run.
    refused = frozenset(i.path for i in builder.issues)
    # A clean file keeps no node tree: locate() composes it again in the rare case it is
    # needed, and a site's worth of trees kept alive makes every garbage collection slower.
    return Document(
        file, path or Path(file), text, data_value, root if builder.issues else None, refused
    ), builder.issues


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
    return Issue(file, line, col, "", problem, hint)


def format_path(json_path: tuple[str | int, ...]) -> str:
    """``('questions', 2, 'choices')`` -> ``$.questions[2].choices``.

    A key too long to be one the schema knows is cut, so that a message stays readable.
    """
    out = "$"
    for step in json_path:
        if isinstance(step, int):
            out += f"[{step}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", step) and len(step) <= EXCERPT:
            out += f".{step}"
        else:
            out += f"[{step if len(step) <= EXCERPT else step[: EXCERPT - 1] + '…'!r}]"
    return out


def _alias_marks(text: str) -> dict[tuple[str | int, ...], Any]:
    """Where each alias (``*name``) is written, by the JSON path of the value it stands for.

    The composed graph only holds the anchored node (with the anchor's position), so the
    events are walked once more to place every alias at its own line.
    """
    found: dict[tuple[str | int, ...], Any] = {}
    # Frames: [is_sequence, path, inside_a_key, next_index, expecting_key, current_key]
    stack: list[list[Any]] = []

    def place() -> tuple[tuple[str | int, ...], bool]:
        if not stack:
            return (), False
        frame = stack[-1]
        if frame[0]:
            return (*frame[1], frame[3]), frame[2]
        if frame[4]:
            return frame[1], True
        return (*frame[1], frame[5]), frame[2]

    def done(key: Any = None) -> None:
        if not stack:
            return
        frame = stack[-1]
        if frame[0]:
            frame[3] += 1
        elif frame[4]:
            frame[4], frame[5] = False, key
        else:
            frame[4] = True

    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                where, in_key = place()
                stack.append([isinstance(event, yaml.SequenceStartEvent), where, in_key, 0, True, None])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                stack.pop()
                done()
            elif isinstance(event, yaml.AliasEvent):
                where, in_key = place()
                if not in_key:
                    found.setdefault(where, event.start_mark)
                done()
            elif isinstance(event, yaml.ScalarEvent):
                done(event.value)
    except Exception:  # the text composed once already; placing aliases is best effort
        pass
    finally:
        loader.dispose()
    return found


class _Builder:
    """Turns composed nodes into JSON-shaped values, collecting every refusal."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.issues: list[Issue] = []
        # A node object met twice is an alias; only possible when the text has an anchor.
        self.seen: set[int] | None = set() if "&" in text else None
        self._aliases: dict[tuple[str | int, ...], Any] | None = None

    def refuse(self, node: Any, path: tuple[str | int, ...], message: str, hint: str, *, mark: Any = None) -> None:
        m = mark or node.start_mark
        self.issues.append(Issue(self.file, m.line + 1, m.column + 1, format_path(path), message, hint))
        if len(self.issues) >= limits.MAX_FILE_ISSUES:
            raise _TooMany
        raise _Refused

    def build(self, node: Any, path: tuple[str | int, ...], depth: int) -> Any:
        try:
            return self._build(node, path, depth)
        except _Refused:
            return None

    def aliases(self) -> dict[tuple[str | int, ...], Any]:
        if self._aliases is None:
            self._aliases = _alias_marks(self.text) if "*" in self.text and "&" in self.text else {}
        return self._aliases

    def _build(self, node: Any, path: tuple[str | int, ...], depth: int) -> Any:
        if self.seen is not None:
            alias = self.aliases().get(path)
            if alias is not None or id(node) in self.seen:
                self.refuse(
                    node,
                    path,
                    "aliases (*name) are not supported",
                    "write the value out in full; anchors and aliases hide repeated data",
                    mark=alias,
                )
            self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if depth >= limits.MAX_DEPTH:
            self.refuse(node, path, f"nesting deeper than {limits.MAX_DEPTH} levels", "flatten the structure")
        size = len(node.value)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != T_SEQ:
                self.refuse(node, path, f"the tag {excerpt(node.tag)} is not supported", "remove the tag")
            if size > limits.MAX_ITEMS:
                self.refuse(
                    node,
                    path,
                    f"the list has {size:,} items, over the limit of {limits.MAX_ITEMS:,}",
                    "split the bank into several files" if path == ("questions",) else "remove some",
                )
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag != T_MAP:
            self.refuse(node, path, f"the tag {excerpt(node.tag)} is not supported", "remove the tag")
        if size > limits.MAX_ITEMS:
            self.refuse(
                node, path, f"the mapping has {size:,} keys, over the limit of {limits.MAX_ITEMS:,}", "remove some"
            )
        out: dict[str, Any] = {}
        first: dict[str, Any] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                self.build_key_error(knode, path, "a key must be plain text, not a list or mapping")
                continue
            if knode.tag == "tag:yaml.org,2002:merge":
                self.build_key_error(knode, path, "merge keys (<<) are not supported", "write the keys out in full")
                continue
            if knode.tag != T_STR:
                self.build_key_error(
                    knode, path, f"the key '{excerpt(knode.value)}' is not text", f'quote it: "{excerpt(knode.value)}"'
                )
                continue
            key = knode.value
            # decode() refused raw control characters; only "\x.." escapes can make them.
            bad = _CONTROL.search(key) if knode.style == '"' else None
            if bad:
                self.build_key_error(
                    knode, path, f"the key holds the control character U+{ord(bad.group()):04X}", "remove it"
                )
                continue
            if key in first:
                m = first[key].start_mark
                self.build_key_error(
                    knode,
                    (*path, key),
                    f"duplicate key '{excerpt(key)}' (first at line {m.line + 1})",
                    "keep one of them; YAML would silently keep only the last",
                )
                continue
            first[key] = knode
            out[key] = self.build(vnode, (*path, key), depth + 1)
        return out

    def build_key_error(self, knode: Any, path: tuple[str | int, ...], message: str, hint: str = "") -> None:
        try:
            self.refuse(knode, path, message, hint)
        except _Refused:
            pass

    def scalar(self, node: Any, path: tuple[str | int, ...]) -> Any:
        tag, value = node.tag, node.value
        if tag == T_STR:
            bad = _CONTROL.search(value) if node.style == '"' else None
            if bad:
                self.refuse(
                    node,
                    path,
                    f"the text holds the control character U+{ord(bad.group()):04X}",
                    "remove it; a page cannot show control characters",
                )
            return value
        if tag == T_NULL:
            if value in _NULLS:
                return None
            self.refuse(node, path, f"'{excerpt(value)}' is tagged as null", "remove the tag")
        if tag == T_BOOL:
            if value in ("true", "false", "True", "False", "TRUE", "FALSE"):
                return value.lower() == "true"
            self.refuse(
                node,
                path,
                f"'{excerpt(value)}' is read by YAML as a boolean",
                f'quote this value ("{excerpt(value)}") for text, or write true or false',
            )
        if tag == T_INT:
            if _INT_RE.match(value):
                # Compare digits before converting: int() of thousands of digits raises
                # ValueError (CPython's limit) and costs quadratic time below it.
                if len(value.lstrip("+-")) > _INT_DIGITS or abs(number := int(value)) > limits.MAX_INT:
                    self.refuse(
                        node,
                        path,
                        f"the number {excerpt(value)} is too large",
                        f"keep integers within ±{limits.MAX_INT:,}, or quote it as text",
                    )
                return number
            what = (
                "a base-60 number"
                if ":" in value
                else "an octal, hex or binary number"
                if value.lstrip("+-")[:1] == "0"
                else "a number"
            )
            self.refuse(
                node,
                path,
                f"'{excerpt(value)}' is read by YAML 1.1 as {what}",
                f'quote this value ("{excerpt(value)}") for text, or write a plain decimal number',
            )
        if tag == T_FLOAT:
            if _FLOAT_RE.match(value) and len(value) <= 40:
                real = float(value)
                if math.isfinite(real):
                    return real
            what = "a base-60 number" if ":" in value else "not a finite decimal number"
            self.refuse(
                node,
                path,
                f"'{excerpt(value)}' is read by YAML 1.1 as {what}",
                f'quote this value ("{excerpt(value)}") for text, or write a number such as 2.5',
            )
        if tag == "tag:yaml.org,2002:timestamp":
            self.refuse(
                node, path, f"'{excerpt(value)}' is read by YAML as a date", f'quote this value: "{excerpt(value)}"'
            )
        if tag in _T_SPECIAL and node.style in (None, ""):
            self.refuse(
                node,
                path,
                f"'{excerpt(value)}' has a special meaning in YAML 1.1",
                f'quote this value ("{excerpt(value)}") for text',
            )
        self.refuse(node, path, f"the tag {excerpt(tag)} is not supported", "remove the tag, or quote the value")
        return None  # pragma: no cover - refuse() always raises
