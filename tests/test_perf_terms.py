"""Glossary tooltips, placed fast: the same links as the plain walk of every element, on any page.

:func:`quizgen.terms.annotate` finds the terms in the whole page at once and asks only where
one is found whether that place takes a tooltip; on quizgen's own (well-formed) pages it
finds the regions without tooltips by their start and end tags. Both must give exactly what
the straightforward walk gives: that walk is kept here as the reference, and the fast paths
are compared with it on hostile markup, on generated well-formed trees and on rendered pages.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from quizgen import pages, render, terms
from quizgen.models import Term
from quizgen.terms import annotate, matcher
from tests.test_reliability_common import examples
from tests.test_reliability_render import make_catalog

TERMS = [
    Term("TTP", "Tehrik-i-Taliban Pakistan", "An armed group.", "term-ttp", aliases=("Tehrik",)),
    Term("Karachi", "Karachi", "A city.", "term-karachi"),
    Term("sharia", "Islamic law", "Law.", "term-sharia"),
    Term("Jinnah International Airport", "The airport", "In Karachi.", "term-jinnah"),
    Term("amp", "e", "d", "term-amp"),
]
M = matcher(TERMS)


def href(t: Term) -> str:
    return "#" + t.slug


def reference(page_html: str, m: terms.Matcher, link: Callable[[Term], str]) -> str:
    """The straightforward walk: every element tracked, each run of text searched in turn."""
    if m.names is None:
        return page_html
    pattern = re.compile(terms._LOOKBEHIND + m.names.pattern)  # the whole pattern, look-behinds included
    done: set[str] = set()
    skip_depth = 0
    stack: list[tuple[str, bool]] = []
    out: list[str] = []
    pos = 0

    def mark(match: re.Match[str]) -> str:
        found = match.group()
        term = m.term_for(html.unescape(" ".join(found.split())))
        if term is None or term.term in done:
            return found
        done.add(term.term)
        tip = html.escape(" ".join(terms.tip_text(term).split()), quote=True)
        return (
            f'<a class="qg-term" href="{html.escape(link(term), quote=True)}" data-qg-tip="{tip}" '
            f'aria-description="{tip}">{found}</a>'
        )

    for token in terms._TOKENS.finditer(page_html):
        text = page_html[pos : token.start()]
        out.append(pattern.sub(mark, text) if skip_depth == 0 and text.strip() else text)
        raw = token.group()
        out.append(raw)
        pos = token.end()
        tag = terms._TAG.match(raw)
        if not tag or raw.startswith("<!"):
            continue
        closing, name, rest = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in terms._VOID or rest.rstrip().endswith("/"):
            continue
        if raw[1:].lstrip().lower().startswith(("script", "style", "pre", "textarea")) and not closing:
            continue
        if closing:
            if any(open_name == name for open_name, _ in stack):
                while stack:
                    open_name, skipped = stack.pop()
                    skip_depth -= skipped
                    if open_name == name:
                        break
        else:
            skipped = name in terms._SKIP or bool(terms._NOTERM.search(rest))
            stack.append((name, skipped))
            skip_depth += skipped
    tail = page_html[pos:]
    out.append(pattern.sub(mark, tail) if skip_depth == 0 else tail)
    return "".join(out)


WORDS = [
    "TTP",
    "TTPs",
    "Tehrik",
    "Karachi",
    "karachi",
    "sharia",
    "Sharia",
    "Jinnah International Airport",
    "Jinnah&nbsp;International\nAirport",
    "Jinnah <em>International</em> Airport",
    "xKarachi",
    "Karachi-based",
    "&amp;",
    "amp",
    "&#39;",
    "the",
    " ",
    ", ",
    "-",
]
# Anything a page may hold, well formed or not (unclosed, stray and misnested tags included).
PIECES = [
    *WORDS,
    "<p>",
    "</p>",
    "<a href='#'>",
    "</a>",
    "<label>",
    "</label>",
    "<code>",
    "</code>",
    "<!-- TTP -->",
    "<script>TTP</script>",
    "<pre>Karachi</pre>",
    "<br>",
    "<img alt='TTP'/>",
    "<div class='qg-noterm'>",
    "</div>",
    "<div>",
    '<span title="Karachi">',
    "</span>",
    "<h2>",
    "</h2>",
    "<template>",
    "</template>",
    "<preview>",
    "<!--",
    "-->",
    ">",
    "<",
    "<!x>",
    "</li>",
    "<li>",
    "<dt>",
    "<textarea>sharia</textarea>",
    "<SCRIPT>",
    "</SCRIPT>",
    "< a href=x>",
    "</ a>",
]


@examples(400)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_page_gets_the_links_of_the_plain_walk(parts: list[str]) -> None:
    page = "".join(parts)
    assert annotate(page, M, href) == reference(page, M, href)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    names = st.sampled_from(
        [
            "p",
            "div",
            "span",
            "li",
            "a",
            "label",
            "code",
            "h2",
            "legend",
            "button",
            "section",
            "template",
            "em",
            "dt",
            "abbr",
            "strong",
        ]
    )
    attrs = st.sampled_from(
        ["", ' class="qg-noterm"', ' class="x qg-noterm y"', ' title="TTP"', ' data-x="Karachi"', ' class="qg-q"']
    )

    @st.composite
    def element(draw: st.DrawFn) -> str:
        name = draw(names)
        inner = "".join(draw(st.lists(children, max_size=4)))
        return f"<{name}{draw(attrs)}>{inner}</{name}>"

    return element()


WELL_FORMED = st.recursive(
    st.sampled_from(
        [
            *WORDS[:-3],
            "<br>",
            "<img alt='Karachi'>",
            "<!-- Karachi -->",
            "<script>x = 'TTP'</script>",
            "<input value=TTP>",
            "<pre>sharia</pre>",
        ]
    ),
    _element,
    max_leaves=30,
)


@examples(300)
@given(st.lists(WELL_FORMED, max_size=6))
def test_a_well_formed_page_gets_the_links_of_the_plain_walk_by_either_path(parts: list[str]) -> None:
    page = "".join(parts)
    expected = reference(page, M, href)
    assert annotate(page, M, href, own=True) == expected
    assert annotate(page, M, href) == expected


def test_quizgen_pages_get_the_links_of_the_plain_walk() -> None:
    catalog = make_catalog(lambda f: f"Text of {f} with TTP, FATA and Karachi in it")
    m = matcher(catalog.terms)
    checked = 0
    for page in pages.plan(catalog):
        body = str(render.render_page(page, catalog, pages.Links(page.src, False)))
        expected = reference(body, m, href)
        assert annotate(body, m, href, own=True) == expected, page.src
        checked += expected != body
    assert checked, "no page had a term to link"


def test_each_term_is_linked_once_and_the_rest_of_the_page_is_kept() -> None:
    page = "<p>TTP and TTP</p>" + "<p>filler</p>" * 1000 + "<p>Karachi</p><label>sharia</label>"
    out = annotate(page, M, href, own=True)
    assert out.count('class="qg-term"') == 2 and out.endswith("<label>sharia</label>")
    assert out.replace(out[out.index("<a ") : out.index("</a>") + 4], "TTP", 1).startswith("<p>TTP and TTP</p>")
