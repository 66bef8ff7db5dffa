"""libyaml node trees for quizgen's loader: composing, counting, and building JSON-shaped values.

The loader (:mod:`quizgen.loader`) decides what to read and reports; this module owns the
YAML specifics: a cheap tag resolver, the refusals of everything YAML 1.1 and 1.2 read
differently, the limits on sizes checked while building, and where aliases are written.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from quizgen import limits
from quizgen.report import Issue, excerpt

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
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u2028\u2029\ufffe\uffff\x85]")
# Characters a text may not hold even when written as an escape ("\0", "\x07", "\x85"): a
# page cannot show them (HTML turns NUL into U+FFFD), and file systems refuse NUL in paths.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class _Refused(Exception):
    """Internal: stop walking a subtree after recording an issue."""


class TooMany(Exception):
    """Internal: the file has more problems than are worth reporting."""


def compose(text: str) -> Any:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class TooManyValues(Exception):
    """Internal: composing a file made more than :data:`limits.MAX_EVENTS` values."""


class _CountingLoader(_Loader):
    """The loader that counts the values it makes, and stops when there are too many.

    Each node is resolved once, as it is made: counting there costs nothing like a second
    pass of the parser. An alias makes no node; see :func:`compose_counted`.
    """

    # The events of a stream with one document, beyond its values.
    budget = limits.MAX_EVENTS - 4

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            self.budget -= 1
            if self.budget < 0:
                raise TooManyValues
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag  # type: ignore[no-any-return]
            return T_STR
        self.budget -= 2  # its start and its end
        if self.budget < 0:
            raise TooManyValues
        return T_SEQ if kind is yaml.SequenceNode else T_MAP


def compose_counted(text: str) -> Any:
    """Like :func:`compose`, raising :class:`TooManyValues` as soon as the file passes the limit of values.

    For a text without anchors (``&name``): there, every value is a node of its own, and an
    alias cannot compose at all. A text with anchors is counted first (:func:`count_events`),
    since an alias repeats a value without making a node.
    """
    loader = _CountingLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def count_events(text: str) -> Any:
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


class Builder:
    """Turns composed nodes into JSON-shaped values, collecting every refusal."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.issues: list[Issue] = []
        #: The text of each scalar refused for what YAML 1.1 makes of it ('yes', '5:00', '.nan'),
        #: by path: a check that knows what the key expects can say what to write instead.
        self.scalars: dict[tuple[str | int, ...], str] = {}
        # A node object met twice is an alias; only possible when the text has an anchor.
        self.seen: set[int] | None = set() if "&" in text else None
        self._aliases: dict[tuple[str | int, ...], Any] | None = None

    def refuse(self, node: Any, path: tuple[str | int, ...], message: str, hint: str, *, mark: Any = None) -> None:
        m = mark or node.start_mark
        self.issues.append(Issue(self.file, m.line + 1, m.column + 1, path, message, hint))
        if len(self.issues) >= limits.MAX_FILE_ISSUES:
            raise TooMany
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
            self.scalars[path] = value
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
            self.scalars[path] = value
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
            self.scalars[path] = value
            what = "a base-60 number" if ":" in value else "not a finite decimal number"
            self.refuse(
                node,
                path,
                f"'{excerpt(value)}' is read by YAML 1.1 as {what}",
                f'quote this value ("{excerpt(value)}") for text, or write a number such as 2.5',
            )
        if tag == "tag:yaml.org,2002:timestamp":
            self.scalars[path] = value
            self.refuse(
                node, path, f"'{excerpt(value)}' is read by YAML as a date", f'quote this value: "{excerpt(value)}"'
            )
        if tag in _T_SPECIAL and node.style in (None, ""):
            self.scalars[path] = value
            self.refuse(
                node,
                path,
                f"'{excerpt(value)}' has a special meaning in YAML 1.1",
                f'quote this value ("{excerpt(value)}") for text',
            )
        self.refuse(node, path, f"the tag {excerpt(tag)} is not supported", "remove the tag, or quote the value")
        return None  # pragma: no cover - refuse() always raises
