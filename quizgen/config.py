"""The plugin's options, declared, typed and documented, and the one settings reader.

``plugins: [quizgen]`` needs no option. :func:`read_settings` reads ``mkdocs.yml`` through
MkDocs' own config loading (so ``!ENV``, ``!relative`` and ``INHERIT`` work) and turns it
into the core's plain :class:`quizgen.settings.Settings`; the command line and the plugin
both use it, so ``quizgen sheets`` prints the titles the site shows.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from quizgen.i18n import gettext, using
from quizgen.models import DEFAULT_TOPICS, Topic
from quizgen.report import Issue
from quizgen.settings import Settings, defaults


class QuizgenConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it, e.g. ``enabled: !ENV [QUIZGEN, true]``."""

    # -- where things are
    banks_dir = c.Type(str, default="questions")
    """Folder with the question banks and ``glossary.yml``, relative to ``mkdocs.yml``."""

    sources_dir = c.Type(str, default="sources")
    """Folder with the source articles (``.txt`` or ``.md``), each with an optional ``.yml`` of details."""

    source = c.Optional(c.Type(str))
    """One more article, relative to ``mkdocs.yml``, for a course that keeps it outside ``sources_dir``."""

    # -- what the pages say
    article_title = c.Optional(c.Type(str))
    """Title of an article whose details file gives none (default: "The article", in the site's language)."""

    topics = c.ListOfItems(c.Type((str, dict)), default=[])
    """The course's topics, in order: ids (``events``) or ``{id: ..., title: ...}``.

    Default: events, actors, arguments, other."""

    tooltips = c.Type(bool, default=True)
    """Mark the first occurrence of each glossary term on a page with a tooltip."""

    # -- graded quizzes and answer keys (docs/graded.md)
    mode = c.Choice(("practice", "graded"), default="practice")
    """``practice``: quizzes grade themselves in the browser. ``graded``: the pages hold no answers,
    and students hand in a receipt that ``quizgen grade`` marks. A bank's own ``mode:`` overrides it."""

    answer_keys = c.Choice(("site", "teacher", "none"), default="site")
    """Where the answer keys of practice banks go: ``site`` (pages of the site), ``teacher`` (only
    ``quizgen sheets``, never the site) or ``none``. Graded banks never have one in the site."""


def _topics(raw: list[Any]) -> tuple[tuple[Topic, ...], list[str]]:
    if not raw:
        return DEFAULT_TOPICS, []
    out: list[Topic] = []
    problems: list[str] = []
    for item in raw:
        if isinstance(item, str) and item:
            out.append(Topic(item, item.replace("-", " ").capitalize()))
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            out.append(Topic(item["id"], str(item.get("title") or item["id"])))
        else:
            problems.append(f"a topic must be an id or {{id: ..., title: ...}}, not {item!r}")
    return tuple(out), problems


def _default_title(language: str) -> str:
    with using(language):
        return gettext("The article")


def nav_pages(nav: Any) -> tuple[str, ...]:
    """The pages that ``nav:`` lists, in order, as source paths (links elsewhere left out)."""
    out: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, str):
            if item.endswith(".md") and "://" not in item:
                out.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav)
    return tuple(out)


def settings_from(mkdocs_config: Any, options: Any) -> tuple[Settings, list[Issue]]:
    """The core's settings from a loaded MkDocs config and the plugin's options."""
    config_file = Path(mkdocs_config.config_file_path or "mkdocs.yml").resolve()
    root = config_file.parent
    topics, problems = _topics(list(options.get("topics") or []))
    issues = [
        Issue(str(config_file.name), 1, 1, ("plugins", "quizgen", "topics"), p, "see docs/authoring.md")
        for p in problems
    ]
    theme = mkdocs_config.theme
    language = (theme.get("language") if hasattr(theme, "get") else None) or "en"
    return (
        Settings(
            root=root,
            banks_dir=root / options.get("banks_dir", "questions"),
            sources_dir=root / options.get("sources_dir", "sources"),
            source=root / s if (s := options.get("source")) else None,
            article_title=options.get("article_title") or _default_title(str(language)),
            tooltips=bool(options.get("tooltips", True)),
            mode=str(options.get("mode") or "practice"),
            answer_keys=str(options.get("answer_keys") or "site"),
            topics=topics,
            site_name=mkdocs_config.site_name or "",
            language=str(language),
            use_directory_urls=bool(mkdocs_config.use_directory_urls),
            config_file=config_file,
            docs_dir=Path(mkdocs_config.docs_dir) if mkdocs_config.docs_dir else None,
            nav=nav_pages(mkdocs_config.nav),
        ),
        issues,
    )


def read_settings(config_file: Path | None = None) -> tuple[Settings, list[Issue]]:
    """The settings of the course whose ``mkdocs.yml`` is ``config_file`` (default: in the working folder)."""
    from mkdocs import exceptions
    from mkdocs.config import load_config

    path = config_file or Path("mkdocs.yml")
    if not path.is_file():
        if config_file is not None:
            return defaults(Path.cwd()), [Issue(str(path), 1, 1, (), "no such file", "give the path of mkdocs.yml")]
        return defaults(Path.cwd()), []
    log = logging.getLogger("mkdocs")
    level = log.level
    log.setLevel(logging.ERROR)  # MkDocs' own warnings belong to `mkdocs build`, not to every quizgen command
    try:
        mkdocs_config = load_config(str(path))
    except (exceptions.ConfigurationError, exceptions.Abort, OSError, ValueError) as err:
        return defaults(path.resolve().parent), [
            Issue(
                str(path),
                1,
                1,
                (),
                f"cannot read {path.name}: {' '.join(str(err).split())}",
                "run `mkdocs build` to see the details",
            )
        ]
    finally:
        log.setLevel(level)
    plugin = mkdocs_config.plugins.get("quizgen")
    options = plugin.config if plugin is not None else QuizgenConfig()
    if plugin is None:
        options.load_dict({})
        options.validate()
    return settings_from(mkdocs_config, options)
