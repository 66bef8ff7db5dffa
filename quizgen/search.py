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
from typing import Any

from quizgen import pages, qtypes
from quizgen.models import Catalog
from quizgen.text import plain


def _text(value: str) -> str:
    return html.escape(" ".join(plain(value).split()), quote=False)


def entries(catalog: Catalog, use_directory_urls: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for bank in catalog.banks:
        url = pages.url_of(pages.quiz_page(bank), use_directory_urls)
        src = catalog.source(bank.source)
        intro = [bank.description or "", f"Questions on {src.title}."]
        out.append({"location": url, "title": _text(bank.title), "text": " ".join(_text(x) for x in intro if x)})
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
