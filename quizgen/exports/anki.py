"""Anki: a package (.apkg) of flashcards, one deck per bank and one for the glossary.

Anki grades nobody: a card shows the question (with its options, in the order the site
shows them) and, turned over, the answer, the feedback, the explanation and the evidence.
Every question type fits that shape, so none is refused, and every one is approximated:
the student grades their own recall.

The package is written by genanki. Identity is derived, never random: a note's GUID is
``genanki.guid_for("quizgen-question", id)`` (so a re-import updates the note rather than
adding a copy), deck and note type ids come from their names. genanki would stamp the time
of writing into the collection and the zip file; the time stored here is the one in
:class:`~quizgen.exports.common.Options` (SOURCE_DATE_EPOCH, or 1980-01-01), and the database
is built in memory and zipped by :func:`~quizgen.exports.common.zip_bytes`, so the same
input gives the same bytes.

Fields are HTML: bank text goes through the site's sanitiser (:func:`quizgen.text.inline`),
article quotes and answers through ``html.escape``.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable
from typing import Any

import genanki

from quizgen import qtypes
from quizgen.exports.common import (
    Context,
    Options,
    Written,
    convert,
    esc,
    evidence_html,
    flat,
    number,
    rich,
    source_of,
    stable_int,
    zip_bytes,
)
from quizgen.models import Bank, Catalog, Term

NAME = "Anki"
QUESTION_MODEL = "quizgen question (v1)"
TERM_MODEL = "quizgen glossary term (v1)"
GLOSSARY_DECK = "Glossary"

CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black; background-color: white; }
.qg-type { font-size: 14px; color: #555; }
.qg-answer { font-weight: bold; }
.qg-evidence, .qg-source { font-size: 16px; color: #333; }
"""

QUESTION_FIELDS = ["Prompt", "Options", "Answer", "Feedback", "Explanation", "Evidence", "Type", "Id"]
TERM_FIELDS = ["Term", "Expansion", "Definition", "Aliases"]


def question_model() -> genanki.Model:
    return genanki.Model(
        stable_int("anki-model", QUESTION_MODEL),
        QUESTION_MODEL,
        fields=[{"name": n} for n in QUESTION_FIELDS],
        templates=[
            {
                "name": "Question",
                "qfmt": '<div class="qg-type">{{Type}}</div>\n<div class="qg-prompt">{{Prompt}}</div>\n'
                '{{#Options}}<div class="qg-options">{{Options}}</div>{{/Options}}',
                "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="qg-answer">{{Answer}}</div>\n'
                '{{#Feedback}}<div class="qg-feedback">{{Feedback}}</div>{{/Feedback}}\n'
                '<div class="qg-explanation">{{Explanation}}</div>\n<div class="qg-evidence">{{Evidence}}</div>',
            }
        ],
        css=CSS,
    )


def term_model() -> genanki.Model:
    return genanki.Model(
        stable_int("anki-model", TERM_MODEL),
        TERM_MODEL,
        fields=[{"name": n} for n in TERM_FIELDS],
        templates=[
            {
                "name": "Term",
                "qfmt": '<div class="qg-prompt">{{Term}}</div>',
                "afmt": '{{FrontSide}}\n<hr id="answer">\n<div class="qg-answer">{{Expansion}}</div>\n'
                '<div>{{Definition}}</div>\n{{#Aliases}}<div class="qg-source">Also: {{Aliases}}</div>{{/Aliases}}',
            }
        ],
        css=CSS,
    )


#: What a handler gives for one question: the options on the front, the answer and the feedback.
Card = tuple[str, str, str]


def _list(items: list[str], tag: str = "ul", attrs: str = "") -> str:
    return f"<{tag}{attrs}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{tag}>"


def _outcome(q: Any) -> list[str]:
    out = []
    if q.feedback_correct:
        out.append(f"If your answer was right: {rich(q.feedback_correct)}")
    if q.feedback_incorrect:
        out.append(f"If your answer was wrong: {rich(q.feedback_incorrect)}")
    return out


def _feedback(lines: list[str]) -> str:
    return _list(lines) if lines else ""


def choices(q: Any, ctx: Context) -> Card:
    options = _list([rich(c.text) for c in q.choices], "ol", ' type="A"')
    answer = "; ".join(f"{c.key.upper()}. {rich(c.text)}" for c in q.choices if c.correct)
    notes = [f"{c.key.upper()}. {rich(c.text)}: {rich(c.feedback)}" for c in q.choices if c.feedback]
    return options, answer, _feedback(notes + _outcome(q))


def true_false(q: Any, ctx: Context) -> Card:
    return "True or false?", "True" if q.answer else "False", _feedback(_outcome(q))


def fill_blank(q: Any, ctx: Context) -> Card:
    answer = esc(q.answers[0])
    if len(q.answers) > 1:
        answer += " (also accepted: " + ", ".join(esc(a) for a in q.answers[1:]) + ")"
    return "", answer, _feedback(_outcome(q))


def numeric(q: Any, ctx: Context) -> Card:
    answer = number(q.answer) + (f" {esc(q.unit)}" if q.unit else "")
    if q.tolerance:
        answer += f" (± {number(q.tolerance)})"
    return "", answer, _feedback(_outcome(q))


def matching(q: Any, ctx: Context) -> Card:
    options, _ = qtypes.get("matching").options(q)  # type: ignore[attr-defined]
    front = _list([rich(p.left) for p in q.pairs], "ol") + "Options:" + _list([rich(o.text) for o in options])
    answer = _list([f"{rich(p.left)} → {rich(p.right)}" for p in q.pairs])
    return front, answer, _feedback(_outcome(q))


def ordering(q: Any, ctx: Context) -> Card:
    shown, _ = qtypes.get("ordering").shown(q)  # type: ignore[attr-defined]
    return _list([rich(o.text) for o in shown]), _list([rich(i) for i in q.items], "ol"), _feedback(_outcome(q))


HANDLERS: dict[str, Callable[[Any, Context], Card]] = {
    "single": choices,
    "multiple": choices,
    "true_false": true_false,
    "fill_blank": fill_blank,
    "numeric": numeric,
    "matching": matching,
    "ordering": ordering,
}


def deck_name(options: Options, title: str) -> str:
    """A deck's name: plain text, under the export's title; ``::`` would start a sub-deck, so it is split."""
    names = [flat(n).replace("::", ": :").replace("\n", " ").strip() for n in (options.title, title) if n]
    return "::".join(names)


def deck(options: Options, title: str, description: str = "") -> genanki.Deck:
    name = deck_name(options, title)
    return genanki.Deck(stable_int("anki-deck", name), name, description)


def question_guid(question_id: str) -> str:
    return str(genanki.guid_for("quizgen-question", question_id))


def term_guid(term: Term) -> str:
    return str(genanki.guid_for("quizgen-term", term.slug))


def _tag(text: str) -> str:
    return "_".join(text.split())  # Anki separates tags with spaces


def bank_deck(catalog: Catalog, bank: Bank, options: Options, model: genanki.Model) -> tuple[genanki.Deck, list[Any]]:
    done, refused = convert(catalog, bank, options, HANDLERS, NAME)
    d = deck(options, bank.title, rich(bank.description) if bank.description else "")
    source = source_of(catalog, bank)
    for q, (front, answer, feedback) in done:
        explanation = rich(q.explanation)
        evidence = evidence_html(q, source)
        label = qtypes.get(q.type).label
        fields = [rich(q.prompt), front, answer, feedback, explanation, evidence, esc(label), esc(q.id)]
        tags = [_tag(t) for t in (*q.tags, f"difficulty::{q.difficulty}", f"type::{q.type}", f"bank::{bank.slug}")]
        d.add_note(genanki.Note(model=model, fields=fields, guid=question_guid(q.id), tags=tags))
    return d, refused


def glossary_deck(catalog: Catalog, options: Options) -> genanki.Deck:
    d = deck(options, GLOSSARY_DECK)
    model = term_model()
    for t in sorted(catalog.terms, key=lambda t: (t.term.casefold(), t.term)):
        fields = [esc(t.term), rich(t.expansion), rich(t.definition), ", ".join(esc(a) for a in t.aliases)]
        d.add_note(genanki.Note(model=model, fields=fields, guid=term_guid(t), tags=["glossary"]))
    return d


def package_bytes(decks: list[genanki.Deck], timestamp: int) -> bytes:
    """The .apkg of ``decks``: genanki's tables, written in memory with ``timestamp`` as every time."""
    conn = sqlite3.connect(":memory:")
    try:
        cursor = conn.cursor()
        # Note and card ids count up from the timestamp, as genanki's own writer does.
        genanki.Package(decks).write_to_db(cursor, timestamp, itertools.count(timestamp * 1000))
        conn.commit()
        conn.execute("VACUUM")
        database = conn.serialize()
    finally:
        conn.close()
    return zip_bytes([("collection.anki2", database), ("media", b"{}")], timestamp)


def write(catalog: Catalog, options: Options) -> Written:
    model = question_model()
    decks = []
    skipped = []
    for bank in catalog.banks:
        d, refused = bank_deck(catalog, bank, options, model)
        skipped += refused
        decks.append(d)
    if catalog.terms:
        decks.append(glossary_deck(catalog, options))
    return Written(package_bytes(decks, options.timestamp), tuple(skipped))
