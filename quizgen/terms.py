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

from quizgen.models import Term
from quizgen.source import fold

# Elements whose text never gets a tooltip. Headings: a link there would change the
# table of contents; labels and options: a click must reach the control.
_SKIP = {"a", "abbr", "code", "pre", "kbd", "samp", "script", "style", "textarea", "select", "option",
         "button", "label", "h1", "h2", "h3", "h4", "h5", "h6", "svg", "math", "title", "legend", "summary",
         "figcaption", "dt", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TOKENS = re.compile(r"(<!--.*?-->|<(script|style|pre|textarea)\b.*?</\2\s*>|<[^>]*>)", re.S | re.I)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_NOTERM = re.compile(r"""\bclass\s*=\s*["'][^"']*\bqg-noterm\b""")


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
    parts = []
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        body = r"(?:\s|\u00a0|&nbsp;|&#160;)+".join(re.escape(html.escape(w, quote=False)) for w in name.split())
        parts.append(f"(?i:{body})" if name == name.lower() else body)
    return Matcher(re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")s?(?![\w-])"), by_name)


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
        tip = f"{term.expansion}: {term.definition}" if term.expansion.casefold() != term.term.casefold() else term.definition
        tip = html.escape(" ".join(tip.split()), quote=True)
        return (f'<a class="qg-term" href="{html.escape(href(term), quote=True)}" data-qg-tip="{tip}" '
                f'aria-description="{tip}">{found}</a>')

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
