"""``ordering``: put items in order; partial credit for each item in its place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from markupsafe import Markup

from quizgen.models import Question
from quizgen.qtypes.base import Option, QuestionType, Report, distinct, rng, texts
from quizgen.text import inline


@dataclass(frozen=True, kw_only=True)
class OrderingQuestion(Question):
    type = "ordering"
    items: tuple[str, ...]


class Ordering(QuestionType):
    name = "ordering"
    label = "ordering"
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
    hints = {"items": "add items: the items in the correct order"}

    def check(self, raw: dict[str, Any], report: Report) -> None:
        distinct(report, ("items",), texts(raw.get("items")), None, "item")

    def fields(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {"items": tuple(raw["items"])}

    def shown(self, q: Any) -> tuple[list[Option], list[str]]:
        """The items in their shown (shuffled, never already solved) order, and the right order of keys."""
        order = list(range(len(q.items)))
        r = rng(q.id)
        while order == sorted(order):
            r.shuffle(order)
        shown = [Option(f"i{pos}", q.items[i]) for pos, i in enumerate(order)]
        where = {i: pos for pos, i in enumerate(order)}
        return shown, [f"i{where[i]}" for i in range(len(q.items))]

    def shown_texts(self, q: Any) -> list[str]:
        return [o.text for o in self.shown(q)[0]]

    def view(self, q: Any) -> dict[str, Any]:
        return {"items": self.shown(q)[0]}

    def key(self, q: Any) -> dict[str, Any]:
        return {"t": self.name, "o": self.shown(q)[1]}

    def answer_html(self, q: Any, *, letters: bool = False) -> Markup:
        rows = [Markup("<li dir=\"auto\">{}</li>").format(inline(t)) for t in q.items]
        return Markup('<ol class="qg-answer-order">{}</ol>').format(Markup("").join(rows))


TYPE = Ordering()
