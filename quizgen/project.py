"""The project's settings as ``mkdocs.yml`` gives them to the plugin, read without MkDocs.

The command line and the plugin must agree on where the banks are, which article they are
about and what it is called, or ``quizgen sheets`` would print another title than the site
shows. ``mkdocs.yml`` may use MkDocs' own tags (``!ENV``, ``!relative``); they are read as
"not set" here, and the defaults apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_BANKS = "questions"
DEFAULT_TITLE = "The article"


@dataclass(frozen=True)
class Settings:
    root: Path
    banks_dir: Path
    source: Path | None = None
    article_title: str = DEFAULT_TITLE


class _Lenient(yaml.SafeLoader):
    """SafeLoader that reads any unknown tag as null instead of failing."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


def settings(config_file: Path = Path("mkdocs.yml")) -> Settings:
    """Settings from ``config_file``'s ``quizgen`` plugin entry, or the defaults."""
    root = config_file.resolve().parent
    options: dict[str, Any] = {}
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Lenient)  # noqa: S506 - a SafeLoader
    except (OSError, yaml.YAMLError, ValueError):
        data = None
    plugins = data.get("plugins") if isinstance(data, dict) else None
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("quizgen"), dict):
            options = entry["quizgen"]
    if isinstance(plugins, dict) and isinstance(plugins.get("quizgen"), dict):
        options = plugins["quizgen"]

    def text(key: str) -> str | None:
        value = options.get(key)
        return value if isinstance(value, str) and value.strip() else None

    return Settings(
        root=root,
        banks_dir=root / (text("banks_dir") or DEFAULT_BANKS),
        source=root / s if (s := text("source")) else None,
        article_title=text("article_title") or DEFAULT_TITLE,
    )
