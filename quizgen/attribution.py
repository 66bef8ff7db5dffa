"""Who makes a claim: the speakers a source declares, and whom it attributes each quote to.

A question may say whose claim it is about (``speaker: sehgal``): the author's, a named
person's, a quoted report's or a group's. The speakers are declared once, in the source's
details file, with the names and aliases the article uses for them::

    speakers:
      - {id: sehgal, name: Ikram Sehgal, aliases: [Sehgal]}
      - {id: sair, name: South Asia Intelligence Review}

``author`` is always a speaker: the article's own voice. quizgen then reads the article the
way a careful reader does, and checks that each evidence quote of the question is
attributed to that speaker:

1. a quoted passage (a block after a paragraph that ends in a colon) belongs to the speaker
   named in the sentence that introduces it ("the South Asia Intelligence Review reported:");
2. otherwise the quote's sentence decides: a speaker named next to a reporting verb
   ("argues Ikram Sehgal", "Sehgal places the blame", "Leaders from TTP have stated"), or a
   pronoun next to one ("He suggests", "which he indicates") standing for the speaker named
   last before it, in the same paragraph or the two before;
3. a sentence with no attribution of its own continues one made earlier in its paragraph;
4. what is attributed to nobody is the author's.

A speaker merely mentioned is not a speaker of the sentence: in "a U.S. drone strike that
killed former Taliban leader Hakimullah Mehsud", Mehsud says nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from quizgen.models import Block, Evidence, Source
from quizgen.source import _FOLD

# Quote marks and dashes folded, and every white space character a plain space: one
# character for one, so offsets in the folded text are offsets in the article's.
_SAME_LENGTH = {**_FOLD, **{ord(c): " " for c in "\u00a0\u2007\u202f\t\n\r"}}


def _plain(text: str) -> str:
    return text.translate(_SAME_LENGTH)


AUTHOR = "author"

#: Verbs and phrases that attribute what follows or precedes them to someone.
REPORTING = (
    "say says said state states stated argue argues argued suggest suggests suggested report reports "
    "reported advise advises advised indicate indicates indicated claim claims claimed warn warns warned "
    "insist insists insisted believe believes believed contend contends contended maintain maintains "
    "maintained write writes wrote note notes noted add adds added tell tells told announce announces "
    "announced recommend recommends recommended propose proposes proposed blame blames blamed urge urges "
    "urged assert asserts asserted explain explains explained conclude concludes concluded"
).split()
_PHRASES = ("places the blame", "place the blame", "placed the blame", "according to", "calls for", "called for")
_VERB = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in (*_PHRASES, *REPORTING)) + r")\b", re.I)
_PRONOUN = re.compile(r"\b(?:he|she|they)\b", re.I)
#: How near a name must be to its reporting verb, in characters ("Leaders from TTP have stated").
NEAR = 24
# A sentence ends at . ! or ? (and any closing quotes) before a space and a capital, a digit
# or an opening quote; "U.S. drone" and "Dr. Sehgal" do not end one.
_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
_AUTHOR_WORD = re.compile(r"\bauthor(?:'s)?\b", re.I)
_ABBREVIATIONS = ("U.S.", "U.K.", "U.N.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "Gen.", "Col.", "Lt.", "Prof.")


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a paragraph, as (start, end) offsets."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if any(text[: m.start() + 1].endswith(a) for a in _ABBREVIATIONS):
            continue
        out.append((start, m.end()))
        start = m.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


class Attribution:
    """The speakers of one source, and the attribution of every sentence in it."""

    def __init__(self, source: Source, speakers: tuple[Speaker, ...]) -> None:
        self.source = source
        declared = {s.id: s for s in speakers}
        if AUTHOR not in declared:
            declared[AUTHOR] = Speaker(AUTHOR, "the author", ())
        self.speakers = declared
        names = sorted(
            ((_plain(name), s.id) for s in declared.values() if s.id != AUTHOR for name in s.names),
            key=lambda x: -len(x[0]),
        )
        self._names = names
        self._pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n, _ in names)) if names else None
        self._by_name = {n: sid for n, sid in names}

    def named(self, text: str) -> set[str]:
        """The speakers a text names (an option such as "Ikram Sehgal" or "The author's own view")."""
        found = {sid for _, _, sid in self._mentions(_plain(text))}
        if _AUTHOR_WORD.search(text):
            found.add(AUTHOR)
        return found

    def name(self, speaker_id: str) -> str:
        s = self.speakers.get(speaker_id)
        return s.name if s else speaker_id

    def _mentions(self, text: str) -> list[tuple[int, int, str]]:
        if self._pattern is None:
            return []
        return [(m.start(), m.end(), self._by_name[m.group()]) for m in self._pattern.finditer(text)]

    @cached_property
    def _by_block(self) -> dict[int, list[tuple[int, int, frozenset[str]]]]:
        """For each numbered block: its sentences with the speakers each is attributed to."""
        out: dict[int, list[tuple[int, int, frozenset[str]]]] = {}
        blocks = [b for b in self.source.blocks if b.number is not None]
        last_named: list[str] = []  # speakers named so far, most recent last
        recent: list[list[str]] = []  # per block: speakers named in it
        for k, block in enumerate(blocks):
            named_here: list[str] = []
            rows: list[tuple[int, int, frozenset[str]]] = []
            if block.kind == "quote" and k > 0:
                intro = out[blocks[k - 1].number or 0]
                speakers = intro[-1][2] if intro else frozenset({AUTHOR})
                rows = [(a, b, speakers) for a, b in sentences(_plain(block.text))]
                out[block.number or 0] = rows
                recent.append([])
                continue
            carried: frozenset[str] | None = None
            plain = _plain(block.text)
            for a, b in sentences(plain):
                text = plain[a:b]
                mentions = self._mentions(text)
                found: set[str] = set()
                for verb in _VERB.finditer(text):
                    for s, e, sid in mentions:
                        if 0 <= verb.start() - e <= NEAR or 0 <= s - verb.end() <= NEAR:
                            found.add(sid)
                    if not found:
                        for p in _PRONOUN.finditer(text):
                            if 0 <= verb.start() - p.end() <= NEAR:
                                before = [sid for s, _, sid in mentions if s < p.start()]
                                window = [sid for blk in recent[-2:] for sid in blk]
                                antecedent = before[-1:] or named_here[-1:] or window[-1:] or last_named[-1:]
                                found.update(antecedent)
                speakers = frozenset(found) if found else carried or frozenset({AUTHOR})
                if found:
                    carried = speakers
                rows.append((a, b, speakers))
                for _, _, sid in mentions:
                    named_here.append(sid)
                    last_named.append(sid)
            out[block.number or 0] = rows
            recent.append(named_here)
        return out

    def of(self, evidence: Evidence) -> frozenset[str]:
        """The speakers the source attributes ``evidence`` to (the sentences it overlaps)."""
        found: set[str] = set()
        for a, b, speakers in self._by_block.get(evidence.paragraph, []):
            if a < evidence.end and evidence.start < b:
                found |= speakers
        return frozenset(found) or frozenset({AUTHOR})

    def block(self, number: int) -> Block | None:
        return next((b for b in self.source.blocks if b.number == number), None)
