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
from collections.abc import Callable, Iterable, Iterator
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

    #: The names, without the look-behinds that keep a match from starting inside a word or
    #: a character reference: :func:`_starts` checks those itself, which lets the regex
    #: engine skip ahead to the next character that can start a name (ten times faster on a
    #: page). None for a glossary without names.
    names: re.Pattern[str] | None
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
    """One pattern for ``names``, as a prefix tree: the longest name wins (without the look-behinds).

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
    return re.compile(body + r"s?(?![\w-])")


#: Where a name may not start: inside a word, or inside a character reference (see :func:`_starts`).
_LOOKBEHIND = r"(?<![\w-])(?<!&)(?<!&#)"
_WORD = re.compile(r"[\w-]")


def _starts(text: str, names: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches of the full pattern in ``text``, found with ``names`` (the pattern without its look-behinds).

    The same matches as ``re.compile(_LOOKBEHIND + names.pattern).finditer(text)`` (the tests
    compare the two), without compiling that pattern: each place the pattern without its
    look-behinds matches is taken if they hold there, and otherwise the search goes on one
    character further, as the full pattern's would.
    """
    pos = 0
    while (found := names.search(text, pos)) is not None:
        start = found.start()
        if start and (_WORD.match(text, start - 1) or text[start - 1] == "&" or text[start - 2 : start] == "&#"):
            pos = start + 1
            continue
        yield found
        pos = found.end()


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
    if m.names is None:
        return set()
    out = set()
    for found in _starts(html.escape(fold(text), quote=False), m.names):
        term = m.term_for(html.unescape(" ".join(found.group().split())))
        if term:
            out.add(term.term)
    return out


def annotate(page_html: str, m: Matcher, href: Callable[[Term], str], *, own: bool = False) -> str:
    """Wrap the first occurrence of each term in ``page_html`` in a glossary link.

    The terms are found in the whole page at once (one pass of the compiled pattern, in C),
    and only where one is found is it asked whether that place takes a tooltip; a term that
    already has its link is not asked about again. ``own`` is for quizgen's own pages, whose
    HTML comes from its templates and is well formed (every element closed, in order): there
    the regions without tooltips are found by their start tags and matching end tags. Any
    other page is walked element by element, as far as the last term that needs an answer,
    with the rules of a browser's parser for what HTML leaves unclosed.
    """
    if m.names is None:
        return page_html
    found = [(match, term) for match in _starts(page_html, m.names) if (term := _term(m, match)) is not None]
    if not found:
        return page_html
    refused: Callable[[int], bool] = _Regions(page_html).covers if own else _Walker(page_html).refuses
    done: set[str] = set()
    out: list[str] = []
    copied = 0
    for match, term in found:
        if term.term in done or refused(match.start()):
            continue
        done.add(term.term)
        out += (page_html[copied : match.start()], _link(term, match.group(), href))
        copied = match.end()
    if not out:
        return page_html
    out.append(page_html[copied:])
    return "".join(out)


def _term(m: Matcher, match: re.Match[str]) -> Term | None:
    return m.term_for(html.unescape(" ".join(match.group().split())))


_WORDS = re.compile(r"[\w-]{4,}")


def tip_text(term: Term) -> str:
    """The tooltip of a term: its expansion and definition, the expansion only where it adds something.

    An abbreviation's expansion says what the letters stand for (TTP: Tehrik-e-Taliban Pakistan).
    A gloss ("city in north-west Pakistan") whose words the definition uses ("A large city in
    north-west Pakistan, ...") would only say the same thing twice.
    """
    if term.expansion.casefold() == term.term.casefold():
        return term.definition
    if any(c.islower() for c in term.term):
        gloss = set(_WORDS.findall(fold(term.expansion).casefold()))
        if gloss <= set(_WORDS.findall(fold(term.definition).casefold())):
            return term.definition
    return f"{term.expansion}: {term.definition}"


def _link(term: Term, text: str, href: Callable[[Term], str]) -> str:
    tip = tip_text(term)
    tip = html.escape(" ".join(tip.split()), quote=True)
    return (
        f'<a class="qg-term" href="{html.escape(href(term), quote=True)}" data-qg-tip="{tip}" '
        f'aria-description="{tip}">{text}</a>'
    )


class _Walker:
    """The elements of any page, walked forward on demand, tracking which are open."""

    def __init__(self, page_html: str) -> None:
        self.tokens = _TOKENS.finditer(page_html)
        self.next: re.Match[str] | None = next(self.tokens, None)
        self.stack: list[tuple[str, bool]] = []  # open elements, and whether each starts a skipped region
        self.skip_depth = 0

    def refuses(self, offset: int) -> bool:
        """Whether the text at ``offset`` takes no tooltip: it is in a tag, a comment, a script or a skipped element.

        Offsets must come in increasing order.
        """
        token = self.next
        while token is not None and token.end() <= offset:
            self._take(token.group())
            token = next(self.tokens, None)
        self.next = token
        return (token is not None and token.start() <= offset) or self.skip_depth > 0

    def _take(self, raw: str) -> None:
        tag = _TAG.match(raw)
        if not tag or raw.startswith("<!"):
            return
        closing, name, rest = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in _VOID or rest.rstrip().endswith("/"):
            return
        if not closing and raw[1:].lstrip().lower().startswith(("script", "style", "pre", "textarea")):
            return  # matched with its content and end tag as one token
        stack = self.stack
        if closing:
            # Pop to the matching element, so an unclosed <p> or <li> cannot unbalance the count.
            if any(open_name == name for open_name, _ in stack):
                while stack:
                    open_name, skipped = stack.pop()
                    self.skip_depth -= skipped
                    if open_name == name:
                        break
        else:
            skipped = name in _SKIP or bool(_NOTERM.search(rest))
            stack.append((name, skipped))
            self.skip_depth += skipped


_NAME_END = r"(?![a-zA-Z0-9-])"
# Where a region without tooltips starts on a well-formed page: a comment, an element whose
# text is not markup (matched to its end tag), or a skipped element. Elements marked
# qg-noterm are rare, and looked for by that word (a look-ahead at every tag for it would
# cost more than the rest of the search).
_REGION = re.compile(
    r"<(?:!--.*?--|(script|style|pre|textarea)\b.*?</\1\s*|\s*("
    + "|".join(sorted(_SKIP - {"script", "style", "pre", "textarea"}))
    + r")"
    + _NAME_END
    + r"[^>]*)>",
    re.S | re.I,
)
_OPEN_TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9-]*)" + _NAME_END + r"([^>]*)>")


@lru_cache(maxsize=64)
def _tags_named(name: str) -> re.Pattern[str]:
    return re.compile(r"<\s*(/?)\s*" + re.escape(name) + _NAME_END + r"([^>]*)>", re.I)


class _Regions:
    """The regions of a well-formed page that take no tooltip, found forward on demand."""

    def __init__(self, page_html: str) -> None:
        self.html = page_html
        self.end = 0  # the end of the last region found
        self.next = self._region(0)  # the first region not yet taken: (start, end of its start tag, name)

    def covers(self, offset: int) -> bool:
        """Whether the text at ``offset`` is in a tag or in a region without tooltips (increasing offsets)."""
        text = self.html
        region = self.next
        while region is not None and region[0] <= offset:
            self.end = max(self.end, self._end(region))
            region = self._region(max(self.end, region[1]))
        self.next = region
        if offset < self.end:
            return True
        return text.rfind("<", 0, offset) > text.rfind(">", 0, offset)  # inside a tag

    def _region(self, pos: int) -> tuple[int, int, str | None] | None:
        text = self.html
        found = _REGION.search(text, pos)
        region = (found.start(), found.end(), found.group(2)) if found is not None else None
        limit = found.start() if found is not None else len(text)
        mark = text.find("qg-noterm", pos, limit)
        while mark != -1:
            tag = _OPEN_TAG.match(text, text.rfind("<", pos, mark))
            if tag is not None and tag.end() > mark and _NOTERM.search(tag.group(2)):
                return (tag.start(), tag.end(), tag.group(1))
            mark = text.find("qg-noterm", mark + 1, limit)
        return region

    def _end(self, region: tuple[int, int, str | None]) -> int:
        start, end, name = region
        if name is None or self.html[start:end].rstrip(">").rstrip().endswith("/"):
            return end  # a comment, a script or the like (all of it), or <x/>
        depth = 1
        for tag in _tags_named(name).finditer(self.html, end):
            if tag.group(1):
                depth -= 1
                if depth == 0:
                    return tag.end()
            elif not tag.group(2).rstrip().endswith("/"):
                depth += 1
        return len(self.html)
