"""Compiled schema validators kept on disk, so that a command does not compile them again.

fastjsonschema turns a schema into Python source and compiles it: about 0.3 s for the
bank and glossary schemas, more than ``quizgen validate`` then spends checking a course of a
few banks. The compiled code is kept in the user's cache folder (:mod:`quizgen.usercache`),
named by a hash of everything it is made from: the schema as given to fastjsonschema,
fastjsonschema's version and the version of Python's bytecode. A changed schema or upgrade
therefore never reads an old entry, and an entry that cannot be read or written is simply
compiled again: the cache only ever saves time, it never changes an answer.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import re
from collections.abc import Callable
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

from quizgen import usercache

#: The generated source defines the schema's own function first, then those it calls.
_FIRST_DEF = re.compile(r"^def (\w+)\(", re.M)


def compiled(fastjsonschema: Any, definition: dict[str, Any]) -> Callable[[Any], Any]:
    """fastjsonschema's validator of ``definition``, from the cache when it holds it."""
    where = usercache.folder()
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
        usercache.write(path, marshal.dumps((entry.group(1), code)))
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
