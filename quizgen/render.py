"""Catalog to HTML: the body of every generated page, with no MkDocs involved.

quizgen owns a Jinja environment with ``autoescape=True`` (the MkDocs theme environment does
not escape) and renders bank text only through :func:`quizgen.text.inline` and
:func:`quizgen.text.plain`. The answer data the browser needs goes into one
``<script type="application/json">`` per quiz through :func:`quizgen.text.script_json`.

What differs between question types is asked of the type (:mod:`quizgen.qtypes`): its
macros draw it, its ``view`` gives the orders students see (seeded by the question id, so
the output is the same on every build), its ``key`` grades it in the browser.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from quizgen import pages, qtypes
from quizgen.models import Bank, Catalog, Evidence, Question, Source
from quizgen.pages import Links
from quizgen.terms import matcher, occurrences
from quizgen.text import inline, plain, script_json


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.PackageLoader("quizgen", "templates"), jinja2.FileSystemLoader(qtypes.template_folders())]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters["md"] = inline
    env.filters["plain"] = plain
    return env


@cache
def _type_macros() -> dict[str, Any]:
    """Each type's template, as a module whose macros (``quiz``, ``sheet``) the pages call."""
    env = _env()
    return {name: env.get_template(t.template).module for name, t in qtypes.registry().items()}


def answer_key(q: Question) -> dict[str, Any]:
    """What the browser needs to grade ``q``."""
    return qtypes.of(q).key(q)


def answer_html(q: Question, *, letters: bool = False) -> Markup:
    return qtypes.of(q).answer_html(q, letters=letters)


def question_version(q: Question) -> str:
    """Changes whenever what the student sees or is graded on changes, so an old answer is never misapplied."""
    t = qtypes.of(q)
    data = script_json([q.type, q.prompt, t.key(q), t.export(q)])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:10]


def bank_version(bank: Bank) -> str:
    """Changes whenever a question or its answer changes (the version a receipt or an export names)."""
    data = script_json([[q.id, answer_key(q)] for q in bank.questions])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def _views(bank: Bank) -> dict[str, dict[str, Any]]:
    return {q.id: qtypes.of(q).view(q) for q in bank.questions}


def _evidence_url(links: Links, source: Source) -> Callable[[Evidence], str]:
    def url(e: Evidence) -> str:
        return links.to(
            pages.article_page(source), anchor=f"p{e.paragraph}", query=f"hl={e.paragraph}.{e.start}.{e.end}"
        )

    return url


def _title(title: str) -> Markup:
    return Markup('<h1 dir="auto">{}</h1>\n').format(title)


def render_quiz(bank: Bank, source: Source, links: Links) -> Markup:
    answers = {q.id: answer_html(q) if qtypes.of(q).shows_answer else "" for q in bank.questions}
    key = {"bank": bank.slug, "q": {q.id: answer_key(q) for q in bank.questions}}
    return _title(bank.title) + Markup(
        _env()
        .get_template("quiz.html")
        .render(
            bank=bank,
            types=_type_macros(),
            views=_views(bank),
            answers=answers,
            key=script_json(key),
            version=bank_version(bank),
            qversions={q.id: question_version(q) for q in bank.questions},
            root=links.root(),
            type_names={name: t.label for name, t in qtypes.registry().items()},
            evidence_url=_evidence_url(links, source),
            sheet_url=links.to(pages.sheet_page(bank)),
            key_url=links.to(pages.key_page(bank)),
        )
    )


def render_sheet(bank: Bank, links: Links, *, key_mode: bool) -> Markup:
    answers = {q.id: answer_html(q, letters=True) for q in bank.questions} if key_mode else {}
    title = f"{bank.title} — {'answer key' if key_mode else 'study sheet'}"
    return _title(title) + Markup(
        _env()
        .get_template("sheet.html")
        .render(
            bank=bank,
            key_mode=key_mode,
            types=_type_macros(),
            views=_views(bank),
            answers=answers,
            quiz_url=links.to(pages.quiz_page(bank)) if links.has_quizzes() else "",
        )
    )


def render_article(source: Source) -> Markup:
    return _title(source.title) + Markup(_env().get_template("article.html").render(source=source))


def term_usage(catalog: Catalog) -> dict[str, list[tuple[Source, int]]]:
    """For each glossary term, the paragraphs of each source it occurs in."""
    m = matcher(catalog.terms)
    used: dict[str, list[tuple[Source, int]]] = {t.term: [] for t in catalog.terms}
    for src in catalog.sources:
        for block in src.paragraphs:
            for name in sorted(occurrences(block.text, m)):
                used[name].append((src, block.number or 0))
    return used


def render_glossary(catalog: Catalog, links: Links) -> Markup:
    terms = sorted(catalog.terms, key=lambda t: t.term.casefold())
    return _title("Glossary") + Markup(
        _env()
        .get_template("glossary.html")
        .render(
            terms=terms,
            used=term_usage(catalog),
            several=len(catalog.sources) > 1,
            para_url=lambda src, n: links.to(pages.article_page(src), anchor=f"p{n}"),
        )
    )


def render_progress(catalog: Catalog, links: Links) -> Markup:
    groups = [(src, catalog.banks_of(src.id)) for src in catalog.sources]
    return Markup(
        _env()
        .get_template("index.html")
        .render(
            groups=[g for g in groups if g[1]],
            several=len(catalog.sources) > 1,
            root=links.root(),
            article_url=lambda s: links.to(pages.article_page(s)),
            quiz_url=lambda b: links.to(pages.quiz_page(b)),
            sheet_url=lambda b: links.to(pages.sheet_page(b)),
            key_url=lambda b: links.to(pages.key_page(b)),
        )
    )


def render_quiz_index(catalog: Catalog, links: Links) -> Markup:
    if len(catalog.sources) == 1:
        intro = Markup(
            "<p>One quiz per topic. Each question links to the paragraph of the "
            '<a href="{}">article</a> that supports its answer.</p>\n'
        ).format(links.to(pages.article_page(catalog.sources[0])))
    else:
        intro = Markup(
            "<p>The quizzes of each reading. Each question links to the paragraph of its article "
            "that supports its answer.</p>\n"
        )
    return _title("Quizzes") + intro + render_progress(catalog, links)


def render_page(page: pages.Page, catalog: Catalog, links: Links) -> Markup:
    """The HTML body of one generated page."""
    if page.kind == "article":
        assert page.source is not None
        return render_article(page.source)
    if page.kind == "glossary":
        return render_glossary(catalog, links)
    if page.kind == "quiz-index":
        return render_quiz_index(catalog, links)
    assert page.bank is not None and page.source is not None
    if page.kind == "quiz":
        return render_quiz(page.bank, page.source, links)
    return render_sheet(page.bank, links, key_mode=page.kind == "key")


def render_redirect(target: str) -> str:
    """A page that sends the browser on to ``target`` (relative), keeping the query and anchor."""
    url = script_json(target)
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8"><title>Moved</title>\n'
        f'<meta http-equiv="refresh" content="0; url={Markup.escape(target)}">\n'
        f"<script>location.replace({url} + location.search + location.hash);</script>\n"
        f'</head><body><p>This page has moved: <a href="{Markup.escape(target)}">{Markup.escape(target)}</a>.</p>'
        "</body></html>\n"
    )
