"""Search entries for the quiz pages, made from the catalog instead of parsed from their HTML.

A quiz page is heavy (form controls, hidden feedback, the grading data), and a search
plugin that parses it spends most of a large build reading what it then leaves out. The
catalog already knows what students search for: each quiz's title and description, and each
question's prompt and the options it shows, never its answers, feedback or explanation.
Each entry links to its question (``quizzes/<bank>.html#q-<id>``).

The entries have the shape of MkDocs' and Material's ``search_index.json`` documents
(``location``, ``title``, ``text``; text is HTML-escaped, as theirs is).
"""

from __future__ import annotations

import html
import json
from typing import Any

from quizgen import pages, qtypes
from quizgen.i18n import current, gettext, using
from quizgen.models import Bank, Catalog, Source
from quizgen.text import plain


def _text(value: str) -> str:
    return html.escape(" ".join(plain(value).split()), quote=False)


def entries(catalog: Catalog, use_directory_urls: bool, language: str | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for bank in catalog.banks:
        out += bank_entries(bank, catalog.source(bank.source), use_directory_urls, language)
    return out


def bank_entries(
    bank: Bank, source: Source, use_directory_urls: bool, language: str | None = None
) -> list[dict[str, Any]]:
    """The entries of one quiz: they depend on nothing but its bank, its source's title and the settings."""
    with using(language or current()):
        url = pages.url_of(pages.quiz_page(bank), use_directory_urls)
        intro = [bank.description or "", gettext("Questions on %(title)s.") % {"title": source.title}]
        out = [{"location": url, "title": _text(bank.title), "text": " ".join(_text(x) for x in intro if x)}]
        for q in bank.questions:
            shown = qtypes.of(q).shown_texts(q)
            out.append(
                {
                    "location": f"{url}#q-{q.id}",
                    "title": f"{q.number}. {_text(q.prompt)}",
                    "text": " · ".join(_text(t) for t in shown),
                }
            )
    return out


def serialized(found: list[dict[str, Any]]) -> str:
    """Entries as the items of a JSON array, without the brackets (for :func:`add_to_index`)."""
    return json.dumps(found, ensure_ascii=False, separators=(",", ":"))[1:-1]


def add_to_index(index_text: str, items: list[str]) -> str | None:
    """A search index (``search_index.json`` as a search plugin wrote it) with ``items`` added to its documents.

    ``items`` are serialized entries (:func:`serialized`); they are put into the text as they
    are, so a large site's entries are not parsed and written again on every build. None when
    the index is not of the known shape (an object whose last key is the list ``docs``).
    """
    try:
        data = json.loads(index_text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not data or list(data)[-1] != "docs" or not isinstance(data["docs"], list):
        return None
    head = index_text.rstrip()
    if not head.endswith("]}"):
        return None
    items = [i for i in items if i]
    if not items:
        return index_text
    comma = "," if data["docs"] else ""
    return head[:-2] + comma + ",".join(items) + "]}"
