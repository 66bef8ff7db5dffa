"""Compiled schema validators kept on disk, so that a command does not compile them again.

fastjsonschema turns a schema into Python source and compiles it: about 0.3 s for the
bank and glossary schemas, more than ``quizgen validate`` then spends checking a course of a
few banks. The compiled code is kept in the user's cache folder (``$XDG_CACHE_HOME/quizgen``,
else ``~/.cache/quizgen``; ``QUIZGEN_CACHE_DIR`` names another, or ``off``), named by a hash of
everything it is made from: the schema as given to fastjsonschema, fastjsonschema's version
and the version of Python's bytecode. A changed schema or upgrade therefore never reads an
old entry, and an entry that cannot be read or written is simply compiled again: the cache
only ever saves time, it never changes an answer.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import tempfile
from collections.abc import Callable
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

#: The generated source defines the schema's own function first, then those it calls.
_FIRST_DEF = re.compile(r"^def (\w+)\(", re.M)


def folder() -> Path | None:
    """Where compiled validators are kept, or None when the cache is turned off."""
    named = os.environ.get("QUIZGEN_CACHE_DIR")
    if named:
        return None if named.lower() == "off" else Path(named)
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / "quizgen"
    try:
        return Path.home() / ".cache" / "quizgen"
    except RuntimeError:  # no home folder to be found: compile every time
        return None


def compiled(fastjsonschema: Any, definition: dict[str, Any]) -> Callable[[Any], Any]:
    """fastjsonschema's validator of ``definition``, from the cache when it holds it."""
    where = folder()
    made = json.dumps(definition, sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(f"{fastjsonschema.VERSION}\0{MAGIC_NUMBER.hex()}\0{made}".encode()).hexdigest()[:40]
    path = where / f"schema-{key}.bin" if where else None
    cached = _read(path) if path else None
    found = _run(*cached) if cached is not None else None
    if found is not None:
        return found
    source = fastjsonschema.compile_to_code(definition)
    entry = _FIRST_DEF.search(source)
    code = compile(source, "<quizgen schema>", "exec")
    found = _run(entry.group(1), code) if entry else None
    if entry is None or found is None:  # not as this module expects it: fastjsonschema's own way
        return fastjsonschema.compile(definition)  # type: ignore[no-any-return]
    if path:
        _write(path, marshal.dumps((entry.group(1), code)))
    return found


def _run(entry: str, code: CodeType) -> Callable[[Any], Any] | None:
    namespace: dict[str, Any] = {}
    try:
        exec(code, namespace)
    except Exception:
        return None
    found = namespace.get(entry)
    return found if callable(found) else None


def _read(path: Path) -> tuple[str, CodeType] | None:
    try:
        entry, code = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return (entry, code) if isinstance(entry, str) and isinstance(code, CodeType) else None


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: two processes may compile the same schema at once."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".schema-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only home, a full disk: compiled again next time
