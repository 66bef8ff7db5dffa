"""A course's settings as the core sees them: plain values, no MkDocs.

:func:`quizgen.config.read_settings` fills them from ``mkdocs.yml`` through MkDocs' own
config loading (so ``!ENV`` and ``INHERIT`` work) for the command line and the plugin
alike; the defaults live once, on the plugin's typed config, and are copied here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quizgen.models import DEFAULT_TOPICS, Topic


@dataclass(frozen=True)
class Settings:
    root: Path  # the folder of mkdocs.yml (or the working folder)
    banks_dir: Path
    sources_dir: Path
    #: One article named in the settings (the older, single-source way); joins the sources.
    source: Path | None = None
    #: Title of an article whose details give none.
    article_title: str = "The article"
    tooltips: bool = True
    #: The default mode of the banks, "practice" or "graded" (a bank's ``mode:`` overrides it).
    mode: str = "practice"
    #: Where answer keys go: "site", "teacher" (only ``quizgen sheets``) or "none".
    answer_keys: str = "site"
    topics: tuple[Topic, ...] = field(default=DEFAULT_TOPICS)
    site_name: str = ""
    language: str = "en"
    use_directory_urls: bool = True
    config_file: Path | None = None
    #: The folder of the site's own pages (``docs_dir``), where ``quizgen pages`` writes.
    docs_dir: Path | None = None
    #: The pages ``nav:`` lists, in order (source paths). Where no plugin sees the site's
    #: navigation (``quizgen pages``), the list of quizzes follows it.
    nav: tuple[str, ...] = ()


def defaults(root: Path) -> Settings:
    """Settings for a folder without ``mkdocs.yml``."""
    return Settings(root=root, banks_dir=root / "questions", sources_dir=root / "sources")
