"""The one place that decides which pages quizgen generates, at which paths, and the links between them.

Paths are stable and documented (README, "Generated pages") so that a site can list them in
``nav:`` and link to them from its own pages:

- ``articles/<source>.md`` for each source (and, in a course of one source, ``article.md``
  as a redirect to it, the address earlier versions used);
- ``quizzes/index.md``, ``quizzes/<bank>.md``, ``glossary.md``;
- ``sheets/<bank>.md`` and ``sheets/<bank>-key.md``.

The same names serve print documents (``quizgen sheets``), flattened into one folder.
Links are computed here, relative to the page they appear on, for both
``use_directory_urls`` settings, so the same output works on any static host and from
``file://``. This module also refuses banks whose pages would take another page's place.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from quizgen.i18n import current, gettext, using
from quizgen.models import Bank, Catalog, Source
from quizgen.report import Issue

ARTICLES = "articles"
LEGACY_ARTICLE = "article.md"
GLOSSARY = "glossary.md"
QUIZ_INDEX = "quizzes/index.md"
#: Where a site's own page can ask for the progress panel (Markdown keeps HTML comments).
PROGRESS_MARKER = "<!-- quizgen:progress -->"


def article_page(source: Source | str) -> str:
    sid = source if isinstance(source, str) else source.id
    return f"{ARTICLES}/{sid}.md"


def quiz_page(bank: Bank) -> str:
    return f"quizzes/{bank.slug}.md"


def sheet_page(bank: Bank) -> str:
    return f"sheets/{bank.slug}.md"


def key_page(bank: Bank) -> str:
    return f"sheets/{bank.slug}-key.md"


def bank_pages(bank: Bank) -> tuple[str, str, str]:
    """The pages a bank gets: its quiz, its study sheet and its answer key."""
    return quiz_page(bank), sheet_page(bank), key_page(bank)


@dataclass(frozen=True)
class Page:
    """A generated page: its source path, its title (plain text) and what kind it is."""

    src: str
    title: str
    kind: str  # article, glossary, quiz-index, quiz, sheet, key
    bank: Bank | None = None
    source: Source | None = None


def sheet_title(bank: Bank, *, key_mode: bool, version: str = "") -> str:
    """The title of a bank's study sheet or answer key (of a printed ``version``), in the language in use."""
    if version and key_mode:
        message = gettext("%(title)s — answer key, version %(version)s")
    elif version:
        message = gettext("%(title)s — study sheet, version %(version)s")
    elif key_mode:
        message = gettext("%(title)s — answer key")
    else:
        message = gettext("%(title)s — study sheet")
    return message % {"title": bank.title, "version": version}


def plan(catalog: Catalog, language: str | None = None, *, printing: bool = False) -> list[Page]:
    """Every page to generate, in a fixed order, with titles in ``language`` (default: the one in use).

    ``printing`` plans the print documents of ``quizgen sheets``, for the teacher: they have
    the answer keys that the site leaves out (:func:`has_key`).
    """
    with using(language or current()):
        return _plan(catalog, printing)


def has_key(catalog: Catalog, bank: Bank, *, printing: bool = False) -> bool:
    """Whether ``bank``'s answer key is made: on paper unless ``answer_keys: none``; in the site
    only with ``answer_keys: site``, and never for a graded bank (docs/graded.md)."""
    if catalog.answer_keys == "none":
        return False
    return printing or (catalog.answer_keys == "site" and not bank.graded)


def _plan(catalog: Catalog, printing: bool = False) -> list[Page]:
    out = [Page(article_page(s), s.title, "article", source=s) for s in catalog.sources]
    out.append(Page(QUIZ_INDEX, gettext("Quizzes"), "quiz-index"))
    for bank in catalog.banks:
        out.append(Page(quiz_page(bank), bank.title, "quiz", bank, catalog.source(bank.source)))
    if catalog.terms:
        out.append(Page(GLOSSARY, gettext("Glossary"), "glossary"))
    for bank in catalog.banks:
        src = catalog.source(bank.source)
        out.append(Page(sheet_page(bank), sheet_title(bank, key_mode=False), "sheet", bank, src))
        if has_key(catalog, bank, printing=printing):
            out.append(Page(key_page(bank), sheet_title(bank, key_mode=True), "key", bank, src))
    if len({p.src for p in out}) != len(out):  # conflicts() refuses such banks; never overwrite a page
        raise ValueError("two generated pages share a path")
    return out


def redirects(catalog: Catalog) -> dict[str, str]:
    """Old addresses that lead to a generated page: ``{old src: new src}``."""
    if len(catalog.sources) == 1:
        return {LEGACY_ARTICLE: article_page(catalog.sources[0])}
    return {}


def conflicts(banks: Iterable[Bank]) -> list[Issue]:
    """Banks whose pages would take the place of another generated page.

    A bank named index.yml would take the quiz list's place, and events-key.yml would make
    its study sheet the address of the answer key of events.yml.
    """
    owner = {QUIZ_INDEX: "the list of quizzes", GLOSSARY: "the glossary", LEGACY_ARTICLE: "the article"}
    issues: list[Issue] = []
    for bank in banks:
        taken = next((src for src in bank_pages(bank) if src in owner), None)
        if taken is not None:
            issues.append(
                Issue(
                    bank.file,
                    1,
                    1,
                    (),
                    f"this bank needs the page {taken[:-3]}, which is already {owner[taken]}",
                    "rename the file",
                )
            )
            continue
        owner.update((src, f"a page of {bank.file}") for src in bank_pages(bank))
    return issues


def placeholder_paths(banks: Iterable[str]) -> list[str]:
    """Pages to stand in for the generated ones while the banks cannot be built at all."""
    out = [QUIZ_INDEX, GLOSSARY]
    for slug in banks:
        out += [f"quizzes/{slug}.md", f"sheets/{slug}.md", f"sheets/{slug}-key.md"]
    return out


def url_of(src: str, use_directory_urls: bool) -> str:
    """The URL path (relative to the site root) that MkDocs gives the page ``src``."""
    stem = src[: -len(".md")]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def print_name(src: str) -> str:
    """The file name of a page's print document: ``sheets/events-key.md`` -> ``events-key``."""
    stem = src[: -len(".md")]
    if stem.startswith("sheets/"):
        name = stem[len("sheets/") :]
        return name if name.endswith("-key") else name + "-sheet"
    if stem.startswith(ARTICLES + "/"):
        return "article-" + stem[len(ARTICLES) + 1 :]
    return stem.replace("/", "-")


@dataclass(frozen=True)
class Links:
    """Relative links from the page ``here`` to other pages and files of the site.

    ``printing`` links print documents to each other, flattened into one folder, and has no
    link for pages that have no print document (the quizzes).

    ``source_links`` links the Markdown files instead (``../articles/x.md?hl=...#p3``), for an
    engine that rewrites every relative link of a page as relative to its source file, raw
    HTML included, and turns a link to a .md file into that page's URL (Zensical). Where the
    engine rewrites nothing (``<noscript>``, a data attribute, a redirect page), links stay
    relative to the built page: :meth:`root` always is.
    """

    here: str
    use_directory_urls: bool = True
    printing: bool = False
    source_links: bool = False

    def _base(self) -> str:
        url = url_of(self.here, self.use_directory_urls)
        return "/" + (url if url.endswith("/") or not url else posixpath.dirname(url))

    def _rel(self, target: str) -> str:
        rel = posixpath.relpath("/" + target, self._base())
        if rel == ".":
            return "./"
        return rel + "/" if target.endswith("/") or not target else rel

    def to(self, src: str, anchor: str = "", query: str = "") -> str:
        """A link to the page ``src``, optionally with a query and an anchor."""
        if self.printing:
            path = print_name(src) + ".html"
        elif self.source_links:
            path = posixpath.relpath(src, posixpath.dirname(self.here) or ".")
        else:
            path = self._rel(url_of(src, self.use_directory_urls))
        return path + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")

    def root(self) -> str:
        """The site's root folder, relative to this page (for scoping saved progress)."""
        return "./" if self.printing else self._rel("")

    def has_quizzes(self) -> bool:
        return not self.printing
