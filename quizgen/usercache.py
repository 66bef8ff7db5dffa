"""The user's cache folder for quizgen: where work that is the same on every run is kept.

Compiled schema validators (:mod:`quizgen.schemacache`) and compiled templates
(:mod:`quizgen.templatecache`) live here: ``$XDG_CACHE_HOME/quizgen``, else
``~/.cache/quizgen``; ``QUIZGEN_CACHE_DIR`` names another folder, or ``off``. Everything in it
is named by what it was made from and is made again when it cannot be read, so deleting the
folder, or any file in it, only costs time.
"""

from __future__ import annotations

import os
from pathlib import Path

from quizgen.fsutil import write_atomic


def folder() -> Path | None:
    """The cache folder, or None when the cache is turned off (or there is no home folder)."""
    named = os.environ.get("QUIZGEN_CACHE_DIR")
    if named:
        return None if named.lower() == "off" else Path(named)
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / "quizgen"
    try:
        return Path.home() / ".cache" / "quizgen"
    except RuntimeError:  # no home folder to be found: make everything every time
        return None


def write(path: Path, data: bytes) -> None:
    """Write whole or not at all (two processes may make the same entry at once); never fail."""
    try:
        write_atomic(path, data)
    except OSError:
        pass  # a read-only home, a full disk: made again next time
