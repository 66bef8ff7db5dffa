"""One YAML file as JSON-shaped data, and the way back from a JSON path to its line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizgen.report import Issue, Step
from quizgen.yamlnodes import compose


@dataclass
class Document:
    """One YAML file as JSON-shaped data, plus what is needed to locate problems in it."""

    file: str
    path: Path
    text: str
    data: Any
    _root: Any = field(default=None, repr=False)
    #: JSON paths of values the loader refused; checks below them are moot.
    refused: frozenset[tuple[Step, ...]] = frozenset()
    #: The text of each scalar refused for what YAML 1.1 reads it as ('yes', '5:00'), by path.
    refused_scalars: dict[tuple[Step, ...], str] = field(default_factory=dict)
    #: Lines whose leading tabs were read as spaces to check the rest of the file (line ->
    #: (characters of indentation written, characters read)), so columns stay the editor's.
    retabbed: dict[int, tuple[int, int]] = field(default_factory=dict)
    _index: dict[int, dict[str, tuple[Any, Any]]] = field(default_factory=dict, repr=False)

    def covers(self, issue: Issue) -> bool:
        """Whether ``issue`` is about a value the loader already refused (and reported)."""
        if not self.refused:
            return False
        path = issue.path
        return any(path[:k] in self.refused for k in range(len(path) + 1))

    @property
    def composed(self) -> bool:
        """Whether the node tree is in memory (it is composed again when a problem needs placing)."""
        return self._root is not None

    def forget(self) -> None:
        """Drop the node tree composed to place problems (a site's worth of them is hundreds of MB)."""
        self._root = None
        self._index = {}

    def locate(self, json_path: tuple[str | int, ...], *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``json_path``, or of its key.

        Walks as far down the path as the file goes, so a missing key is placed at the
        mapping that should hold it.
        """
        if self._root is None:
            try:
                self._root = compose(self.text)
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
        line, column = mark.line + 1, mark.column + 1
        shift = self.retabbed.get(line)
        if shift is not None and column > shift[1]:
            column -= shift[1] - shift[0]
        return (line, column)

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
