"""Reading YAML safely, into JSON-shaped data, with every problem located.

PyYAML's ``safe_load`` is safe from code execution and from little else: it keeps the last
of two duplicate keys, reads ``no`` as false, ``5:00`` as 300 and ``2014-06-08`` as a date,
expands alias bombs when the data is walked, and raises exceptions that are not
``YAMLError``. So quizgen composes the node graph with libyaml (fast, nothing expanded) and
builds plain Python values itself, refusing everything YAML 1.1 and 1.2 disagree on with a
"quote this value" message at the exact line.

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
from quizgen.report import Issue, excerpt

# libyaml is several times faster; the pure-Python parser gives the same nodes and marks.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

T_STR = "tag:yaml.org,2002:str"
T_INT = "tag:yaml.org,2002:int"
T_FLOAT = "tag:yaml.org,2002:float"
T_BOOL = "tag:yaml.org,2002:bool"
T_NULL = "tag:yaml.org,2002:null"
T_MAP = "tag:yaml.org,2002:map"
T_SEQ = "tag:yaml.org,2002:seq"

# What YAML 1.1 and 1.2 read the same way. Anything else of these tags is refused.
_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?\Z")
# Characters YAML does not allow, and line separators PyYAML counts as line breaks (which
# would make every later line number disagree with the author's editor).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u2028\u2029\ufffe\uffff\x85]")


class _Refused(Exception):
    """Internal: stop walking a subtree after recording an issue."""


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

    def covers(self, issue: Issue) -> bool:
        """Whether ``issue`` is about a value the loader already refused (and reported)."""
        return any(issue.path == p or issue.path.startswith((p + ".", p + "[")) for p in self.refused)

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
                for knode, vnode in node.value:
                    if isinstance(knode, yaml.ScalarNode) and knode.value == step:
                        nxt, knode_found = vnode, knode
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                nxt = node.value[step]
            if nxt is None:
                break
            if key and knode_found is not None and i == len(json_path) - 1:
                node = knode_found
                break
            node = nxt
        mark = node.start_mark
        return (mark.line + 1, mark.column + 1)


def _compose(text: str) -> Any:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def decode(data: bytes, file: str) -> tuple[str | None, list[Issue]]:
    """Strict UTF-8 (an optional BOM is fine); a bad byte is reported with its line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, [Issue(file, 1, 1, "", "the file is UTF-16", "save it as UTF-8")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [
            Issue(file, line, col, "", f"byte 0x{data[err.start]:02x} is not valid UTF-8",
                  "save the file as UTF-8; text pasted from a word processor is the usual cause")
        ]
    issues = []
    for match in _BAD_CHARS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        issues.append(Issue(file, line, col, "",
                            f"character U+{ord(match.group()):04X} is not allowed in a YAML file",
                            "delete it, or write it as an escape such as \\u2028 inside a double-quoted string"))
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
            return None, [Issue(file, 1, 1, "", f"the file is {size:,} bytes, over the limit of {max_bytes:,}",
                                "split it into several files")]
        data = path.read_bytes()
    except OSError as err:
        return None, [Issue(file, 1, 1, "", f"cannot read the file: {err.strerror or err}", "check the path and permissions")]
    return load_text(data, file, path)


def load_text(data: bytes, file: str, path: Path | None = None) -> tuple[Document | None, list[Issue]]:
    """Like :func:`load_yaml`, for bytes already in memory (used by tests and fuzzing)."""
    text, issues = decode(data, file)
    if text is None:
        return None, issues
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = err.problem or err.context or "invalid YAML"
        hint = "use spaces, not tabs, to indent" if "'\\t'" in problem else "check the indentation and quoting around here"
        if "expected a single document" in str(err):
            problem, hint = "the file holds more than one YAML document", "remove the '---' line or split the file"
        return None, [Issue(file, line, col, "", f"YAML syntax: {problem}", hint)]
    except yaml.YAMLError as err:
        return None, [Issue(file, 1, 1, "", f"YAML: {excerpt(str(err))}", "check the file's text")]
    except (RecursionError, MemoryError, ValueError) as err:
        return None, [Issue(file, 1, 1, "", f"the file cannot be read: {type(err).__name__}",
                            f"nesting deeper than {limits.MAX_DEPTH} levels or an enormous value is the usual cause")]
    if root is None:
        return None, [Issue(file, 1, 1, "", "the file is empty", "see docs/authoring.md for what a bank holds")]
    builder = _Builder(file, track_aliases="&" in text)
    try:
        data_value = builder.build(root, (), 0)
    except RecursionError:
        builder.issues.append(Issue(file, 1, 1, "", "the file is nested too deeply", f"keep within {limits.MAX_DEPTH} levels"))
        data_value = None
    # Refused values are None in the data; the document is still returned so that the rest
    # of the file can be checked and every problem reported in one run.
    refused = frozenset(i.path for i in builder.issues)
    return Document(file, path or Path(file), text, data_value, root, refused), builder.issues


def format_path(json_path: tuple[str | int, ...]) -> str:
    """``('questions', 2, 'choices')`` -> ``$.questions[2].choices``."""
    out = "$"
    for step in json_path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", step) else f"[{step!r}]")
    return out


class _Builder:
    """Turns composed nodes into JSON-shaped values, collecting every refusal."""

    def __init__(self, file: str, *, track_aliases: bool) -> None:
        self.file = file
        self.issues: list[Issue] = []
        # A node object met twice is an alias; only possible when the text has an anchor.
        self.seen: set[int] | None = set() if track_aliases else None

    def refuse(self, node: Any, path: tuple[str | int, ...], message: str, hint: str) -> None:
        m = node.start_mark
        self.issues.append(Issue(self.file, m.line + 1, m.column + 1, format_path(path), message, hint))
        raise _Refused

    def build(self, node: Any, path: tuple[str | int, ...], depth: int) -> Any:
        try:
            return self._build(node, path, depth)
        except _Refused:
            return None

    def _build(self, node: Any, path: tuple[str | int, ...], depth: int) -> Any:
        if self.seen is not None:
            if id(node) in self.seen:
                self.refuse(node, path, "aliases (*name) are not supported",
                            "write the value out in full; anchors and aliases hide repeated data")
            self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if depth >= limits.MAX_DEPTH:
            self.refuse(node, path, f"nesting deeper than {limits.MAX_DEPTH} levels", "flatten the structure")
        if isinstance(node, yaml.SequenceNode):
            if node.tag != T_SEQ:
                self.refuse(node, path, f"the tag {node.tag} is not supported", "remove the tag")
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag != T_MAP:
            self.refuse(node, path, f"the tag {node.tag} is not supported", "remove the tag")
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
                self.build_key_error(knode, path, f"the key {knode.value!r} is not text",
                                     f"quote it: \"{knode.value}\"")
                continue
            key = knode.value
            if key in first:
                m = first[key].start_mark
                self.build_key_error(knode, (*path, key), f"duplicate key '{excerpt(key)}' (first at line {m.line + 1})",
                                     "keep one of them; YAML would silently keep only the last")
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
            return value
        if tag == T_NULL:
            return None
        if tag == T_BOOL:
            if value in ("true", "false", "True", "False", "TRUE", "FALSE"):
                return value.lower() == "true"
            self.refuse(node, path, f"'{value}' is read by YAML as a boolean",
                        f"quote this value (\"{value}\") for text, or write true or false")
        if tag == T_INT:
            if _INT_RE.match(value):
                number = int(value)
                if abs(number) > limits.MAX_INT:
                    self.refuse(node, path, f"the number {excerpt(value)} is too large",
                                f"keep integers within ±{limits.MAX_INT:,}, or quote it as text")
                return number
            what = "a base-60 number" if ":" in value else "an octal, hex or binary number" if value.lstrip("+-")[:1] == "0" else "a number"
            self.refuse(node, path, f"'{excerpt(value)}' is read by YAML 1.1 as {what}",
                        f"quote this value (\"{excerpt(value)}\") for text, or write a plain decimal number")
        if tag == T_FLOAT:
            if _FLOAT_RE.match(value) and len(value) <= 40:
                number = float(value)
                if math.isfinite(number):
                    return number
            what = "a base-60 number" if ":" in value else "not a finite decimal number"
            self.refuse(node, path, f"'{excerpt(value)}' is read by YAML 1.1 as {what}",
                        f"quote this value (\"{excerpt(value)}\") for text, or write a number such as 2.5")
        if tag == "tag:yaml.org,2002:timestamp":
            self.refuse(node, path, f"'{value}' is read by YAML as a date", f"quote this value: \"{value}\"")
        self.refuse(node, path, f"the tag {tag} is not supported", "remove the tag, or quote the value")
        return None  # pragma: no cover - refuse() always raises
