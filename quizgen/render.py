"""Catalog to HTML: the body of every generated page, with no MkDocs involved.

quizgen owns a Jinja environment with ``autoescape=True`` (the MkDocs theme environment does
not escape) and renders bank text only through :func:`quizgen.text.inline` and
:func:`quizgen.text.plain`. The answer data the browser needs goes into one
``<script type="application/json">`` per quiz through :func:`quizgen.text.script_json`.

Orders that students see shuffled (matching options, ordering items) are shuffled here with
a generator seeded by the question id, so the output is the same on every build.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from quizgen import pages
from quizgen.models import Bank, Catalog, Evidence, Question
from quizgen.pages import Links
from quizgen.terms import matcher, occurrences
from quizgen.text import inline, plain, script_json

TYPE_NAMES = {
    "single": "one answer",
    "multiple": "several answers",
    "true_false": "true or false",
    "fill_blank": "fill in the blank",
    "matching": "matching",
    "ordering": "ordering",
    "numeric": "number",
}


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("quizgen", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters["md"] = inline
    env.filters["plain"] = plain
    return env


@dataclass(frozen=True)
class Option:
    key: str
    text: str


def _rng(question: Question) -> random.Random:
    # A str seed is hashed with SHA-512 by random (version 2): stable across runs and machines.
    return random.Random(f"quizgen:{question.id}")


def matching_options(q: Question) -> tuple[list[Option], dict[str, str]]:
    """The right-hand options in their shown order, and the key: left key -> option key."""
    texts = [p.right for p in q.pairs] + list(q.distractors)
    order = list(range(len(texts)))
    _rng(q).shuffle(order)
    options = [Option(f"r{pos}", texts[i]) for pos, i in enumerate(order)]
    where = {i: pos for pos, i in enumerate(order)}
    return options, {f"l{k}": f"r{where[k]}" for k in range(len(q.pairs))}


def ordering_items(q: Question) -> tuple[list[Option], list[str]]:
    """The items in their shown (shuffled, never already solved) order, and the right order of keys."""
    order = list(range(len(q.items)))
    rng = _rng(q)
    while order == sorted(order):
        rng.shuffle(order)
    shown = [Option(f"i{pos}", q.items[i]) for pos, i in enumerate(order)]
    where = {i: pos for pos, i in enumerate(order)}
    return shown, [f"i{where[i]}" for i in range(len(q.items))]


def _shown_orders(bank: Bank) -> tuple[dict[str, list[Option]], dict[str, list[Option]]]:
    """Matching options and ordering items per question, in the order students see them."""
    rights = {q.id: matching_options(q)[0] for q in bank.questions if q.type == "matching"}
    order = {q.id: ordering_items(q)[0] for q in bank.questions if q.type == "ordering"}
    return rights, order


def answer_key(q: Question) -> dict[str, Any]:
    """What the browser needs to grade ``q`` (no text is ever shown from it)."""
    if q.type in ("single", "multiple"):
        return {"t": q.type, "c": [c.key for c in q.choices if c.correct]}
    if q.type == "true_false":
        return {"t": q.type, "a": bool(q.answer)}
    if q.type == "fill_blank":
        return {"t": q.type, "a": list(q.answers), "cs": q.case_sensitive, "as": q.accent_sensitive}
    if q.type == "numeric":
        return {"t": q.type, "a": q.answer, "tol": q.tolerance}
    if q.type == "matching":
        return {"t": q.type, "m": matching_options(q)[1]}
    return {"t": q.type, "o": ordering_items(q)[1]}


def answer_html(q: Question, *, letters: bool = False) -> Markup:
    """The right answer, written out for the feedback panel and the answer key.

    ``letters`` adds the letters that the printed sheet gives matching options; on screen
    the options are in a drop-down without letters, so the letters would mean nothing.
    """
    if q.type in ("single", "multiple"):
        return Markup("; ").join(Markup("{}. {}").format(c.key.upper(), inline(c.text)) for c in q.choices if c.correct)
    if q.type == "true_false":
        return Markup("True" if q.answer else "False")
    if q.type == "fill_blank":
        more = Markup(" (also accepted: {})").format(", ".join(q.answers[1:])) if len(q.answers) > 1 else Markup("")
        return Markup("{}{}").format(q.answers[0], more)
    if q.type == "numeric":
        tol = Markup(" (± {})").format(_num(q.tolerance)) if q.tolerance else Markup("")
        return Markup("{}{}{}").format(_num(q.answer), Markup(" ") + escape(q.unit) if q.unit else "", tol)
    if q.type == "matching":
        options, key = matching_options(q)
        letter = {o.key: Markup("{} ").format(chr(ord("A") + i)) if letters else "" for i, o in enumerate(options)}
        return Markup("; ").join(
            Markup("{} → {}{}").format(inline(p.left), letter[key[f"l{k}"]], inline(p.right))
            for k, p in enumerate(q.pairs)
        )
    return Markup(" → ").join(Markup("{}. {}").format(i + 1, inline(t)) for i, t in enumerate(q.items))


def _num(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def bank_version(bank: Bank) -> str:
    """Changes whenever a question or its answer changes, so saved progress never outlives it."""
    data = script_json([[q.id, answer_key(q)] for q in bank.questions])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def _evidence_url(links: Links):  # type: ignore[no-untyped-def]
    def url(e: Evidence) -> str:
        return links.to(pages.ARTICLE, anchor=f"p{e.paragraph}", query=f"hl={e.paragraph}.{e.start}.{e.end}")

    return url


def _title(title: str) -> Markup:
    return Markup('<h1 dir="auto">{}</h1>\n').format(title)


def render_quiz(bank: Bank, links: Links) -> Markup:
    env = _env()
    rights, order = _shown_orders(bank)
    answers = {
        q.id: answer_html(q) if q.type not in ("single", "multiple", "true_false") else "" for q in bank.questions
    }
    key = {"bank": bank.slug, "q": {q.id: answer_key(q) for q in bank.questions}}
    return _title(bank.title) + Markup(
        env.get_template("quiz.html").render(
            bank=bank,
            rights=rights,
            order=order,
            answers=answers,
            key=script_json(key),
            version=bank_version(bank),
            type_names=TYPE_NAMES,
            evidence_url=_evidence_url(links),
            sheet_url=links.to(pages.sheet_page(bank)),
            key_url=links.to(pages.key_page(bank)),
        )
    )


def render_sheet(bank: Bank, links: Links, *, key_mode: bool) -> Markup:
    rights, order = _shown_orders(bank)
    answers = {q.id: answer_html(q, letters=True) for q in bank.questions} if key_mode else {}
    title = f"{bank.title} — {'answer key' if key_mode else 'study sheet'}"
    return _title(title) + Markup(
        _env()
        .get_template("sheet.html")
        .render(
            bank=bank,
            key_mode=key_mode,
            rights=rights,
            order=order,
            answers=answers,
            quiz_url=links.to(pages.quiz_page(bank)),
        )
    )


def render_article(catalog: Catalog, title: str) -> Markup:
    return _title(title) + Markup(_env().get_template("article.html").render(source=catalog.source))


def term_usage(catalog: Catalog) -> dict[str, list[int]]:
    """For each glossary term, the article paragraphs it occurs in."""
    m = matcher(catalog.terms)
    used: dict[str, list[int]] = {t.term: [] for t in catalog.terms}
    for block in catalog.source.paragraphs:
        for name in sorted(occurrences(block.text, m)):
            used[name].append(block.number or 0)
    return used


def render_glossary(catalog: Catalog, links: Links) -> Markup:
    terms = sorted(catalog.terms, key=lambda t: t.term.casefold())
    return _title("Glossary") + Markup(
        _env()
        .get_template("glossary.html")
        .render(terms=terms, used=term_usage(catalog), para_url=lambda n: links.to(pages.ARTICLE, anchor=f"p{n}"))
    )


def render_progress(catalog: Catalog, links: Links) -> Markup:
    return Markup(
        _env()
        .get_template("index.html")
        .render(
            banks=catalog.banks,
            quiz_url=lambda b: links.to(pages.quiz_page(b)),
            sheet_url=lambda b: links.to(pages.sheet_page(b)),
            key_url=lambda b: links.to(pages.key_page(b)),
        )
    )


def render_quiz_index(catalog: Catalog, links: Links) -> Markup:
    return (
        _title("Quizzes")
        + Markup(
            "<p>One quiz per topic. Each question links to the paragraph of the "
            '<a href="{}">article</a> that supports its answer.</p>\n'
        ).format(links.to(pages.ARTICLE))
        + render_progress(catalog, links)
    )


def render_page(page: pages.Page, catalog: Catalog, links: Links) -> Markup:
    """The HTML body of one generated page."""
    if page.kind == "article":
        return render_article(catalog, page.title)
    if page.kind == "glossary":
        return render_glossary(catalog, links)
    if page.kind == "quiz-index":
        return render_quiz_index(catalog, links)
    assert page.bank is not None
    if page.kind == "quiz":
        return render_quiz(page.bank, links)
    return render_sheet(page.bank, links, key_mode=page.kind == "key")
