"""The files every quizgen page loads: one stylesheet and one script, both local.

The script is the core (``assets/quizgen/quizgen.js``: storage, the quiz lifecycle, evidence
highlighting) followed by each question type's grader (``qtypes/<type>.js``), joined here
once, so a page makes one request whatever the number of types, and a new type ships its
grader beside its module.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from quizgen import qtypes

CSS = "assets/quizgen/quizgen.css"
JS = "assets/quizgen/quizgen.js"
NAMES = (CSS, JS)


@cache
def files() -> dict[str, bytes]:
    """Each asset's path in the site and its bytes (the same bytes on every build)."""
    base = resources.files("quizgen")
    css = base.joinpath(CSS).read_bytes()
    js = base.joinpath(JS).read_text(encoding="utf-8") + qtypes.scripts()
    return {CSS: css, JS: js.encode("utf-8")}
