"""Bank text to HTML: the one door through which user text reaches a page.

Python-Markdown does not sanitise (by design), ``attr_list`` copies event handlers and
``pymdownx.snippets`` includes files, so bank text never goes through the site's Markdown.
It is rendered here with markdown-it's inline rules only (emphasis, code, links; raw HTML
off), links are limited to http, https and mailto, and the result is passed through an
allowlist sanitiser (nh3) as a second, independent line of defence. Whatever a teacher
writes, the page shows it as text or as that small set of formatting, never as markup.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_SCHEMES = ("http://", "https://", "mailto:")
_TAGS = {"em", "strong", "code", "a", "br"}
# Text without any character that Markdown, HTML or the sanitiser would act on comes out of
# both unchanged, so most bank text skips them (a large site renders each text three times:
# quiz, study sheet, answer key). nh3 would drop a leading U+FEFF, so that is not plain.
_NOT_MARKUP = r"[^\\`*_\[\]&<>\x00-\x1f\x7f-\x9f\u00a0\ud800-\udfff]"
_PLAIN = re.compile(rf"(?!\ufeff){_NOT_MARKUP}*\Z")


@cache
def _md() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "backticks", "link", "escape", "entity", "newline"])
    # markdown-it refuses javascript: and friends already; quizgen allows only three schemes.
    md.validateLink = lambda url: url.strip().lower().startswith(_SCHEMES)  # type: ignore[method-assign]
    return md


def inline(text: str) -> Markup:
    """Inline Markdown to sanitised HTML, safe to place in any element's content."""
    if _PLAIN.match(text):
        return Markup(text)
    return _rendered(text)


# Emphasis that can mean nothing else: one or two * or _ around words that start and end with
# an ASCII letter or digit, between a space, "(", a quote or the start of the text, and a space,
# a punctuation mark or the end. CommonMark's rules then allow one reading only (the opening
# run can only open, the closing one only close), the one markdown-it gives; a text whose only
# markup is such emphasis (most bank text with any) is rendered by this pattern, at a fraction
# of markdown-it's and nh3's cost, and comes out the same (tests/test_reliability_render.py).
_EMPHASIS = re.compile(rf"""(?<![^ ("'])(\*\*|__|\*|_)([A-Za-z0-9](?:{_NOT_MARKUP}*[A-Za-z0-9])?)\1(?![^ .,;:!?)"'])""")
_TAG = {"*": "em", "_": "em", "**": "strong", "__": "strong"}


def _simple(text: str) -> bool:
    """The text's only markup is :data:`_EMPHASIS`: without it, nothing is left to render."""
    return _PLAIN.match(_EMPHASIS.sub("", text)) is not None


def _emphasis(m: re.Match[str]) -> str:
    tag = _TAG[m[1]]
    return f"<{tag}>{m[2]}</{tag}>"


# Only texts with markup are kept: they are the ones that cost (markdown-it, then nh3), and
# every one of them is asked for several times (the lint rules, the quiz, its sheet and key).
@lru_cache(maxsize=65_536)
def _rendered(text: str) -> Markup:
    if _simple(text):
        # Text without markup is its own HTML ('"' included, which nh3 gives back as written).
        return Markup(_EMPHASIS.sub(_emphasis, text))
    return _markdown(text)


def _markdown(text: str) -> Markup:
    """Inline Markdown through markdown-it and nh3: the reference every shortcut here gives the same as."""
    html = _md().renderInline(text)
    # "*": set() drops the attributes nh3 allows on every element by default (title, lang):
    # a link title such as [x](https://e.org "<img onerror=...>") would otherwise reach
    # the page, and Material's content.tooltips shows a title as HTML.
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href"}, "*": set()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(clean)


def plain(text: str) -> str:
    """The visible text of inline Markdown, for places that take no markup (options, titles).

    It is the text of what :func:`inline` shows, so the page's rendering of a text is made once
    whichever of the two asks first.
    """
    if _PLAIN.match(text):
        return text
    return _visible(text)


@lru_cache(maxsize=65_536)
def _visible(text: str) -> str:
    # nh3 drops a U+FEFF at the very start of what it cleans (as a byte-order mark). The
    # rendering has had its own first one dropped already, and keeps any that follow: the
    # text is cleaned behind a character that is then taken off, so none is dropped twice.
    if _simple(text):
        return _EMPHASIS.sub(r"\2", text)
    return html.unescape(nh3.clean("." + _rendered(text), tags=set()))[1:]


# Explicit embeddings and isolates change what dir="auto" finds first: a text with any keeps it.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_AUTO = Markup(' dir="auto"')
_NO_ATTRIBUTE = Markup()


def dir_auto(text: str, direction: str, *, markdown: bool = True) -> Markup:
    """`` dir="auto"`` for an element showing ``text`` inside an element of ``direction``, where it matters.

    The attribute turns an element's direction to that of its first strong character, so
    that a sentence in Urdu reads right to left on an English page, and the other way round.
    Where that character runs the way the element would anyway, it changes nothing and is
    left out: most texts on most pages, a dozen times per question of a quiz (4% of its HTML).
    Whoever uses this sets ``direction`` explicitly on an ancestor, so that the element's
    own direction does not depend on the theme.
    """
    if direction == "ltr" and text.isascii() and not (markdown and "&" in text):
        # ASCII shows as ASCII (only an entity such as &#1575; could show another script):
        # its first strong character, if any, runs left to right. str.isascii() costs nothing.
        return _NO_ATTRIBUTE
    found = _first_strong(plain(text) if markdown else text)
    # No strong character: "auto" gives ltr (or, in newer browsers, the parent's direction).
    return _NO_ATTRIBUTE if found == direction or (found is None and direction == "ltr") else _AUTO


def _first_strong(text: str) -> str | None:
    """``ltr`` or ``rtl``: the direction of the first strongly directional character, as HTML finds it."""
    if _BIDI_CONTROLS.search(text):
        return "?"  # never a page's direction: the attribute is kept
    for ch in text:
        if ch < "\x80":  # ASCII: the letters are left to right, the rest is neutral
            if ch.isalpha():
                return "ltr"
            continue
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def script_json(data: Any) -> Markup:
    """JSON that is safe inside ``<script type="application/json">``.

    ``</script>`` and ``<!--`` would end or derail the element whatever the JSON quoting,
    and U+2028/U+2029 once ended JavaScript strings; all are written as \\u escapes, which
    ``JSON.parse`` reads back unchanged. NaN and Infinity are refused (not JSON).
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"), sort_keys=True)
    text = (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return Markup(text)
