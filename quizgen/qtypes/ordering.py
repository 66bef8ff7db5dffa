"""``ordering``: put items in order; partial credit for each item in its place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from markupsafe import Markup

from quizgen.i18n import N_
from quizgen.models import Question
from quizgen.qtypes.base import PAGE, Grade, Layout, Option, QuestionType, Report, distinct, neutral_order, texts
from quizgen.text import inline


@dataclass(frozen=True, kw_only=True)
class OrderingQuestion(Question):
    type = "ordering"
    items: tuple[str, ...]


class Ordering(QuestionType):
    name = "ordering"
    label = N_("ordering")
    order = 60
    model = OrderingQuestion
    properties: ClassVar[dict[str, Any]] = {
        "items": {
            "type": "array",
            "minItems": 3,
            "maxItems": 8,
            "items": {"$ref": "#/$defs/text"},
            "description": "The items, in the correct order.",
        }
    }
    required = ("items",)
    takes = "items"
    strings: ClassVar[dict[str, str]] = {
        "first": N_("Already first."),
        "last": N_("Already last."),
        "moved": N_("Moved to position {pos} of {total}."),
    }
    hints = {"items": "add items: the items in the correct order"}

    def check(self, raw: dict[str, Any], report: Report) -> None:
        distinct(report, ("items",), texts(raw.get("items")), None, "item")

    def fields(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {"items": tuple(raw["items"])}

    def shown(self, q: Any, layout: Layout = PAGE) -> tuple[list[Option], list[str]]:
        """The items in their shown (shuffled, never already solved) order, and the right order of keys."""
        if q.graded and layout.version == "A":
            # A seeded shuffle of the right order could be undone to read it off the page; this
            # order may happen to be the right one, and nothing on the page would say so.
            order = neutral_order(q.items)
        else:
            order = list(range(len(q.items)))
            r = layout.rng(q.id)
            while order == sorted(order):
                r.shuffle(order)
        shown = [Option(f"i{pos}", q.items[i]) for pos, i in enumerate(order)]
        where = {i: pos for pos, i in enumerate(order)}
        return shown, [f"i{where[i]}" for i in range(len(q.items))]

    def shown_texts(self, q: Any) -> list[str]:
        return [o.text for o in self.shown(q)[0]]

    def view(self, q: Any, layout: Layout = PAGE) -> dict[str, Any]:
        return {"items": self.shown(q, layout)[0]}

    def key(self, q: Any) -> dict[str, Any]:
        return {"t": self.name, "o": self.shown(q)[1]}

    def answer_html(self, q: Any, *, letters: bool = False) -> Markup:
        rows = "".join(f'<li><span dir="auto">{inline(t)}</span></li>' for t in q.items)
        return Markup(f'<ol class="qg-answer-order">{rows}</ol>')

    def grade(self, key: dict[str, Any], answer: Any) -> Grade:
        # ordering.js: each item in its place earns its share.
        given = answer if isinstance(answer, list) else []
        right = sum(1 for k, item in enumerate(key["o"]) if k < len(given) and given[k] == item)
        total = len(key["o"])
        return Grade(right / total if total else 0.0, right, total)


TYPE = Ordering()
