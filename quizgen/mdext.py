"""A Python-Markdown extension: the plugin's work on a site's own pages, for Zensical.

Zensical runs no MkDocs plugin, but it runs the Markdown extensions that ``mkdocs.yml``
lists. With ``markdown_extensions: [quizgen.mdext]`` this one does, on the teacher's own
pages, what the plugin's ``on_page_content`` does there: it fills
``<!-- quizgen:progress -->`` with the progress panel and marks the first use of each
glossary term with a tooltip. The generated pages (written by ``quizgen pages``, front matter
``generator: quizgen``) are finished already and left alone.

The relative links need the page being rendered, which Zensical gives every extension
through its rendering context. MkDocs gives none, and there the extension does nothing: the
plugin does this work. So one ``mkdocs.yml`` can list both.

The course is read through :func:`quizgen.config.read_settings`, as the command line reads
it, and loaded again only when one of its files changed. A course with errors leaves the
pages as they are (``quizgen pages`` reports the problems).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from quizgen import emit, i18n, pages, render
from quizgen.catalog import CatalogBuilder
from quizgen.models import Catalog
from quizgen.settings import Settings
from quizgen.terms import Matcher, annotate, matcher

_lock = threading.Lock()
#: By config file: the input stamp, and the course loaded from it.
_courses: dict[Path, tuple[object, Settings, Catalog | None, Matcher | None]] = {}
_builders: dict[Path, CatalogBuilder] = {}


def _course(config_file: Path) -> tuple[Settings, Catalog | None, Matcher | None]:
    from quizgen.config import read_settings

    with _lock:
        cached = _courses.get(config_file)
        if cached is not None and cached[0] == emit.stamp(emit.inputs(cached[1]), skip=cached[1].docs_dir):
            return cached[1], cached[2], cached[3]
        settings, issues = read_settings(config_file)
        catalog = None
        if not any(i.severity == "error" for i in issues):
            builder = _builders.setdefault(settings.root, CatalogBuilder(settings.root))
            catalog, _ = builder.build(settings=settings)
        terms = matcher(catalog.terms) if catalog is not None and settings.tooltips else None
        _courses[config_file] = (emit.stamp(emit.inputs(settings), skip=settings.docs_dir), settings, catalog, terms)
        return settings, catalog, terms


def _page(md: Markdown) -> Any:
    """The page Zensical is rendering (``path`` relative to docs/, ``meta``), or None."""
    if "rendering_context" not in md.preprocessors:
        return None
    return getattr(md.preprocessors["rendering_context"], "page", None)


class _OwnPages(Postprocessor):
    def __init__(self, md: Markdown, config_file: str) -> None:
        super().__init__(md)
        self.config_file = config_file

    def _config(self) -> Path:
        context = self.md.preprocessors["rendering_context"]
        root = Path((getattr(context, "config", None) or {}).get("root_dir") or ".")
        return (root / self.config_file).resolve()

    def run(self, text: str) -> str:
        page = _page(self.md)
        src = getattr(page, "path", None)
        meta = getattr(page, "meta", None) or {}
        if not isinstance(src, str) or not src.endswith(".md") or meta.get("generator") == "quizgen":
            return text
        progress = pages.PROGRESS_MARKER in text
        # Zensical also renders titles and table-of-contents labels through Markdown, one
        # short fragment at a time: a tooltip belongs only in a page's body, which has paragraphs.
        body = "<p" in text or "<li" in text
        if not progress and not body:
            return text
        settings, catalog, terms = _course(self._config())
        if catalog is None:
            return text
        links = pages.Links(src, settings.use_directory_urls, source_links=True)
        if progress:
            language = i18n.resolve(settings.language)[0]
            order = emit.nav_order(settings, pages.plan(catalog, language))
            panel = render.render_progress(catalog, links, nav=order, language=language)
            text = text.replace(pages.PROGRESS_MARKER, panel)
        if terms is not None and body:
            text = annotate(text, terms, emit.term_link(links))
        return text


class QuizgenExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"config_file": ["mkdocs.yml", "The course's mkdocs.yml, relative to the project's folder."]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Last, once raw HTML (the marker is an HTML comment) is back in the text.
        md.postprocessors.register(_OwnPages(md, str(self.getConfig("config_file"))), "quizgen", 0)


def makeExtension(**kwargs: Any) -> QuizgenExtension:  # noqa: N802 (Python-Markdown's name)
    return QuizgenExtension(**kwargs)
