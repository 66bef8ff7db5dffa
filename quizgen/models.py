"""The validated catalog as frozen dataclasses: built once, never mutated, no IO.

Everything downstream (pages, export, coverage, sheets) reads these, never the raw YAML,
so a value that passed validation means the same thing in every output.
"""

from __future__ import annotations

from dataclasses import dataclass, field

QUESTION_TYPES = ("single", "multiple", "true_false", "fill_blank", "matching", "ordering", "numeric")
DIFFICULTIES = ("recall", "understanding", "analysis")


@dataclass(frozen=True)
class Block:
    """One block of the article: a numbered paragraph, a quoted passage or a section heading."""

    kind: str  # "paragraph", "quote" (a quoted passage, numbered too) or "heading"
    text: str
    number: int | None  # paragraph number; None for headings
    anchor: str  # "p7" for paragraphs, "s-urban-sophistication" for headings


@dataclass(frozen=True)
class Source:
    file: str  # as the user sees it, relative to the project
    name: str  # file name, e.g. "000_987c6cd902e74af3.txt"
    sha256: str
    blocks: tuple[Block, ...]

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.number is not None)


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


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt: str
    explanation: str
    evidence: tuple[Evidence, ...]
    difficulty: str
    line: int = 0  # where the question starts in its bank
    tags: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    feedback_correct: str | None = None
    feedback_incorrect: str | None = None
    choices: tuple[Choice, ...] = ()
    answer: bool | int | float | None = None
    answers: tuple[str, ...] = ()
    case_sensitive: bool = False
    accent_sensitive: bool = False
    tolerance: int | float = 0
    unit: str | None = None
    pairs: tuple[Pair, ...] = ()
    distractors: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bank:
    slug: str  # from the file name; used in page paths
    file: str
    topic: str
    title: str
    questions: tuple[Question, ...]
    description: str | None = None
    shuffle: bool = False


@dataclass(frozen=True)
class Term:
    term: str
    expansion: str
    definition: str
    slug: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    source: Source
    banks: tuple[Bank, ...]
    terms: tuple[Term, ...] = field(default=())

    def questions(self) -> list[Question]:
        return [q for bank in self.banks for q in bank.questions]
