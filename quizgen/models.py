"""The validated catalog as frozen dataclasses: built once, never mutated, no IO.

Everything downstream (pages, export, coverage, sheets) reads these, never the raw YAML,
so a value that passed validation means the same thing in every output.

Questions are a tagged union: :class:`Question` holds what every question has, and each
question type (``quizgen/qtypes/``) adds its own frozen subclass with only its own fields,
named by the class attribute ``type``. Code that needs a type's fields asks the type's
module (through :mod:`quizgen.qtypes`), never a wide record with every type's fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

DIFFICULTIES = ("recall", "understanding", "analysis")


@dataclass(frozen=True)
class Block:
    """One block of an article: a numbered paragraph, a quoted passage or a section heading."""

    kind: str  # "paragraph", "quote" (a quoted passage, numbered too) or "heading"
    text: str
    number: int | None  # paragraph number; None for headings
    anchor: str  # "p7" for paragraphs, "s-urban-sophistication" for headings


@dataclass(frozen=True)
class Source:
    """One article of the course, with the details a reader needs to cite it."""

    id: str  # stable, used in page addresses and in saved progress
    title: str
    file: str  # as the user sees it, relative to the project
    name: str  # file name, e.g. "000_987c6cd902e74af3.txt"
    sha256: str
    blocks: tuple[Block, ...]
    author: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    licence: str | None = None
    language: str | None = None

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.number is not None)

    @property
    def credit(self) -> str:
        """One line that names the article for a footer or an export: title, by whom, where, when."""
        parts = [self.title]
        if self.author:
            parts.append(f"by {self.author}")
        where = ", ".join(x for x in (self.outlet, self.date) if x)
        if where:
            parts.append(where)
        return " · ".join(parts)


@dataclass(frozen=True)
class Topic:
    """What a bank is about (events, actors, arguments, or whatever a course declares)."""

    id: str
    title: str


DEFAULT_TOPICS = (
    Topic("events", "Events"),
    Topic("actors", "Actors"),
    Topic("arguments", "Arguments"),
    Topic("other", "Other"),
)


@dataclass(frozen=True)
class Evidence:
    quote: str  # as the author wrote it
    paragraph: int
    start: int  # character offsets of the match in the paragraph's text
    end: int


@dataclass(frozen=True)
class Choice:
    key: str  # "a", "b", ... in the order written; stable across shuffles
    text: str
    correct: bool = False
    feedback: str | None = None


@dataclass(frozen=True)
class Pair:
    left: str
    right: str


@dataclass(frozen=True, kw_only=True)
class Question:
    """What every question has; a question type's subclass adds its answer fields."""

    type: ClassVar[str] = ""

    id: str
    prompt: str
    explanation: str
    evidence: tuple[Evidence, ...]
    difficulty: str
    number: int = 0  # 1-based position in its bank, as the page shows it
    line: int = 0  # where the question starts in its bank
    tags: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    feedback_correct: str | None = None
    feedback_incorrect: str | None = None
    #: In a graded bank (docs/graded.md): the page shows it in an order that its texts alone
    #: decide, never its answer, and holds nothing that gives the answer away.
    graded: bool = False


@dataclass(frozen=True)
class Bank:
    slug: str  # from the file name; used in page paths
    file: str
    source: str  # the id of the source it is about
    topic: str
    title: str
    questions: tuple[Question, ...]
    description: str | None = None
    shuffle: bool = False
    #: "practice" (graded in the browser) or "graded" (no answers in the site; receipts).
    mode: str = "practice"

    @property
    def graded(self) -> bool:
        return self.mode == "graded"


@dataclass(frozen=True)
class Term:
    term: str
    expansion: str
    definition: str
    slug: str
    aliases: tuple[str, ...] = ()
    #: The definition says more than the sources do (or no source uses the term): the
    #: glossary shows it as background, on the page and in print.
    background: bool = False


@dataclass(frozen=True)
class Catalog:
    """A whole course: its sources, the banks about them, the glossary and the topics."""

    sources: tuple[Source, ...]
    banks: tuple[Bank, ...]
    terms: tuple[Term, ...] = field(default=())
    topics: tuple[Topic, ...] = DEFAULT_TOPICS
    #: Where answer keys go: "site" (pages of the site), "teacher" (only ``quizgen sheets``), "none".
    answer_keys: str = "site"

    def source(self, source_id: str) -> Source:
        for src in self.sources:
            if src.id == source_id:
                return src
        raise KeyError(source_id)

    def banks_of(self, source_id: str) -> tuple[Bank, ...]:
        return tuple(b for b in self.banks if b.source == source_id)

    def questions(self) -> list[Question]:
        return [q for bank in self.banks for q in bank.questions]

    def only(self, source_id: str) -> Catalog:
        """The same course narrowed to one source (for per-source commands)."""
        return Catalog(
            sources=(self.source(source_id),),
            banks=self.banks_of(source_id),
            terms=self.terms,
            topics=self.topics,
            answer_keys=self.answer_keys,
        )
