"""Glossary terms in page HTML: find them, and mark the first of each on a page.

Material's recipe (``abbr`` + snippets ``auto_append``) appends the whole glossary to every
page's source, leaks into quiz fragments, marks every occurrence, and shows the ``title`` as
HTML in its tooltip (a definition holding ``<img onerror>`` would run). quizgen instead
walks the finished HTML of a page, skips the places a tooltip does not belong (links,
code, headings, form controls, quiz choices), and wraps the first occurrence of each term in
a link to its glossary entry. The tooltip text sits in a ``data-qg-tip`` attribute that CSS
shows with ``attr()``, which is always plain text, so it can never become markup and never
appears in the page's text or its search index.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import Any

from quizgen.models import Term
from quizgen.source import fold

# Elements whose text never gets a tooltip. Headings: a link there would change the
# table of contents; labels and options: a click must reach the control.
_SKIP = {
    "a",
    "abbr",
    "code",
    "pre",
    "kbd",
    "samp",
    "script",
    "style",
    "textarea",
    "select",
    "option",
    "button",
    "label",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "svg",
    "math",
    "title",
    "legend",
    "summary",
    "figcaption",
    "dt",
    "template",
}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TOKENS = re.compile(r"(<!--.*?-->|<(script|style|pre|textarea)\b.*?</\2\s*>|<[^>]*>)", re.S | re.I)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_NOTERM = re.compile(r"""\bclass\s*=\s*["'][^"']*\bqg-noterm\b""")


# A run of white space in page HTML: spaces, line breaks and no-break spaces (raw or as entities).
_WS = r"(?:\s|\u00a0|&nbsp;|&#160;)+"
# Prefix-tree depth: deeper than this, the names under a node are listed one by one.
_TRIE_DEPTH = 8


@dataclass(frozen=True)
class Matcher:
    """One compiled pattern for all the terms of a glossary."""

    pattern: re.Pattern[str] | None
    by_name: dict[str, Term]

    def term_for(self, found: str) -> Term | None:
        key = found.casefold()
        return self.by_name.get(key) or (self.by_name.get(key[:-1]) if key.endswith("s") else None)


def matcher(terms: Iterable[Term]) -> Matcher:
    """A matcher for ``terms`` and their aliases (each also in the plural with a final s).

    Names with capitals match with the same capitals (``LEA`` is not ``lea``); lowercase
    names match in any case (``sharia``, ``Sharia``).
    """
    by_name: dict[str, Term] = {}
    names: list[str] = []
    for term in terms:
        for name in (term.term, *term.aliases):
            by_name.setdefault(name.casefold(), term)
            names.append(name)
    if not names:
        return Matcher(None, by_name)
    return Matcher(_compile(tuple(sorted(set(names)))), by_name)


@lru_cache(maxsize=8)
def _compile(names: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for ``names``, as a prefix tree: the longest name wins.

    A flat alternation of thousands of names costs a try of every name at every word of a
    page (seconds per page for a glossary at its limits); the tree tries one branch per
    character. Cached: ``mkdocs serve`` rebuilds with the same glossary reuse it.
    The pattern never starts inside a character reference (``&amp;``, ``&#39;``), so a
    term such as "amp" or "39" cannot split one and change the text.
    """
    root: dict[Any, Any] = {}
    for name in names:
        if not name.split():  # white space only: it would match the empty string everywhere
            continue
        ci = name == name.lower()
        tokens: list[tuple[bool, str]] = []
        for k, word in enumerate(name.split()):
            if k:
                tokens.append((ci, _WS))
            tokens += [(ci, re.escape(ch)) for ch in html.escape(word, quote=False)]
        node = root
        for token in tokens[:_TRIE_DEPTH]:
            node = node.setdefault(token, {})
        node.setdefault(None, []).append(tokens[_TRIE_DEPTH:])
    if not root:
        return re.compile(r"(?!)")  # matches nothing
    body = _emit(root)[0]
    return re.compile(r"(?<![\w-])(?<!&)(?<!&#)" + body + r"s?(?![\w-])")


def _run(tokens: list[tuple[bool, str]]) -> str:
    """Tokens as pattern text, each run of case-insensitive ones in one (?i:...) group."""
    out: list[str] = []
    for ci, group in groupby(tokens, key=lambda t: t[0]):
        text = "".join(t[1] for t in group)
        out.append(f"(?i:{text})" if ci else text)
    return "".join(out)


def _emit(node: dict[Any, Any]) -> tuple[str, int]:
    """The pattern for a tree node, and the length (in tokens) of the longest name below it."""
    alternatives: list[tuple[int, str]] = []
    for token, child in node.items():
        if token is None:
            alternatives += [(len(rest), _run(rest)) for rest in child]
            continue
        chain = [token]
        while len(child) == 1 and None not in child:  # a single path: no group needed
            ((token, child),) = child.items()
            chain.append(token)
        body, longest = _emit(child)
        alternatives.append((len(chain) + longest, _run(chain) + body))
    alternatives.sort(key=lambda a: (-a[0], a[1]))
    longest = alternatives[0][0]
    if len(alternatives) == 1:
        return alternatives[0][1], longest
    return "(?:" + "|".join(text for _, text in alternatives) + ")", longest


def occurrences(text: str, m: Matcher) -> set[str]:
    """The terms (by name) that occur in a plain text; used by the coverage report."""
    if m.pattern is None:
        return set()
    out = set()
    for found in m.pattern.finditer(html.escape(fold(text), quote=False)):
        term = m.term_for(html.unescape(" ".join(found.group().split())))
        if term:
            out.add(term.term)
    return out


def annotate(page_html: str, m: Matcher, href: Callable[[Term], str]) -> str:
    """Wrap the first occurrence of each term in ``page_html`` in a glossary link."""
    if m.pattern is None:
        return page_html
    pattern = m.pattern
    done: set[str] = set()
    skip_depth = 0
    stack: list[tuple[str, bool]] = []  # open elements, and whether each starts a skipped region
    out: list[str] = []
    pos = 0

    def mark(match: re.Match[str]) -> str:
        found = match.group()
        term = m.term_for(html.unescape(" ".join(found.split())))
        if term is None or term.term in done:
            return found
        done.add(term.term)
        same = term.expansion.casefold() == term.term.casefold()
        tip = term.definition if same else f"{term.expansion}: {term.definition}"
        tip = html.escape(" ".join(tip.split()), quote=True)
        return (
            f'<a class="qg-term" href="{html.escape(href(term), quote=True)}" data-qg-tip="{tip}" '
            f'aria-description="{tip}">{found}</a>'
        )

    for token in _TOKENS.finditer(page_html):
        text = page_html[pos : token.start()]
        out.append(pattern.sub(mark, text) if skip_depth == 0 and text.strip() else text)
        raw = token.group()
        out.append(raw)
        pos = token.end()
        tag = _TAG.match(raw)
        if not tag or raw.startswith("<!"):
            continue
        closing, name, rest = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in _VOID or rest.rstrip().endswith("/"):
            continue
        if raw[1:].lstrip().lower().startswith(("script", "style", "pre", "textarea")) and not closing:
            continue  # matched with its content and end tag as one token
        if closing:
            # Pop to the matching element, so an unclosed <p> or <li> cannot unbalance the count.
            if any(open_name == name for open_name, _ in stack):
                while stack:
                    open_name, skipped = stack.pop()
                    skip_depth -= skipped
                    if open_name == name:
                        break
        else:
            skipped = name in _SKIP or bool(_NOTERM.search(rest))
            stack.append((name, skipped))
            skip_depth += skipped
    tail = page_html[pos:]
    out.append(pattern.sub(mark, tail) if skip_depth == 0 else tail)
    return "".join(out)
