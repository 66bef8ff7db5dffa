"""Catalog to HTML: the body of every generated page, with no MkDocs involved.

quizgen owns a Jinja environment with ``autoescape=True`` (the MkDocs theme environment does
not escape) and renders bank text only through :func:`quizgen.text.inline` and
:func:`quizgen.text.plain`. The answer data the browser needs goes into one
``<script type="application/json">`` per quiz through :func:`quizgen.text.script_json`.

What differs between question types is asked of the type (:mod:`quizgen.qtypes`): its
macros draw it, its ``view`` gives the orders students see (seeded by the question id, so
the output is the same on every build), its ``key`` grades it in the browser.

Every word comes from the catalog of the course's language (:mod:`quizgen.i18n`): the
templates through Jinja2's ``i18n`` extension, this module through :func:`quizgen.i18n.gettext`,
and the script's words through a data block in the page. The page-level functions take the
``language``; what they call speaks it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache, lru_cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from quizgen import assets, i18n, order, pages, qtypes, templatecache
from quizgen.i18n import N_, gettext
from quizgen.models import Bank, Catalog, Evidence, Question, Source
from quizgen.pages import Links
from quizgen.terms import matcher, occurrences
from quizgen.text import dir_auto, inline, plain, script_json


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.PackageLoader("quizgen", "templates"), jinja2.FileSystemLoader(qtypes.template_folders())]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        extensions=["jinja2.ext.i18n"],
    )
    # "Newstyle" gettext: %(name)s placeholders, values escaped; the words of the language in use.
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    # The same gettext, without Jinja's two layers of context calls around each word: a page
    # of 1,000 questions asks for "Check" and "Why:" thousands of times.
    env.globals["_"] = env.globals["gettext"] = _gettext
    env.filters["md"] = inline
    env.filters["inert"] = _inert
    env.filters["list"] = i18n.format_list
    env.filters["plain"] = plain
    # Quizzes say their direction once, on their outermost element, and dir="auto" only where a
    # text may run the other way (text.dir_auto).
    env.filters["bidi"] = _bidi
    env.globals["page_direction"] = _page_direction
    # Compiled once per machine, not once per command (quizgen.templatecache).
    return templatecache.install(env)


def _page_direction() -> str:
    return _direction(i18n.current())


@cache
def _direction(language: str) -> str:
    return i18n.direction(language)


def _bidi(text: str | None, markdown: bool = True) -> Markup:
    """`` dir="auto"`` where ``text`` may run against the quiz's direction; ``markdown``: the text is
    inline Markdown (what shows is its visible text), else it shows as written."""
    return _bidi_in(text or "", i18n.current(), markdown)


# A quiz asks a dozen times per question: one lookup instead of the calls behind it.
@lru_cache(maxsize=65_536)
def _bidi_in(text: str, language: str, markdown: bool) -> Markup:
    return dir_auto(text, _direction(language), markdown=markdown)


def _gettext(message: str, /, **variables: Any) -> Markup:
    """Jinja's newstyle gettext with autoescape on: the words of the language in use, always
    formatted (so "%%" means "%", with or without values), the values escaped."""
    if not variables:  # most calls: the same few words, formatted once per language
        return _formatted(i18n.current(), message)
    return _translated(i18n.current(), message) % variables


@lru_cache(maxsize=4096)
def _formatted(language: str, message: str) -> Markup:
    return _translated(language, message) % {}


@lru_cache(maxsize=4096)
def _translated(language: str, message: str) -> Markup:
    with i18n.using(language):
        return Markup(i18n.gettext(message))


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


def question_version(q: Question, key: dict[str, Any] | None = None) -> str:
    """Changes whenever what the student sees or is graded on changes, so an old answer is never misapplied.

    ``key``: the question's :func:`answer_key`, when the caller has it already (a quiz page
    needs it three times: for the key it carries, and for both versions).
    """
    t = qtypes.of(q)
    data = script_json([q.type, q.prompt, t.key(q) if key is None else key, t.export(q)])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:10]


def bank_version(bank: Bank, keys: Sequence[dict[str, Any]] | None = None) -> str:
    """Changes whenever a question or its answer changes (the version a receipt or an export names).

    ``keys``: each question's :func:`answer_key`, in the bank's order, when the caller has them already.
    """
    keys = keys if keys is not None else [answer_key(q) for q in bank.questions]
    data = script_json([[q.id, k] for q, k in zip(bank.questions, keys, strict=True)])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def seen_version(q: Question) -> str:
    """The version of a graded question: it changes whenever what the page shows of it changes
    (the prompt, the options and their order), never with its answer alone.

    A graded page must not carry a hash of its answers: each possible answer could be tried
    against it. A receipt names this version, so a receipt made before a fix of the answer
    key is graded with the fixed key (docs/graded.md).
    """
    data = script_json([q.type, q.prompt, qtypes.of(q).shown_texts(q)])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:10]


def page_versions(bank: Bank) -> tuple[str, dict[str, str]]:
    """The versions a bank's quiz page carries: the bank's (``data-qg-version``) and each question's (``data-qg-v``)."""
    if not bank.graded:
        keys = [answer_key(q) for q in bank.questions]
        versions = {q.id: question_version(q, k) for q, k in zip(bank.questions, keys, strict=True)}
        return bank_version(bank, keys), versions
    seen = {q.id: seen_version(q) for q in bank.questions}
    data = script_json([[q.id, seen[q.id]] for q in bank.questions])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12], seen


def _views(bank: Bank, version: str = "A") -> dict[str, dict[str, Any]]:
    """The orders shown, chosen for the whole bank (:mod:`quizgen.order`): the page's is version A."""
    return order.views(bank, version)


def _evidence_url(links: Links, source: Source) -> Callable[[Evidence], str]:
    page = links.to(pages.article_page(source))  # the same page for every quote: worked out once

    def url(e: Evidence) -> str:
        return f"{page}?hl={e.paragraph}.{e.start}.{e.end}#p{e.paragraph}"

    return url


def _title(title: str, heading: bool = True) -> Markup:
    """A page's heading, or nothing where the page was given its heading already (:func:`page_heading`)."""
    return Markup('<h1 dir="auto">{}</h1>\n').format(title) if heading else Markup()


#: The difficulty badge's words.
DIFFICULTIES = {"recall": N_("recall"), "understanding": N_("understanding"), "analysis": N_("analysis")}


def browser_strings() -> Markup:
    """The script's words, in the language in use, for a page's data block."""
    return _browser_strings(i18n.current())


@cache
def _browser_strings(language: str) -> Markup:
    with i18n.using(language):
        return script_json(i18n.browser_strings(list(qtypes.registry().values())))


def render_quiz(bank: Bank, source: Source, links: Links, *, with_key: bool = True, heading: bool = True) -> Markup:
    if bank.graded:
        return render_graded(bank, links, heading=heading)
    answers = {q.id: answer_html(q) if qtypes.of(q).shows_answer else "" for q in bank.questions}
    keys = [answer_key(q) for q in bank.questions]
    key = {"bank": bank.slug, "q": {q.id: k for q, k in zip(bank.questions, keys, strict=True)}}
    qversions = {q.id: question_version(q, k) for q, k in zip(bank.questions, keys, strict=True)}
    live, later, waiting = _split(bank.questions, qversions)
    return _title(bank.title, heading) + Markup(
        _env()
        .get_template("quiz.html")
        .render(
            bank=bank,
            live=live,
            later=later,
            waiting=waiting,
            script=assets.JS,
            types=_type_macros(),
            views=_views(bank),
            answers=answers,
            key=script_json(key),
            version=bank_version(bank, keys),
            qversions=qversions,
            root=links.root(),
            type_names={name: gettext(t.label) for name, t in qtypes.registry().items()},
            difficulties={d: gettext(w) for d, w in DIFFICULTIES.items()},
            strings=browser_strings(),
            evidence_url=_evidence_url(links, source),
            sheet_url=links.to(pages.sheet_page(bank)),
            key_url=links.to(pages.key_page(bank)) if with_key else "",
        )
    )


#: A quiz of more questions than this shows only the first LIVE_QUESTIONS when it opens; the
#: others wait in blocks of LATER_BLOCK, unparsed, until the script brings them in (quizgen.js).
LAZY_FROM = 60
LIVE_QUESTIONS = 20
LATER_BLOCK = 40


def _split(questions: tuple[Question, ...], qversions: dict[str, str]) -> tuple[Any, list[dict[str, Any]], str]:
    """The questions a quiz page shows at once, the blocks of those that wait, and the ids and
    versions of those that wait ("id version id version ..."), which the script reads first."""
    if len(questions) <= LAZY_FROM:
        return questions, [], ""
    rest = questions[LIVE_QUESTIONS:]
    blocks = [{"questions": rest[k : k + LATER_BLOCK]} for k in range(0, len(rest), LATER_BLOCK)]
    return questions[:LIVE_QUESTIONS], blocks, " ".join(f"{q.id} {qversions[q.id]}" for q in rest)


def _inert(html: Markup) -> Markup:
    """Questions kept as the text of a script inside a <template>, which the browser does not parse at all.

    Nothing in quizgen's markup can end a script early (bank text is escaped, and sanitised
    Markdown has no comments); a block that could is left as markup, which inside a template
    is inert too, only slower to load.
    """
    text = str(html)
    if "</script" in text.lower() or "<!--" in text:
        return html
    return Markup('<script type="text/html">') + html + Markup("</script>")


def render_graded(bank: Bank, links: Links, *, heading: bool = True) -> Markup:
    """A graded quiz: its questions and the receipt to hand in, and nothing that gives an answer away.

    The template is given the questions with their answers taken out
    (:meth:`~quizgen.qtypes.base.QuestionType.public`), in the order their texts alone
    decide (a graded bank's questions are built that way), and no key: no grading data, no
    feedback, explanation or evidence, no link to an answer key (docs/graded.md).
    """
    from quizgen.receipts import MAX_NAME_CHARS

    public = replace(bank, questions=tuple(qtypes.of(q).public(q) for q in bank.questions))
    version, qversions = page_versions(bank)
    return _title(bank.title, heading) + Markup(
        _env()
        .get_template("graded.html")
        .render(
            bank=public,
            types=_type_macros(),
            views=_views(public),
            version=version,
            qversions=qversions,
            root=links.root(),
            type_names={name: gettext(t.label) for name, t in qtypes.registry().items()},
            difficulties={d: gettext(w) for d, w in DIFFICULTIES.items()},
            strings=browser_strings(),
            sheet_url=links.to(pages.sheet_page(bank)),
            max_name=MAX_NAME_CHARS,
        )
    )


def render_sheet(bank: Bank, links: Links, *, key_mode: bool, version: str = "", heading: bool = True) -> Markup:
    """A study sheet or its answer key, in the page's order or in that of a printed ``version``.

    The sheet and the key of one version list the questions and their options in the same
    order (seeded: the same on every build), so the letters in the key are the sheet's.
    """
    views = _views(bank, version or "A")
    answers = {q.id: qtypes.of(q).sheet_answer(q, views[q.id]) for q in bank.questions} if key_mode else {}
    title = pages.sheet_title(bank, key_mode=key_mode, version=version)
    return _title(title, heading) + Markup(
        _env()
        .get_template("sheet.html")
        .render(
            bank=bank,
            questions=order.questions(bank, version or "A"),
            version=version,
            key_mode=key_mode,
            types=_type_macros(),
            views=views,
            answers=answers,
            quiz_url=links.to(pages.quiz_page(bank)) if links.has_quizzes() else "",
        )
    )


def credit(source: Source) -> str:
    """One line that names the article for a footer: title, by whom, where, when."""
    parts = [source.title]
    if source.author:
        parts.append(gettext("by %(author)s") % {"author": source.author})
    where = ", ".join(x for x in (source.outlet, source.date) if x)
    if where:
        parts.append(where)
    return " · ".join(parts)


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
    several = len(catalog.sources) > 1
    # Where each term is used: per source, the title (in a course of several) and the linked paragraphs.
    used: dict[str, list[tuple[Markup | None, Markup]]] = {}
    for name, places in term_usage(catalog).items():
        used[name] = []
        for src in catalog.sources:
            numbers = [n for s, n in places if s.id == src.id]
            if not numbers:
                continue
            paragraphs = i18n.format_list(
                [
                    Markup('<a href="{}">{}</a>').format(
                        links.to(pages.article_page(src), anchor=f"p{n}"), gettext("paragraph %(n)s") % {"n": n}
                    )
                    for n in numbers
                ]
            )
            title = Markup('<span dir="auto">{}</span>').format(src.title) if several else None
            used[name].append((title, paragraphs))
    return _title(gettext("Glossary")) + Markup(_env().get_template("glossary.html").render(terms=terms, used=used))


def render_progress(catalog: Catalog, links: Links, *, nav: Sequence[str] = (), language: str | None = None) -> Markup:
    """The table of quizzes with the student's progress (the script fills it in from storage).

    ``nav`` is the site's order of pages (their source paths): the quizzes come in that order,
    as the menu lists them, and any the menu leaves out after them, in the catalog's order.
    """
    with i18n.using(language or i18n.current()):
        place = {src: k for k, src in enumerate(nav)}
        groups = []
        for src in catalog.sources:
            banks = list(catalog.banks_of(src.id))
            banks.sort(key=lambda b: place.get(pages.quiz_page(b), len(place)))
            if banks:
                groups.append((src, banks))
        return _progress(catalog, links, groups)


def _progress(catalog: Catalog, links: Links, groups: list[tuple[Source, list[Bank]]]) -> Markup:
    return Markup(
        _env()
        .get_template("index.html")
        .render(
            groups=groups,
            several=len(catalog.sources) > 1,
            root=links.root(),
            strings=browser_strings(),
            article_url=lambda s: links.to(pages.article_page(s)),
            quiz_url=lambda b: links.to(pages.quiz_page(b)),
            sheet_url=lambda b: links.to(pages.sheet_page(b)),
            key_url=lambda b: links.to(pages.key_page(b)) if pages.has_key(catalog, b, printing=links.printing) else "",
        )
    )


def render_quiz_index(catalog: Catalog, links: Links, nav: Sequence[str] = ()) -> Markup:
    if len(catalog.sources) == 1:
        article = Markup('<a href="{}">{}</a>').format(
            links.to(pages.article_page(catalog.sources[0])), gettext("article")
        )
        # TRANSLATORS: %(article)s is a link whose text is the word "article" translated.
        message = gettext(
            "One quiz per topic. Each question links to the paragraph of the %(article)s that supports its answer."
        )
        text = Markup(escape(message)) % {"article": article}
    else:
        text = escape(
            gettext(
                "The quizzes of each reading. Each question links to the paragraph of its article "
                "that supports its answer."
            )
        )
    intro = Markup("<p>{}</p>\n").format(text)
    return _title(gettext("Quizzes")) + intro + render_progress(catalog, links, nav=nav)


def render_page(
    page: pages.Page,
    catalog: Catalog,
    links: Links,
    *,
    language: str | None = None,
    nav: Sequence[str] = (),
    heading: bool = True,
) -> Markup:
    """The HTML body of one generated page, in ``language`` (default: the one in use, English).

    ``nav`` is the site's order of pages, which the list of quizzes follows. Without
    ``heading`` (a quiz, sheet or key), the body leaves out the page's heading,
    :func:`page_heading`: the plugin gives MkDocs that first, and the rest when the page is written.
    """
    with i18n.using(language or i18n.current()):
        return _page(page, catalog, links, nav, heading)


def page_heading(page: pages.Page) -> Markup:
    """The heading a generated page's body begins with (its title, which the plan gave in the page's language)."""
    return _title(page.title)


def _page(page: pages.Page, catalog: Catalog, links: Links, nav: Sequence[str], heading: bool) -> Markup:
    assert heading or page.kind in ("quiz", "sheet", "key"), page.kind
    if page.kind == "article":
        assert page.source is not None
        return render_article(page.source)
    if page.kind == "glossary":
        return render_glossary(catalog, links)
    if page.kind == "quiz-index":
        return render_quiz_index(catalog, links, nav)
    assert page.bank is not None and page.source is not None
    if page.kind == "quiz":
        return render_quiz(page.bank, page.source, links, with_key=pages.has_key(catalog, page.bank), heading=heading)
    return render_sheet(page.bank, links, key_mode=page.kind == "key", heading=heading)


def render_redirect(target: str, *, language: str | None = None) -> str:
    """A page that sends the browser on to ``target`` (relative), keeping the query and anchor."""
    url = script_json(target)
    with i18n.using(language or i18n.current()) as code:
        link = Markup('<a href="{0}">{0}</a>').format(target)
        moved = Markup(escape(gettext("This page has moved: %(link)s."))) % {"link": link}
        # Not inside the f-string: before Python 3.12 no extractor finds a call there.
        title = escape(gettext("Moved"))
        return (
            f'<!doctype html>\n<html lang="{code}" dir="{i18n.direction(code)}"><head><meta charset="utf-8">'
            f"<title>{title}</title>\n"
            f'<meta http-equiv="refresh" content="0; url={escape(target)}">\n'
            f"<script>location.replace({url} + location.search + location.hash);</script>\n"
            f"</head><body><p>{moved}</p></body></html>\n"
        )
