"""The MkDocs plugin: a thin wrapper that turns core results into pages, logs and errors.

Everything of substance happens in the core (:mod:`quizgen.catalog`, :mod:`quizgen.render`,
:mod:`quizgen.terms`); the hooks only connect it to MkDocs' build:

- ``on_config`` reads the settings and loads and checks the course (reusing unchanged files);
- ``on_files`` adds the generated pages with ``File.generated`` and the packaged assets;
- ``on_page_content`` fills generated pages and adds glossary tooltips to every page;
- ``on_serve`` watches the banks and the sources.

A bank with errors fails ``mkdocs build`` with one error listing every problem, in the same
words as ``quizgen validate``. Under ``mkdocs serve`` the problems are logged and shown on
the generated pages, and the last good version keeps being served until they are fixed.

MkDocs keeps a plugin object that defines ``on_startup`` across the rebuilds of one
``mkdocs serve``, so the per-file cache and the last good catalog live on ``self``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from quizgen import __version__, assets, pages, render, search
from quizgen.catalog import CatalogBuilder, bank_slug, discover
from quizgen.config import QuizgenConfig, settings_from
from quizgen.models import Catalog
from quizgen.report import Issue, format_text, sort_issues
from quizgen.settings import Settings
from quizgen.terms import Matcher, annotate, matcher

log = get_plugin_logger(__name__)

SLOT = '<div class="qg-slot" data-qg-slot></div>'


class QuizgenPlugin(BasePlugin[QuizgenConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.builder: CatalogBuilder | None = None
        self.last_good: Catalog | None = None
        #: Finished bodies of generated pages, by page, with the inputs they were made from:
        #: a save under `mkdocs serve` renders again only the pages whose inputs changed.
        self.rendered: dict[str, tuple[tuple[Any, ...], str]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: Any) -> Any:
        """Load and check the course before anything is rendered, and register the assets."""
        self.catalog: Catalog | None = None
        self.placeholders: list[str] = []
        self.problems: list[Issue] = []
        self.generated: dict[str, pages.Page] = {}
        self.matcher: Matcher | None = None
        if not self.config.enabled:
            return config
        self.settings: Settings
        self.settings, setting_issues = settings_from(config, self.config)
        if self.builder is None or self.builder.root != self.settings.root:
            self.builder = CatalogBuilder(self.settings.root)
        catalog, issues = self.builder.build(settings=self.settings)
        self.problems = sort_issues([*setting_issues, *issues])
        if catalog is not None and not setting_issues:
            self.last_good = catalog
        elif self.serving and self.last_good is not None:
            catalog = self.last_good
        if catalog is None or self.problems and not self.serving:
            if self.serving:
                # Nothing good to show yet: serve pages that list the problems instead,
                # so the author sees them in the browser and links still resolve.
                for issue in self.problems:
                    log.error(issue.format())
                bank_files = discover([self.settings.banks_dir])[0] if self.settings.banks_dir.is_dir() else []
                self.placeholders = pages.placeholder_paths(
                    sorted({bank_slug(p, self.settings.banks_dir) for p in bank_files} - {""})
                )
                self._register_assets(config)
                return config
            raise PluginError(
                "quizgen found problems in the question banks:\n"
                + format_text(self.problems).rstrip()
                + f"\n{len(self.problems)} problem(s); run `quizgen validate` to check again."
            )
        for issue in self.problems:
            log.error(issue.format())
        self.catalog = catalog
        self.matcher = matcher(catalog.terms) if self.settings.tooltips else None
        self._register_assets(config)
        return config

    def _register_assets(self, config: Any) -> None:
        for asset in assets.NAMES:
            target = config.extra_javascript if asset.endswith(".js") else config.extra_css
            if asset not in [str(x) for x in target]:
                target.append(asset)

    # After other plugins, so that a page they add at one of our paths is seen as a conflict.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: Any) -> Files:
        """Add the generated pages (in memory; nothing is written into docs/) and the assets."""
        if not self.config.enabled:
            return files
        if self.catalog is None:
            for src in self.placeholders:
                if files.get_file_from_path(src) is None:
                    files.append(
                        File.generated(
                            config, src, content=f"---\ntitle: Problems in the question banks\n---\n\n{SLOT}\n"
                        )
                    )
            self._add_assets(files, config)
            return files
        planned = pages.plan(self.catalog)
        clashes = [p.src for p in planned if files.get_file_from_path(p.src) is not None]
        if clashes:
            raise PluginError(
                "quizgen generates these pages, but docs/ already has them: "
                + ", ".join(f"docs/{c}" for c in clashes)
                + " (rename or remove those files)"
            )
        for page in planned:
            title = json.dumps(html.escape(" ".join(page.title.split()), quote=False), ensure_ascii=False)
            # Sheets and keys repeat the quizzes for paper: keep them out of search results.
            # Quizzes get their entries from the catalog (on_post_build), not from their HTML.
            meta = "search:\n  exclude: true\n" if page.kind in ("sheet", "key", "quiz") else ""
            files.append(File.generated(config, page.src, content=f"---\ntitle: {title}\n{meta}---\n\n{SLOT}\n"))
            self.generated[page.src] = page
        for old, new in pages.redirects(self.catalog).items():
            if files.get_file_from_path(old) is not None:
                continue  # the site has a page of its own there
            dest = pages.url_of(old, config.use_directory_urls)
            dest = dest + "index.html" if dest.endswith("/") else dest
            target = pages.Links(old, config.use_directory_urls).to(new)
            files.append(File.generated(config, dest, content=render.render_redirect(target)))
        self._add_assets(files, config)
        return files

    def _add_assets(self, files: Files, config: Any) -> None:
        for name, data in assets.files().items():
            files.append(File.generated(config, name, content=data))

    def on_page_content(self, html_text: str, *, page: Any, config: Any, files: Files) -> str:
        """Fill a generated page, show any problems, and mark glossary terms."""
        if not self.config.enabled:
            return html_text
        src = page.file.src_uri
        if self.catalog is None:
            return html_text.replace(SLOT, self._problems_banner()) if src in self.placeholders else html_text
        links = pages.Links(src, config.use_directory_urls)
        generated = self.generated.get(src)
        if generated is not None:
            key = self._inputs(generated, html_text, config)
            cached = self.rendered.get(src)
            if cached is not None and cached[0] == key:
                return cached[1]
            body = render.render_page(generated, self.catalog, links)
            if self.problems:
                body = self._problems_banner() + body
            html_text = self._finish(html_text.replace(SLOT, body), generated.kind, links)
            self.rendered[src] = (key, html_text)
            return html_text
        return self._finish(html_text, "", links)

    def _finish(self, html_text: str, kind: str, links: pages.Links) -> str:
        """The progress panel where a page asks for it, and tooltips where they help (not on paper)."""
        assert self.catalog is not None
        if pages.PROGRESS_MARKER in html_text:
            html_text = html_text.replace(pages.PROGRESS_MARKER, render.render_progress(self.catalog, links))
        if self.matcher is not None and kind not in ("glossary", "sheet", "key"):
            html_text = annotate(html_text, self.matcher, lambda t: links.to(pages.GLOSSARY, anchor=t.slug))
        return html_text

    def _inputs(self, page: pages.Page, content: str, config: Any) -> tuple[Any, ...]:
        """What a generated page's body depends on. Frozen models compare by value, and an
        unchanged file gives back the very same objects, so comparing is cheap."""
        assert self.catalog is not None
        course: tuple[Any, ...] = ()
        if page.kind in ("quiz-index", "glossary") or pages.PROGRESS_MARKER in content:
            course = (
                self.catalog.sources,
                tuple((b.slug, b.source, b.title, len(b.questions)) for b in self.catalog.banks),
            )
        terms = self.catalog.terms if self.matcher is not None or page.kind == "glossary" else ()
        return (
            page,
            content,
            course,
            terms,
            tuple(self.problems),
            config.use_directory_urls,
            self.settings.tooltips,
            __version__,
        )

    # After the search plugin has written its index (priority 0), and before Material's
    # offline plugin (priority -100) turns that index into a script.
    @event_priority(-50)
    def on_post_build(self, *, config: Any) -> None:
        """Add the quizzes' search entries, made from the catalog, to the site's search index."""
        if not self.config.enabled or self.catalog is None:
            return
        index = Path(config.site_dir) / "search" / "search_index.json"
        try:
            data = json.loads(index.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no search plugin, or one that writes another format: nothing to add to
        if not isinstance(data, dict) or not isinstance(data.get("docs"), list):
            return
        data["docs"].extend(search.entries(self.catalog, config.use_directory_urls))
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        """Rebuild when a bank or a source changes, not only when docs/ does."""
        if self.config.enabled:
            watched = {self.settings.banks_dir, self.settings.sources_dir}
            if self.settings.source is not None:
                watched.add(self.settings.source.parent)
            if self.catalog is not None:
                watched.update((self.settings.root / s.file).resolve().parent for s in self.catalog.sources)
            for path in sorted(watched):
                if path.is_dir():
                    server.watch(str(path))
        return server

    def _problems_banner(self) -> Markup:
        items = Markup("").join(Markup("<li><code>{}</code></li>").format(i.format()) for i in self.problems)
        return Markup(
            '<div class="admonition failure qg-problems"><p class="admonition-title">'
            "The question banks have problems. Fix them and save: this page updates by itself. "
            "Until then it shows the last version that had none.</p>"
            "<ul>{}</ul></div>\n"
        ).format(items)
