"""GIFT: Moodle's plain-text question format, which people read and edit by hand.

Every text is sanitised HTML (``[html]`` is set on each question), with GIFT's special
characters ``~ = # { } :`` and the backslash escaped by a backslash and line breaks written
``\\n``, so no bank text can open an answer block, a weight or a feedback. A text that would
begin with ``[`` is written ``&#91;``, so Moodle never takes its start for a format name.

GIFT has fewer places than Moodle XML: no combined feedback (right, partly right, wrong)
for choice and matching questions, no case-sensitive short answers and no ordering type.
So the feedback for a right and a wrong answer joins the general feedback (folded into the
choices' own feedback for ``single``, where exactly one choice is picked); an ordering
question becomes a matching one, each item matched with its position; and a case-sensitive
``fill_blank`` cannot be held (Moodle's GIFT import always ignores case).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quizgen import qtypes
from quizgen.exports.common import (
    CannotHold,
    Context,
    Options,
    Written,
    accepted,
    convert,
    esc,
    flat,
    general_feedback_html,
    joined,
    number,
    ordinal,
    rich,
)
from quizgen.exports.moodle import category_path, fraction
from quizgen.models import Bank, Catalog, Question

NAME = "GIFT"

_SPECIAL = "~=#{}:"
_BREAKS = {"\u2028": "&#8232;", "\u2029": "&#8233;", "\x85": "&#133;", "\x0b": "&#11;", "\x0c": "&#12;"}


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped and its line breaks written ``\\n``."""
    text = text.replace("\\", "\\\\")
    for ch in _SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def html(fragment: str) -> str:
    """An HTML fragment as a GIFT text: escaped, and never starting with ``[`` (a format name)."""
    fragment = fragment.strip()
    if fragment.startswith("["):
        fragment = "&#91;" + fragment[1:]
    # "->" separates the sides of a matching pair; HTML text never needs it raw. Characters that
    # some readers take for line breaks are written as references, so a question stays one block.
    for raw, ref in _BREAKS.items():
        fragment = fragment.replace(raw, ref)
    return escape(fragment.replace("->", "-&gt;"))


def _answer_text(answer: str) -> str:
    """A short answer as a GIFT text: Moodle's ``*`` wildcard escaped, a leading ``[`` kept as text."""
    text = answer.strip().replace("*", "\\*")
    if text.startswith("["):
        text = "[moodle]" + text  # Moodle drops a leading format name, then keeps the rest as typed
    return escape(text)


def _feedback(fragment: str) -> str:
    return f"#{html(fragment)}" if fragment else ""


def _question(
    q: Question, ctx: Context, answers: list[str], *, prompt: str | None = None, outcome: bool, lead: str = ""
) -> str:
    """``::id::[html]prompt{ answers ####general feedback }`` preceded by Moodle's id and tag comment.

    ``lead`` follows the opening brace directly (``#`` makes the block numerical).
    """
    tags = " ".join(f"[tag:{t}]" for t in (*q.tags, f"difficulty-{q.difficulty}"))
    general = general_feedback_html(q, ctx.source, outcome=outcome)
    body = "\n".join(f"\t{a}" for a in answers)
    return (
        f"// [id:{q.id}] {tags}\n"
        f"::{escape(q.id)}::[html]{html(prompt if prompt is not None else rich(q.prompt))}{{{lead}\n"
        f"{body}\n"
        f"\t####{html(general)}\n"
        "}"
    )


def single(q: Any, ctx: Context) -> str:
    # Exactly one choice is picked, so its own feedback can carry the right/wrong feedback too.
    answers = []
    for c in q.choices:
        extra = q.feedback_correct if c.correct else q.feedback_incorrect
        answers.append(("=" if c.correct else "~") + html(rich(c.text)) + _feedback(joined(c.feedback, extra)))
    return _question(q, ctx, answers, outcome=False)


def multiple(q: Any, ctx: Context) -> str:
    right = [c for c in q.choices if c.correct]
    share = 100 / len(right)
    answers = []
    for c in q.choices:
        weight = fraction(share if c.correct else -share)
        answers.append(f"~%{weight}%" + html(rich(c.text)) + _feedback(joined(c.feedback)))
    return _question(q, ctx, answers, outcome=True)


def true_false(q: Any, ctx: Context) -> str:
    # {TRUE#feedback for a wrong answer#feedback for a right answer}
    wrong, right = joined(q.feedback_incorrect), joined(q.feedback_correct)
    answer = ("TRUE" if q.answer else "FALSE") + f"#{html(wrong)}#{html(right)}"
    return _question(q, ctx, [answer], outcome=False)


def fill_blank(q: Any, ctx: Context) -> str:
    if q.case_sensitive:
        raise CannotHold("GIFT short answers always ignore case; Moodle XML keeps case_sensitive")
    if any("->" in a for a in q.answers):
        raise CannotHold("Moodle's GIFT import reads an answer containing '->' as a matching pair")
    right = _feedback(joined(q.feedback_correct))
    answers = [f"={_answer_text(a)}{right}" for a in accepted(q.answers, q.accent_sensitive)]
    if q.feedback_incorrect:
        answers.append(f"=%0%*{_feedback(joined(q.feedback_incorrect))}")  # any other answer
    return _question(q, ctx, answers, outcome=False)


def numeric(q: Any, ctx: Context) -> str:
    prompt = rich(q.prompt) + (f" ({esc(q.unit)})" if q.unit else "")
    answers = [f"={number(q.answer)}:{number(q.tolerance)}{_feedback(joined(q.feedback_correct))}"]
    if q.feedback_incorrect:
        answers.append(f"~{_feedback(joined(q.feedback_incorrect))}")  # Moodle: feedback for a wrong number
    return _question(q, ctx, answers, prompt=prompt, outcome=False, lead="#")


def matching(q: Any, ctx: Context) -> str:
    answers = [f"={html(rich(p.left))} -> {escape(flat(p.right))}" for p in q.pairs]
    answers += [f"= -> {escape(flat(d))}" for d in q.distractors]  # no left side: a distractor
    return _question(q, ctx, answers, outcome=True)


def ordering(q: Any, ctx: Context) -> str:
    shown, _ = qtypes.get("ordering").shown(q)  # type: ignore[attr-defined]
    place = {item: k for k, item in enumerate(q.items, start=1)}
    answers = [f"={html(rich(o.text))} -> {ordinal(place[o.text])}" for o in shown]
    return _question(q, ctx, answers, outcome=True)


HANDLERS: dict[str, Callable[[Any, Context], str]] = {
    "single": single,
    "multiple": multiple,
    "true_false": true_false,
    "fill_blank": fill_blank,
    "numeric": numeric,
    "matching": matching,
    "ordering": ordering,
}


def category(bank: Bank, options: Options) -> str:
    """The ``$CATEGORY:`` line of a bank.

    Moodle reads the rest of that line as the path, undoing no GIFT escape but the doubled
    backslash, and shows the name as HTML; so braces and the other special characters are
    written as character references, which show as typed and open nothing.
    """
    path = category_path(bank, options).replace("\\", "\\\\")
    for ch in "{}~=":
        path = path.replace(ch, f"&#{ord(ch)};")
    return "$CATEGORY: " + path


def write(catalog: Catalog, options: Options) -> Written:
    blocks = []
    skipped = []
    for bank in catalog.banks:
        done, refused = convert(catalog, bank, options, HANDLERS, NAME)
        skipped += refused
        blocks.append(category(bank, options))
        blocks.extend(text for _, text in done)
    return Written(("\n\n".join(blocks) + "\n").encode("utf-8"), tuple(skipped))
