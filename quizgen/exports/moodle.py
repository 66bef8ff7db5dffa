"""Moodle XML: the question bank format Moodle imports with every detail it has.

One ``<question type="category">`` per bank (under ``$course$/top``), then its questions.
Each question keeps its id as Moodle's ``idnumber`` and its name, so a second import is
recognisable, and carries the explanation and evidence as general feedback. HTML text goes
in CDATA sections, as Moodle writes it itself; a ``]]>`` in the text is split across two.

Type by type (docs/exports.md has the table): ``single`` and ``multiple`` are
``multichoice`` (a right choice of ``multiple`` is worth 1/k of the mark, a wrong one takes
1/k away, Moodle keeps the total between 0 and 1: the site's rule); ``true_false`` is
``truefalse``; ``fill_blank`` is ``shortanswer`` (case as set, accent-free spellings added);
``numeric`` is ``numerical`` with its tolerance; ``matching`` is ``matching`` with the
distractors as extra answers; ``ordering`` is Moodle's ``ordering`` type, graded by
absolute position.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from quizgen.exports.common import (
    Context,
    Options,
    Written,
    accepted,
    cdata,
    convert,
    esc,
    flat,
    general_feedback_html,
    joined,
    number,
    rich,
    xml_text,
)
from quizgen.models import Bank, Catalog, Question

NAME = "Moodle XML"


def _text(tag: str, html: str, *, fmt: str = "html", indent: str = "    ") -> str:
    return f'{indent}<{tag} format="{fmt}">\n{indent}  <text>{cdata(html)}</text>\n{indent}</{tag}>'


def _head(q: Question, ctx: Context, qtype_name: str, *, prompt: str | None = None) -> list[str]:
    return [
        f'  <question type="{qtype_name}">',
        f"    <name>\n      <text>{xml_text(q.id)}</text>\n    </name>",
        _text("questiontext", prompt if prompt is not None else rich(q.prompt)),
        _text("generalfeedback", general_feedback_html(q, ctx.source)),
        "    <defaultgrade>1</defaultgrade>",
        "    <penalty>0.3333333</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{xml_text(q.id)}</idnumber>",
    ]


def _tail(q: Question) -> list[str]:
    tags = [*q.tags, f"difficulty-{q.difficulty}"]
    lines = ["    <tags>", *(f"      <tag><text>{xml_text(t)}</text></tag>" for t in tags), "    </tags>"]
    return [*lines, "  </question>"]


def _combined(q: Question) -> list[str]:
    """Feedback for a right, a partly right and a wrong answer; the site has one text for 'not right'."""
    return [
        _text("correctfeedback", joined(q.feedback_correct)),
        _text("partiallycorrectfeedback", joined(q.feedback_incorrect)),
        _text("incorrectfeedback", joined(q.feedback_incorrect)),
        "    <shownumcorrect/>",
    ]


def _answer(fraction: str, text_xml: str, feedback_html: str, *, fmt: str = "html", extra: str = "") -> str:
    return (
        f'    <answer fraction="{fraction}" format="{fmt}">\n'
        f"      <text>{text_xml}</text>\n"
        f'      <feedback format="html">\n        <text>{cdata(feedback_html)}</text>\n      </feedback>\n'
        f"{extra}"
        "    </answer>"
    )


def fraction(value: float) -> str:
    """A percentage as Moodle writes grades: at most five decimals (33.33333, -12.5)."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _choices(q: Any, ctx: Context, *, single: bool) -> str:
    right = [c for c in q.choices if c.correct]
    wrong = len(q.choices) - len(right)
    share = 100 / len(right)
    lines = _head(q, ctx, "multichoice")
    lines += [
        f"    <single>{'true' if single else 'false'}</single>",
        f"    <shuffleanswers>{'true' if ctx.bank.shuffle else 'false'}</shuffleanswers>",
        "    <answernumbering>abc</answernumbering>",
        "    <showstandardinstruction>0</showstandardinstruction>",
        *_combined(q),
    ]
    for c in q.choices:
        if single:
            value = 100.0 if c.correct else 0.0
        else:
            # A wrong pick takes away what a right one gives: max(0, right - wrong) / k, as on the site.
            value = share if c.correct else (-share if wrong else 0.0)
        lines.append(_answer(fraction(value), cdata(rich(c.text)), joined(c.feedback)))
    return "\n".join([*lines, *_tail(q)])


def single(q: Any, ctx: Context) -> str:
    return _choices(q, ctx, single=True)


def multiple(q: Any, ctx: Context) -> str:
    return _choices(q, ctx, single=False)


def true_false(q: Any, ctx: Context) -> str:
    lines = _head(q, ctx, "truefalse")
    for value in (True, False):
        right = value == bool(q.answer)
        feedback = joined(q.feedback_correct if right else q.feedback_incorrect)
        text = "true" if value else "false"
        lines.append(_answer("100" if right else "0", text, feedback, fmt="moodle_auto_format"))
    return "\n".join([*lines, *_tail(q)])


def _wildcard_safe(answer: str) -> str:
    """A short answer as Moodle compares it: ``*`` is its wildcard, ``\\*`` a literal star."""
    return answer.replace("*", "\\*")


def fill_blank(q: Any, ctx: Context) -> str:
    lines = _head(q, ctx, "shortanswer")
    lines.append(f"    <usecase>{1 if q.case_sensitive else 0}</usecase>")
    for a in accepted(q.answers, q.accent_sensitive):
        lines.append(_answer("100", cdata(_wildcard_safe(a)), joined(q.feedback_correct), fmt="moodle_auto_format"))
    if q.feedback_incorrect:
        # "*" alone matches any other response: Moodle's way to give feedback on a wrong answer.
        lines.append(_answer("0", "*", joined(q.feedback_incorrect), fmt="moodle_auto_format"))
    return "\n".join([*lines, *_tail(q)])


def numeric(q: Any, ctx: Context) -> str:
    prompt = rich(q.prompt) + (f" ({esc(q.unit)})" if q.unit else "")
    lines = _head(q, ctx, "numerical", prompt=prompt)
    tolerance = f"      <tolerance>{number(q.tolerance)}</tolerance>\n"
    lines.append(
        _answer("100", number(q.answer), joined(q.feedback_correct), fmt="moodle_auto_format", extra=tolerance)
    )
    if q.feedback_incorrect:
        extra = "      <tolerance>0</tolerance>\n"
        lines.append(_answer("0", "*", joined(q.feedback_incorrect), fmt="moodle_auto_format", extra=extra))
    lines += [
        "    <unitgradingtype>0</unitgradingtype>",
        "    <unitpenalty>0.1000000</unitpenalty>",
        "    <showunits>3</showunits>",
        "    <unitsleft>0</unitsleft>",
    ]
    return "\n".join([*lines, *_tail(q)])


def _subquestion(left_html: str, right: str) -> str:
    return (
        '    <subquestion format="html">\n'
        f"      <text>{cdata(left_html)}</text>\n"
        f"      <answer>\n        <text>{cdata(right)}</text>\n      </answer>\n"
        "    </subquestion>"
    )


def matching(q: Any, ctx: Context) -> str:
    lines = _head(q, ctx, "matching")
    lines += ["    <shuffleanswers>true</shuffleanswers>", *_combined(q)]
    lines += [_subquestion(rich(p.left), flat(p.right)) for p in q.pairs]
    # A subquestion with no text is an extra wrong answer: Moodle's distractor.
    lines += [_subquestion("", flat(d)) for d in q.distractors]
    return "\n".join([*lines, *_tail(q)])


def ordering(q: Any, ctx: Context) -> str:
    lines = _head(q, ctx, "ordering")
    lines += [
        "    <layouttype>VERTICAL</layouttype>",
        "    <selecttype>ALL</selecttype>",
        "    <selectcount>0</selectcount>",
        "    <gradingtype>ABSOLUTE_POSITION</gradingtype>",
        "    <showgrading>SHOW</showgrading>",
        "    <numberingstyle>none</numberingstyle>",
        *_combined(q),
    ]
    # Moodle's ordering type reads the right order from each answer's fraction: 1, 2, 3 ...
    lines += [_answer(f"{k}.0000000", cdata(rich(item)), "") for k, item in enumerate(q.items, start=1)]
    return "\n".join([*lines, *_tail(q)])


HANDLERS: dict[str, Callable[[Any, Context], str]] = {
    "single": single,
    "multiple": multiple,
    "true_false": true_false,
    "fill_blank": fill_blank,
    "numeric": numeric,
    "matching": matching,
    "ordering": ordering,
}


def category_path(bank: Bank, options: Options) -> str:
    """Where a bank's questions go: ``$course$/top/[title/]bank title``; a ``/`` in a name is ``//``.

    Moodle shows a category name as HTML (``format_string``), so ``<`` and ``&`` are written
    as entities: the name reads as typed and no markup in it takes effect.
    """
    names = [n for n in (options.title, bank.title) if n]
    parts = (html.escape(flat(n), quote=False).replace("/", "//").replace("\n", " ") for n in names)
    return "$course$/top/" + "/".join(parts)


def _category(bank: Bank, options: Options) -> str:
    info = rich(bank.description) if bank.description else ""
    return "\n".join(
        [
            '  <question type="category">',
            f"    <category>\n      <text>{xml_text(category_path(bank, options))}</text>\n    </category>",
            _text("info", info),
            f"    <idnumber>{xml_text(bank.slug)}</idnumber>",
            "  </question>",
        ]
    )


def write(catalog: Catalog, options: Options) -> Written:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    skipped = []
    for bank in catalog.banks:
        done, refused = convert(catalog, bank, options, HANDLERS, NAME)
        skipped += refused
        out.append(_category(bank, options))
        out.extend(xml for _, xml in done)
    out.append("</quiz>")
    return Written(("\n".join(out) + "\n").encode("utf-8"), tuple(skipped))
