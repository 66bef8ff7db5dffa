"""The one place that decides which pages quizgen generates, at which paths.

Paths are stable and documented (README, "Generated pages") so that a site can list them in
``nav:`` and link to them from its own pages. Links between generated pages are computed
here, relative to the page they appear on, for both ``use_directory_urls`` settings, so
the same output works on any static host and from ``file://``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from quizgen.models import Bank, Catalog

ARTICLE = "article.md"
GLOSSARY = "glossary.md"
QUIZ_INDEX = "quizzes/index.md"
#: Where a site's own page can ask for the progress panel (Markdown keeps HTML comments).
PROGRESS_MARKER = "<!-- quizgen:progress -->"


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


def plan(catalog: Catalog, article_title: str) -> list[Page]:
    """Every page to generate, in a fixed order."""
    pages = [Page(ARTICLE, article_title, "article"), Page(QUIZ_INDEX, "Quizzes", "quiz-index")]
    for bank in catalog.banks:
        pages.append(Page(quiz_page(bank), bank.title, "quiz", bank))
    if catalog.terms:
        pages.append(Page(GLOSSARY, "Glossary", "glossary"))
    for bank in catalog.banks:
        pages.append(Page(sheet_page(bank), f"{bank.title} — study sheet", "sheet", bank))
        pages.append(Page(key_page(bank), f"{bank.title} — answer key", "key", bank))
    if len({p.src for p in pages}) != len(pages):  # the catalog refuses such banks; never overwrite a page
        raise ValueError("two generated pages share a path")
    return pages


def placeholder_paths(banks_dir: Path) -> list[str]:
    """Pages to stand in for the generated ones while the banks cannot be built at all."""
    slugs = sorted(p.stem for p in banks_dir.glob("*.y*ml") if p.stem != "glossary") if banks_dir.is_dir() else []
    out = [ARTICLE, QUIZ_INDEX, GLOSSARY]
    for slug in slugs:
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


@dataclass(frozen=True)
class Links:
    """Relative links from the page ``here`` to other pages and files of the site."""

    here: str
    use_directory_urls: bool = True

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
        return (
            self._rel(url_of(src, self.use_directory_urls))
            + (f"?{query}" if query else "")
            + (f"#{anchor}" if anchor else "")
        )
