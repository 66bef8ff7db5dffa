"""Compiled templates kept on disk, so that a command does not compile quizgen's templates again.

Jinja turns each template into Python source and compiles it: about 0.2 s of CPU for
quizgen's pages, sheets and question types, in every ``mkdocs build`` and every command
that renders, before a single question is drawn. Jinja's own bytecode cache keeps the code
in the user's cache folder (:mod:`quizgen.usercache`), checked against the template's
source on every load. What the code also depends on is how the environment compiles
(escaping, extensions, undefined values) and Jinja's version: those name the files, so an
environment that compiles differently never reads another's code. An entry that cannot be
read is compiled again, and one that cannot be written is not kept: the cache only ever
saves time, it never changes a page.
"""

from __future__ import annotations

import hashlib
import os
from io import BytesIO
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from quizgen import usercache

#: What of an environment is compiled into a template's code (jinja2.Environment's options).
_COMPILED = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "autoescape",
    "is_async",
    "finalize",
    "newstyle_gettext",  # set by the i18n extension: read as it compiles a {% trans %} or _()
)


def _stable(value: Any) -> str:
    """``value`` as text that is the same in every process (a function by its name, not its address)."""
    if callable(value) and not isinstance(value, type):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    return repr(value)


def fingerprint(env: jinja2.Environment) -> str:
    """A name for how ``env`` compiles: its options, extensions, undefined and Jinja's version."""
    parts: list[Any] = [jinja2.__version__, type(env).__qualname__, env.undefined.__qualname__]
    parts += [(name, _stable(getattr(env, name, None))) for name in _COMPILED]
    parts += sorted(f"{type(e).__module__}.{type(e).__qualname__}" for e in env.extensions.values())
    parts += sorted((name, _stable(value)) for name, value in env.policies.items())
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:16]


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, which never fails a render: a bad entry is compiled again, and a
    folder that cannot be written keeps nothing."""

    def __init__(self, directory: Path, env: jinja2.Environment) -> None:
        super().__init__(str(directory))
        self.env = env

    def _get_cache_filename(self, bucket: Bucket) -> str:
        # Named as the environment is when the template is compiled, not when the cache was
        # given to it: another plugin may change the theme's environment in between.
        return os.path.join(self.directory, f"template-{fingerprint(self.env)}-{bucket.key}.bin")

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a truncated or foreign file (pickle and marshal raise many kinds)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        data = BytesIO()
        bucket.write_bytecode(data)
        usercache.write(Path(self._get_cache_filename(bucket)), data.getvalue())


def install(env: jinja2.Environment) -> jinja2.Environment:
    """``env`` with its templates' code kept in the cache folder (unless the cache is off)."""
    where = usercache.folder()
    if where is not None:
        env.bytecode_cache = TemplateCache(where, env)
    return env
