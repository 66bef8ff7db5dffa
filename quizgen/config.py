"""The plugin's options, declared, typed and documented (``plugins: [quizgen]`` needs none)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class QuizgenConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it, e.g. ``enabled: !ENV [QUIZGEN, true]``."""

    banks_dir = c.Type(str, default="questions")
    """Folder with the question banks and ``glossary.yml``, relative to ``mkdocs.yml``."""

    source = c.Optional(c.Type(str))
    """The article, relative to ``mkdocs.yml``. Default: the article the banks name."""

    article_title = c.Type(str, default="The article")
    """Title of the generated article page."""

    tooltips = c.Type(bool, default=True)
    """Mark the first occurrence of each glossary term on a page with a tooltip."""
