"""Shared fixtures: small real projects in temporary folders, built with the real MkDocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_987c6cd902e74af3.txt"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
#: The seed's source id (from its file name) and its pages, in the test projects.
SEED_ID = "000-987c6cd902e74af3"
ARTICLE = f"articles/{SEED_ID}.html"
ARTICLE_PRINT = f"article-{SEED_ID}"

MKDOCS_YML = """\
site_name: Test site
site_url: !ENV [QG_SITE_URL, "http://127.0.0.1:8000/"]
use_directory_urls: {directory_urls}
theme:
  name: material
  font: false
  features: [navigation.instant]
plugins:
  - search
  - quizgen
"""

GOOD_BANK = """\
source: ../seeds/000_987c6cd902e74af3.txt
topic: events
title: Events
questions:
  - id: ev-plane
    type: single
    difficulty: recall
    prompt: Where was the commercial plane fired upon?
    choices:
      - text: Bacha Khan International Airport in Peshawar
        correct: true
      - text: Jinnah International Airport in Karachi
        feedback: That airport was attacked earlier in the month.
    explanation: The first sentence says so.
    evidence: a commercial plane in Peshawar, Pakistan was fired upon
  - id: ev-dead
    type: numeric
    difficulty: recall
    prompt: How many airport personnel were killed in Karachi?
    answer: 36
    explanation: Paragraph 2 gives the figure.
    evidence: killed 36 airport personnel
"""

GLOSSARY = """\
terms:
  - term: TTP
    expansion: Tehrik-e-Taliban Pakistan
    definition: An armed group that fights the government of Pakistan.
  - term: FATA
    expansion: Federally Administered Tribal Areas
    definition: A region in north-west Pakistan.
"""


def write_project(
    root: Path,
    banks: dict[str, str] | None = None,
    glossary: str | None = GLOSSARY,
    *,
    directory_urls: bool = False,
    index: str = "# Home\n\n<!-- quizgen:progress -->\n",
) -> Path:
    """A minimal quizgen project: mkdocs.yml, docs/index.md, the seed and the given banks."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "seeds").mkdir(exist_ok=True)
    (root / "questions").mkdir(exist_ok=True)
    shutil.copyfile(SEED, root / "seeds" / SEED.name)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(directory_urls=str(directory_urls).lower()), encoding="utf-8")
    (root / "docs" / "index.md").write_text(index, encoding="utf-8")
    for name, text in (banks if banks is not None else {"events.yml": GOOD_BANK}).items():
        (root / "questions" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    if glossary is not None:
        (root / "questions" / "glossary.yml").write_text(glossary, encoding="utf-8")
    return root


def mkdocs_build(
    project: Path, site: Path, *, strict: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` in a subprocess, exactly as a user runs it."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if strict:
        cmd.append("--strict")
    return subprocess.run(cmd, capture_output=True, text=True, env={**ENV, **(env or {})}, timeout=300)


def quizgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The quizgen CLI in a subprocess (python -m quizgen)."""
    return subprocess.run(
        [sys.executable, "-m", "quizgen", *args], capture_output=True, text=True, cwd=cwd, env=ENV, timeout=300
    )


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    def make(*args: object, **kwargs: object) -> Path:
        return write_project(tmp_path / "proj", *args, **kwargs)  # type: ignore[arg-type]

    return make
