"""The MkDocs plugin: a thin wrapper that turns core results into pages, logs and errors.

Everything of substance happens in the core (:mod:`quizgen.catalog`, :mod:`quizgen.render`,
:mod:`quizgen.terms`); the hooks only connect it to MkDocs' build:

- ``on_config`` reads the settings and loads and checks the course (reusing unchanged files);
- ``on_files`` adds the generated pages with ``File.generated`` and the packaged assets;
- ``on_nav`` notes the site's order of pages, which the list of quizzes follows;
- ``on_env`` keeps the theme's compiled templates in quizgen's cache folder;
- ``on_page_content`` fills generated pages and adds glossary tooltips to every page;
- ``on_post_page`` fills quizzes, sheets and keys, the heavy pages, as each is written;
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
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from quizgen import __version__, assets, emit, i18n, pages, render, search, templatecache
from quizgen.catalog import CatalogBuilder, bank_slug, discover
from quizgen.config import QuizgenConfig, settings_from
from quizgen.models import Bank, Catalog
from quizgen.report import Issue, format_text, sort_issues
from quizgen.settings import Settings
from quizgen.terms import Matcher, annotate, matcher

log = get_plugin_logger(__name__)

SLOT = '<div class="qg-slot" data-qg-slot></div>'
#: Generated pages filled as they are written (:meth:`QuizgenPlugin.on_post_page`), not when
#: their content is made: the pages that are not searched, and that hold most of the HTML.
LATE = frozenset({"quiz", "sheet", "key"})


class QuizgenPlugin(BasePlugin[QuizgenConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.files_config: Any = None
        self.builder: CatalogBuilder | None = None
        self.last_good: Catalog | None = None
        #: Finished bodies of generated pages, by page, with the inputs they were made from:
        #: a save under `mkdocs serve` renders again only the pages whose inputs changed.
        self.rendered: dict[str, tuple[tuple[Any, ...], str]] = {}
        #: The same for the site's own pages (their tooltips and progress panel), and for each
        #: bank's search entries (serialized), by bank.
        self.finished: dict[str, tuple[tuple[Any, ...], str]] = {}
        self.searched: dict[str, tuple[tuple[Any, ...], str]] = {}
        self.language = i18n.DEFAULT
        self.nav_order: tuple[str, ...] = ()
        #: The site's list of pages and what it says of the course, as of the last finished
        #: build: every page shows them in its menu, so under `--dirty` a change to them
        #: counts as a change to every generated page (:meth:`changed`).
        self.built_shape: tuple[Any, ...] | None = None
        self._course_of: tuple[Catalog, tuple[Any, ...]] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

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
        self.language, known = i18n.resolve(self.settings.language)
        if not known:
            log.warning(
                f"theme.language is '{self.settings.language}', which quizgen does not speak yet: its words "
                f"stay in English (it speaks {', '.join(i18n.shipped())}; see docs/developing.md to add a language)"
            )
        self.nav_order = ()
        if self.builder is None or self.builder.root != self.settings.root:
            self.builder = CatalogBuilder(self.settings.root)
        catalog, issues = self.builder.build(settings=self.settings)
        if not self.serving:
            # Only a rebuild under `mkdocs serve` reuses what the builder keeps of each file (its
            # text, to place problems): a one-off build lets it go before the pages take memory.
            self.builder = None
        found = sort_issues([*setting_issues, *issues])
        # Errors stop a build; the findings of the lint rules are warnings (so that
        # `mkdocs build --strict` stops on them too, as `quizgen lint --strict` does).
        self.problems = [i for i in found if i.severity == "error"]
        for issue in found:
            if issue.severity != "error":
                log.warning(issue.format(level=False))
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

    def _graded(self) -> bool:
        """Whether the site has a graded quiz, whose pages load the receipt's assets too."""
        return self.catalog is not None and any(b.graded for b in self.catalog.banks)

    def _register_assets(self, config: Any) -> None:
        for asset in assets.NAMES + (assets.RECEIPT_NAMES if self._graded() else ()):
            target = config.extra_javascript if asset.endswith(".js") else config.extra_css
            if asset not in [str(x) for x in target]:
                target.append(asset)

    # After other plugins, so that a page they add at one of our paths is seen as a conflict.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: Any) -> Files:
        """Add the generated pages (in memory; nothing is written into docs/) and the assets."""
        if not self.config.enabled:
            return files
        # What `quizgen pages` wrote into docs/ for an engine without plugins, and nobody changed
        # since, is quizgen's own: made afresh here, never a clash.
        for src in emit.owned(Path(config.docs_dir)):
            if (found := files.get_file_from_path(src)) is not None:
                files.remove(found)
        self.files_config = config
        if self.catalog is None:
            for src in self.placeholders:
                if files.get_file_from_path(src) is None:
                    with i18n.using(self.language):
                        title = json.dumps(i18n.gettext("Problems in the question banks"), ensure_ascii=False)
                    files.append(File.generated(config, src, content=f"---\ntitle: {title}\n---\n\n{SLOT}\n"))
            self._add_assets(files, config)
            return files
        planned = pages.plan(self.catalog, self.language)
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
            made = _GeneratedPage.generated(config, page.src, content=f"---\ntitle: {title}\n{meta}---\n\n{SLOT}\n")
            made.plugin = self  # type: ignore[attr-defined]
            files.append(made)
            self.generated[page.src] = page
        for old, new in pages.redirects(self.catalog).items():
            if files.get_file_from_path(old) is not None:
                continue  # the site has a page of its own there
            dest = pages.url_of(old, config.use_directory_urls)
            dest = dest + "index.html" if dest.endswith("/") else dest
            target = pages.Links(old, config.use_directory_urls).to(new)
            files.append(File.generated(config, dest, content=render.render_redirect(target, language=self.language)))
        self._add_assets(files, config)
        return files

    def _add_assets(self, files: Files, config: Any) -> None:
        found = {**assets.files(), **(assets.receipt_files() if self._graded() else {})}
        for name, data in found.items():
            files.append(File.generated(config, name, content=data))

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        """Note the order in which the site lists its pages: the list of quizzes follows it."""
        if self.config.enabled:
            self.nav_order = tuple(p.file.src_uri for p in nav.pages if getattr(p, "file", None) is not None)
        return nav

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        """Keep the theme's compiled templates in quizgen's cache folder, as quizgen's own are.

        MkDocs makes a new environment for every build, and Material's templates (the page,
        its header, menu and search: about 40) are compiled again each time: about 0.3 s of
        every build and of every save under `mkdocs serve`. Jinja's bytecode cache checks each
        entry against the template's source and quizgen's names it by how the environment
        compiles (:mod:`quizgen.templatecache`), so a changed theme or override never reads
        old code. Nothing is done when the theme already has a cache, or the cache is off.
        """
        if self.config.enabled and env.bytecode_cache is None:
            templatecache.install(env)
        return env

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
            if generated.kind in LATE:
                # Its heading now (Material adds a heading of its own to a page without one),
                # the rest in on_post_page.
                return html_text.replace(SLOT, f"{render.page_heading(generated)}{SLOT}", 1)
            return self._generated(generated, html_text, links, config)
        # The site's own page: the same text with the same glossary and courses gives the same result.
        mine = (
            html_text,
            self.catalog.terms if self.matcher is not None else (),
            self._inputs_of_progress() if pages.PROGRESS_MARKER in html_text else (),
            config.use_directory_urls,
            self.language,
        )
        done = self.finished.get(src)
        if done is None or done[0] != mine:
            done = (mine, self._finish(html_text, "", links))
            self.finished[src] = done
        return done[1]

    # First: the other plugins' on_post_page (minifiers, the privacy plugin) see the finished page.
    @event_priority(100)
    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        """Fill a quiz, sheet or key page, as the page is written.

        MkDocs makes every page's content first and writes the pages after, so content filled
        in ``on_page_content`` stays in memory until the last page is written: at 10,000
        questions, 80 MB of quizzes, sheets and keys. Filled here, each is let go once written.
        Nothing else needs their content before: their search entries come from the catalog
        (and sheets and keys are kept out of search), and Material's search plugin no longer
        runs its regular expression over megabytes of quiz HTML.
        """
        if not self.config.enabled or self.catalog is None:
            return output
        src = page.file.src_uri
        generated = self.generated.get(src)
        if generated is None or generated.kind not in LATE:
            return output
        at = output.find(SLOT)
        if at < 0:
            raise PluginError(
                f"the page {src} lost the place where quizgen fills it (another plugin or a theme override "
                f"changed its content); keep {{{{ page.content }}}} in the template"
            )
        links = pages.Links(src, config.use_directory_urls)
        return output[:at] + self._generated(generated, SLOT, links, config, heading=False) + output[at + len(SLOT) :]

    def _generated(
        self, generated: pages.Page, content: str, links: pages.Links, config: Any, *, heading: bool = True
    ) -> str:
        """A generated page's finished content, made again only when its inputs changed."""
        assert self.catalog is not None
        src = generated.src
        key = self._inputs(generated, content, config)
        cached = self.rendered.get(src)
        if cached is not None and cached[0] == key:
            return cached[1]
        body = render.render_page(
            generated, self.catalog, links, language=self.language, nav=self.nav_order, heading=heading
        )
        if self.problems:
            body = self._problems_banner() + body
        finished = self._finish(content.replace(SLOT, body), generated.kind, links)
        if self.serving:  # the next save reuses it; a one-off build lets each page go once written
            self.rendered[src] = (key, finished)
        return finished

    def _finish(self, html_text: str, kind: str, links: pages.Links) -> str:
        """The progress panel where a page asks for it, and tooltips where they help (not on paper)."""
        assert self.catalog is not None
        if pages.PROGRESS_MARKER in html_text:
            progress = render.render_progress(self.catalog, links, nav=self.nav_order, language=self.language)
            html_text = html_text.replace(pages.PROGRESS_MARKER, progress)
        if self.matcher is not None and kind not in ("glossary", "sheet", "key"):
            # quizgen's own pages are well formed, which lets the tooltips be placed faster.
            html_text = annotate(
                html_text, self.matcher, lambda t: links.to(pages.GLOSSARY, anchor=t.slug), own=bool(kind)
            )
        return html_text

    def changed(self, src: str) -> bool:
        """Whether a generated page's inputs changed since it was last rendered (see :class:`_GeneratedPage`)."""
        page, cached = self.generated.get(src), self.rendered.get(src)
        if page is None or cached is None or self.built_shape != self._shape():
            return True
        # The page's own Markdown is its front matter and the slot: what it gave last time, it gives again.
        content = cached[0][1]
        return cached[0] != self._inputs(page, content, self.files_config)

    def _shape(self) -> tuple[Any, ...]:
        """What the menu of every page shows: the pages in order, and the quizzes' titles."""
        return (self.nav_order, self._course())

    def _course(self) -> tuple[Any, ...]:
        """What the list of quizzes and the progress panel show of the course.

        Made once per catalog: every generated page asks for it, and at 10,000 questions
        making it for each of them cost a tenth of a save under `mkdocs serve --dirty`.
        """
        catalog = self.catalog
        assert catalog is not None
        if self._course_of is None or self._course_of[0] is not catalog:
            course = (
                catalog.sources,
                tuple((b.slug, b.source, b.title, b.mode, tuple(q.id for q in b.questions)) for b in catalog.banks),
            )
            self._course_of = (catalog, course)
        return self._course_of[1]

    def _inputs_of_progress(self) -> tuple[Any, ...]:
        return (self._course(), self.nav_order, self.settings.answer_keys, self.language)

    def _inputs(self, page: pages.Page, content: str, config: Any) -> tuple[Any, ...]:
        """What a generated page's body depends on. Frozen models compare by value, and an
        unchanged file gives back the very same objects, so comparing is cheap."""
        assert self.catalog is not None
        course: tuple[Any, ...] = ()
        if page.kind in ("quiz-index", "glossary") or pages.PROGRESS_MARKER in content:
            course = self._course()
        tooltips = self.matcher is not None and page.kind not in ("glossary", "sheet", "key")
        terms = self.catalog.terms if tooltips or page.kind == "glossary" else ()
        return (
            page,
            content,
            course,
            terms,
            tuple(self.problems),
            config.use_directory_urls,
            self.settings.tooltips,
            self.settings.answer_keys,
            self.language,
            self.nav_order if course else (),
            __version__,
        )

    # After the search plugin has written its index (priority 0), and before Material's
    # offline plugin (priority -100) turns that index into a script.
    @event_priority(-50)
    def on_post_build(self, *, config: Any) -> None:
        """Add the quizzes' search entries, made from the catalog, to the site's search index."""
        if not self.config.enabled or self.catalog is None:
            return
        self.built_shape = self._shape()
        index = Path(config.site_dir) / "search" / "search_index.json"
        try:
            text = index.read_text(encoding="utf-8")
        except OSError:
            return  # no search plugin: nothing to add to
        items = [self._search_items(bank, config.use_directory_urls) for bank in self.catalog.banks]
        done = search.add_to_index(text, items)
        if done is None:  # another shape of index: add to it the long way, if it has documents
            try:
                data = json.loads(text)
            except ValueError:
                return
            if not isinstance(data, dict) or not isinstance(data.get("docs"), list):
                return
            data["docs"].extend(search.entries(self.catalog, config.use_directory_urls, self.language))
            done = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        index.write_text(done, encoding="utf-8")

    def _search_items(self, bank: Bank, use_directory_urls: bool) -> str:
        """One bank's search entries, serialized; made again only when the bank or what they show of it changed."""
        assert self.catalog is not None
        source = self.catalog.source(bank.source)
        key = (bank, source.title, use_directory_urls, self.language, __version__)
        cached = self.searched.get(bank.slug)
        if cached is None or cached[0] != key:
            cached = (key, search.serialized(search.bank_entries(bank, source, use_directory_urls, self.language)))
            self.searched[bank.slug] = cached
        return cached[1]

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
        with i18n.using(self.language):
            title = i18n.gettext(
                "The question banks have problems. Fix them and save: this page updates by itself. "
                "Until then it shows the last version that had none."
            )
        return Markup(
            '<div class="admonition failure qg-problems"><p class="admonition-title">{}</p><ul>{}</ul></div>\n'
        ).format(title, items)


class _GeneratedPage(File):
    """A generated page that counts as changed only when its inputs did.

    MkDocs takes a file made from content in memory as changed on every build, so that
    ``mkdocs serve --dirty`` would render every quiz, sheet and key again on every save. This
    one asks the plugin, which knows what the page was made from.
    """

    plugin: QuizgenPlugin | None = None
    _modified: bool | None = None

    def is_modified(self) -> bool:
        # Asked before the page is read and again before it is written: the first answer holds
        # (by the second, the page has been rendered from its new inputs).
        if self._modified is None:
            plugin = self.plugin
            self._modified = (
                plugin is None
                or not plugin.dirty
                or not os.path.isfile(self.abs_dest_path)
                or plugin.changed(self.src_uri)
            )
        return self._modified
