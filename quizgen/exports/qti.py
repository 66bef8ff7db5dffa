"""QTI 1.2: the IMS question format that Canvas and most other LMSs import.

The package is an IMS content package, a zip file as Canvas's "QTI .zip file" import
expects: ``imsmanifest.xml`` at the top, and one assessment per bank in
``<ident>/<ident>.xml`` (IMS QTI 1.2.1 ASI, namespace ``ims_qtiasiv1p2``). Each item follows
the shapes Canvas writes itself: the ``question_type`` and ``points_possible`` metadata
fields, a ``response_lid`` or ``response_str`` named ``response1``, a SCORE variable from 0
to 100, and feedback in ``itemfeedback`` blocks named ``general_fb`` (the explanation and
evidence, shown after any answer), ``correct_fb``, ``general_incorrect_fb`` and
``<choice>_fb``.

Identifiers come from the ids: the item ``q-<id>``, the assessment ``qg-<bank slug>``,
choices ``a``, ``b``, ... as in the bank. Text is escaped XML (HTML inside ``mattext``
with ``texttype="text/html"``), never raw markup.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from quizgen import qtypes
from quizgen.exports.common import (
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
    stable_int,
    xml_attr,
    xml_text,
    zip_bytes,
)
from quizgen.models import Bank, Catalog, Question

NAME = "QTI 1.2"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
MD_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


def item_ident(q: Question) -> str:
    return f"q-{q.id}"


def assessment_ident(bank: Bank) -> str:
    return f"qg-{bank.slug}"


def _mattext(html: str, *, indent: str) -> str:
    return f'{indent}<material><mattext texttype="text/html">{xml_text(html)}</mattext></material>'


def _plain(text: str, *, indent: str) -> str:
    return f'{indent}<material><mattext texttype="text/plain">{xml_text(text)}</mattext></material>'


class _Item:
    """One ``<item>`` being written: presentation, scoring rules and feedback blocks."""

    def __init__(self, q: Question, ctx: Context, canvas_type: str, *, prompt: str | None = None) -> None:
        self.q = q
        self.ctx = ctx
        self.canvas_type = canvas_type
        self.prompt = prompt if prompt is not None else rich(q.prompt)
        self.presentation: list[str] = []
        self.conditions: list[str] = []
        self.feedback: dict[str, str] = {}

    def say(self, ident: str, html: str) -> str | None:
        """Register a feedback block; returns its ident, or None when there is nothing to say."""
        if not html:
            return None
        self.feedback[ident] = html
        return ident

    def condition(self, test: str, *, score: str | None = None, action: str = "Set", show: str | None = None) -> None:
        """A ``respcondition``; one that sets the score stops processing, like Canvas's own."""
        lines = [f'        <respcondition continue="{"No" if score is not None and action == "Set" else "Yes"}">']
        lines.append(f"          <conditionvar>{test}</conditionvar>")
        if score is not None:
            lines.append(f'          <setvar action="{action}" varname="SCORE">{score}</setvar>')
        if show:
            lines.append(f'          <displayfeedback feedbacktype="Response" linkrefid="{show}"/>')
        lines.append("        </respcondition>")
        self.conditions.append("\n".join(lines))

    def xml(self) -> str:
        q = self.q
        general = self.say("general_fb", general_feedback_html(q, self.ctx.source))
        meta = [("question_type", self.canvas_type), ("points_possible", "1.0")]
        fields = "".join(
            f"<qtimetadatafield><fieldlabel>{k}</fieldlabel><fieldentry>{xml_text(v)}</fieldentry></qtimetadatafield>"
            for k, v in meta
        )
        # Canvas shows general_fb whatever the answer: <other/> first, before any rule can stop.
        rules = [
            '        <respcondition continue="Yes">\n          <conditionvar><other/></conditionvar>\n'
            f'          <displayfeedback feedbacktype="Response" linkrefid="{general}"/>\n'
            "        </respcondition>"
        ]
        blocks = "\n".join(
            f'        <itemfeedback ident="{ident}">\n          <flow_mat>\n'
            f"{_mattext(html, indent='            ')}\n"
            "          </flow_mat>\n        </itemfeedback>"
            for ident, html in self.feedback.items()
        )
        return "\n".join(
            [
                f'      <item ident="{xml_attr(item_ident(q))}" title="{xml_attr(q.id)}">',
                f"        <itemmetadata><qtimetadata>{fields}</qtimetadata></itemmetadata>",
                "        <presentation>",
                _mattext(self.prompt, indent="          "),
                *self.presentation,
                "        </presentation>",
                "        <resprocessing>",
                "          <outcomes>",
                '            <decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/>',
                "          </outcomes>",
                *rules,
                *self.conditions,
                "        </resprocessing>",
                blocks,
                "      </item>",
            ]
        )


def _varequal(ident: str, value: str, *, case: bool | None = None) -> str:
    attr = "" if case is None else f' case="{"Yes" if case else "No"}"'
    return f'<varequal respident="{ident}"{attr}>{xml_text(value)}</varequal>'


def _choice_lid(labels: list[tuple[str, str]], *, cardinality: str, shuffle: bool, plain: bool = False) -> str:
    rows = []
    for ident, text in labels:
        body = _plain(text, indent="") if plain else _mattext(text, indent="")
        rows.append(f'              <response_label ident="{xml_attr(ident)}">{body}</response_label>')
    return "\n".join(
        [
            f'          <response_lid ident="response1" rcardinality="{cardinality}">',
            f'            <render_choice shuffle="{"Yes" if shuffle else "No"}">',
            *rows,
            "            </render_choice>",
            "          </response_lid>",
        ]
    )


def _choices(q: Any, ctx: Context, *, many: bool) -> str:
    item = _Item(q, ctx, "multiple_answers_question" if many else "multiple_choice_question")
    item.presentation.append(
        _choice_lid(
            [(c.key, rich(c.text)) for c in q.choices],
            cardinality="Multiple" if many else "Single",
            shuffle=ctx.bank.shuffle,
        )
    )
    for c in q.choices:
        if c.feedback:
            item.condition(_varequal("response1", c.key), show=item.say(f"{c.key}_fb", joined(c.feedback)))
    if many:
        # Canvas's own shape: the right set exactly earns the mark; Canvas grades partial answers itself.
        parts = [
            _varequal("response1", c.key) if c.correct else f"<not>{_varequal('response1', c.key)}</not>"
            for c in q.choices
        ]
        test = "<and>" + "".join(parts) + "</and>"
    else:
        test = _varequal("response1", next(c.key for c in q.choices if c.correct))
    item.condition(test, score="100", show=item.say("correct_fb", joined(q.feedback_correct)))
    wrong = item.say("general_incorrect_fb", joined(q.feedback_incorrect))
    if wrong:
        item.condition("<other/>", show=wrong)
    return item.xml()


def single(q: Any, ctx: Context) -> str:
    return _choices(q, ctx, many=False)


def multiple(q: Any, ctx: Context) -> str:
    return _choices(q, ctx, many=True)


def true_false(q: Any, ctx: Context) -> str:
    item = _Item(q, ctx, "true_false_question")
    item.presentation.append(_choice_lid([("true", "True"), ("false", "False")], cardinality="Single", shuffle=False))
    right = "true" if q.answer else "false"
    item.condition(_varequal("response1", right), score="100", show=item.say("correct_fb", joined(q.feedback_correct)))
    wrong = item.say("general_incorrect_fb", joined(q.feedback_incorrect))
    if wrong:
        item.condition("<other/>", show=wrong)
    return item.xml()


def _fib(fibtype: str) -> str:
    return (
        '          <response_str ident="response1" rcardinality="Single">\n'
        f'            <render_fib fibtype="{fibtype}"><response_label ident="answer1" rshuffle="No"/></render_fib>\n'
        "          </response_str>"
    )


def _any(tests: list[str]) -> str:
    return tests[0] if len(tests) == 1 else "<or>" + "".join(tests) + "</or>"


def fill_blank(q: Any, ctx: Context) -> str:
    item = _Item(q, ctx, "short_answer_question")
    item.presentation.append(_fib("String"))
    tests = [_varequal("response1", a, case=q.case_sensitive) for a in accepted(q.answers, q.accent_sensitive)]
    item.condition(_any(tests), score="100", show=item.say("correct_fb", joined(q.feedback_correct)))
    wrong = item.say("general_incorrect_fb", joined(q.feedback_incorrect))
    if wrong:
        item.condition("<other/>", show=wrong)
    return item.xml()


def numeric(q: Any, ctx: Context) -> str:
    item = _Item(q, ctx, "numerical_question", prompt=rich(q.prompt) + (f" ({esc(q.unit)})" if q.unit else ""))
    item.presentation.append(_fib("Decimal"))
    exact = _varequal("response1", number(q.answer))
    if q.tolerance:
        # Decimal arithmetic from the written numbers: 0.3 - 0.1 is 0.2 here, not 0.19999999999999998.
        mid, tol = Decimal(number(q.answer)), Decimal(number(q.tolerance))
        low, high = format(mid - tol, "f"), format(mid + tol, "f")
        rng = f'<and><vargte respident="response1">{low}</vargte><varlte respident="response1">{high}</varlte></and>'
        test = f"<or>{exact}{rng}</or>"
    else:
        test = exact
    item.condition(test, score="100", show=item.say("correct_fb", joined(q.feedback_correct)))
    wrong = item.say("general_incorrect_fb", joined(q.feedback_incorrect))
    if wrong:
        item.condition("<other/>", show=wrong)
    return item.xml()


def _pairs(q: Any, ctx: Context, lefts: list[str], options: list[tuple[str, str]], key: list[str]) -> str:
    """A Canvas matching question: one ``response_lid`` per left item, each worth an equal share."""
    item = _Item(q, ctx, "matching_question")
    for k, left in enumerate(lefts):
        rows = [
            f'              <response_label ident="{xml_attr(ident)}">{_plain(text, indent="")}</response_label>'
            for ident, text in options
        ]
        item.presentation.append(
            "\n".join(
                [
                    f'          <response_lid ident="response_l{k}">',
                    _mattext(left, indent="            "),
                    '            <render_choice shuffle="No">',
                    *rows,
                    "            </render_choice>",
                    "          </response_lid>",
                ]
            )
        )
    share = format(Decimal(100) / Decimal(len(lefts)), ".4f").rstrip("0").rstrip(".")
    for k, right in enumerate(key):
        item.condition(_varequal(f"response_l{k}", right), score=share, action="Add")
    every = "".join(_varequal(f"response_l{k}", r) for k, r in enumerate(key))
    right_fb = item.say("correct_fb", joined(q.feedback_correct))
    wrong_fb = item.say("general_incorrect_fb", joined(q.feedback_incorrect))
    if right_fb:
        item.condition(f"<and>{every}</and>", show=right_fb)
    if wrong_fb:
        item.condition(f"<not><and>{every}</and></not>", show=wrong_fb)
    return item.xml()


def matching(q: Any, ctx: Context) -> str:
    # The options in the order students see them on the site, not in the order that gives the pairs away.
    options, key = qtypes.get("matching").options(q)  # type: ignore[attr-defined]
    return _pairs(
        q,
        ctx,
        [rich(p.left) for p in q.pairs],
        [(o.key, flat(o.text)) for o in options],
        [key[f"l{k}"] for k in range(len(q.pairs))],
    )


def ordering(q: Any, ctx: Context) -> str:
    # Canvas has no ordering type: each item, in the order students see it, is matched with its position.
    shown, _ = qtypes.get("ordering").shown(q)  # type: ignore[attr-defined]
    place = {item: k for k, item in enumerate(q.items, start=1)}
    positions = [(f"p{k}", ordinal(k)) for k in range(1, len(q.items) + 1)]
    return _pairs(q, ctx, [rich(o.text) for o in shown], positions, [f"p{place[o.text]}" for o in shown])


HANDLERS: dict[str, Callable[[Any, Context], str]] = {
    "single": single,
    "multiple": multiple,
    "true_false": true_false,
    "fill_blank": fill_blank,
    "numeric": numeric,
    "matching": matching,
    "ordering": ordering,
}


def _assessment(bank: Bank, items: list[str], options: Options) -> bytes:
    ident = assessment_ident(bank)
    title = flat(bank.title)
    return (
        "\n".join(
            [
                '<?xml version="1.0" encoding="UTF-8"?>',
                f'<questestinterop xmlns="{QTI_NS}" xmlns:xsi="{XSI_NS}"'
                f' xsi:schemaLocation="{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd">',
                f'  <assessment ident="{xml_attr(ident)}" title="{xml_attr(title)}">',
                f'    <section ident="{xml_attr(ident)}-section">',
                *items,
                "    </section>",
                "  </assessment>",
                "</questestinterop>",
            ]
        )
        + "\n"
    ).encode("utf-8")


def _manifest(catalog: Catalog, idents: list[str], options: Options) -> bytes:
    title = options.title or " · ".join(flat(b.title) for b in catalog.banks) or "quizgen export"
    manifest_id = f"qg-manifest-{stable_int('qti', *idents)}"
    resources = "\n".join(
        f'    <resource identifier="{xml_attr(i)}" type="imsqti_xmlv1p2" href="{xml_attr(i)}/{xml_attr(i)}.xml">\n'
        f'      <file href="{xml_attr(i)}/{xml_attr(i)}.xml"/>\n'
        "    </resource>"
        for i in idents
    )
    return (
        "\n".join(
            [
                '<?xml version="1.0" encoding="UTF-8"?>',
                f'<manifest identifier="{manifest_id}" xmlns="{CP_NS}" xmlns:imsmd="{MD_NS}" xmlns:xsi="{XSI_NS}"'
                f' xsi:schemaLocation="{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd'
                f' {MD_NS} http://www.imsglobal.org/xsd/imsmd_v1p2p2.xsd">',
                "  <metadata>",
                "    <schema>IMS Content</schema>",
                "    <schemaversion>1.1.3</schemaversion>",
                "    <imsmd:lom><imsmd:general><imsmd:title>"
                f"<imsmd:langstring>{xml_text(title)}</imsmd:langstring>"
                "</imsmd:title></imsmd:general></imsmd:lom>",
                "  </metadata>",
                "  <organizations/>",
                "  <resources>",
                resources,
                "  </resources>",
                "</manifest>",
            ]
        )
        + "\n"
    ).encode("utf-8")


def write(catalog: Catalog, options: Options) -> Written:
    members: list[tuple[str, bytes]] = []
    idents: list[str] = []
    skipped = []
    for bank in catalog.banks:
        done, refused = convert(catalog, bank, options, HANDLERS, NAME)
        skipped += refused
        ident = assessment_ident(bank)
        idents.append(ident)
        members.append((f"{ident}/{ident}.xml", _assessment(bank, [xml for _, xml in done], options)))
    files = [("imsmanifest.xml", _manifest(catalog, idents, options)), *members]
    return Written(zip_bytes(files, options.timestamp), tuple(skipped))
