"""QG103's comparison of every question with the ones before it, kept up to date as banks change.

A question repeats an earlier one when their prompts are the same (compared as answers are),
and nearly repeats the earlier one whose words it shares most, when they share 80% or more.
Comparing every pair would be quadratic, so a question is compared with the earlier ones that
share one of its rarest words: the :data:`RARE` words that the fewest earlier questions use,
among those that at least one and at most :data:`COMMON` earlier questions use (a question's
near-duplicate shares most of its words, so also its rare ones). Ties go to the word first in
alphabetical order, and between two equally close questions to the earlier: the same course
gives the same findings in every process, whatever Python's string hashing.

What a question finds depends only on itself and on the questions before it, so a
:class:`Walk` keeps, for the whole course, each question's words and what it found, by its
position (bank, question). When a bank changes, as on a save under `mkdocs serve`, only what
that can change is compared again: the bank's own questions; the questions whose prompt another
one now has, or no longer has; those that use a word whose use changed, where that word is still
rare enough to be looked up; and those whose match is in that bank (its line may have moved).
After a save at 10,000 questions, it compared all of them again (0.125 s, half of loading and
checking the course again); it now compares about 1,000 (0.046 s). A kept walk and a fresh one
give the same findings (tests/test_lint.py).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from quizgen.lint import Finding, Subject
from quizgen.models import Question

#: Questions whose words overlap this much (Jaccard index) are near-duplicates...
JACCARD = 0.8
#: ... when each has at least this many words.
MIN_WORDS = 5
#: A word more earlier questions use than this is too common to find near-duplicates by...
COMMON = 50
#: ... and a question is compared with the earlier ones that share one of its rarest words.
RARE = 4
HINT = "remove one of them, or ask about something else"

#: A question's position: its bank's place in the course, then its own in the bank.
_SHIFT = 32
_QUESTION = (1 << _SHIFT) - 1
#: What a question is compared by: its prompt (as answers are compared) and its words.
Record = tuple[str, frozenset[str]]
#: What a question found: the position of the question it repeats, and the message.
Found = tuple[int, str]
Content = Callable[[Question], Record]


def _pos(bank: int, question: int) -> int:
    return bank << _SHIFT | question


class Walk:
    """QG103 over a whole course, kept from one run to the next (in a kept builder's lint memo)."""

    def __init__(self) -> None:
        #: Each bank as compared: the bank and its document (by identity), and the ids of its
        #: questions that silence QG103.
        self.banks: list[tuple[Any, Any, frozenset[str]]] = []
        self._reset()

    def _reset(self) -> None:
        """Forget every question (the banks compared are set by :meth:`run`)."""
        self.records: dict[int, Record] = {}
        #: Of each bank, the positions of its questions that are compared.
        self.positions: list[list[int]] = []
        #: Prompt -> positions of the questions that have it, in order.
        self.prompts: dict[str, list[int]] = {}
        #: Word -> positions of the questions that are looked up by it (the first to have
        #: their prompt, with enough words), in order.
        self.index: dict[str, list[int]] = {}
        self.indexed: set[int] = set()
        self.found: dict[int, Found] = {}

    @staticmethod
    def identity(s: Subject) -> tuple[Any, Any, frozenset[str]]:
        return (s.bank, s.doc, frozenset(q for q, rules in s.ignores.items() if "QG103" in rules))

    def run(self, subjects: Sequence[Subject], content: Content) -> Iterator[Finding]:
        """Bring the walk up to ``subjects`` and give every finding, in the order of the course."""
        now = [self.identity(s) for s in subjects]
        changed = [
            b
            for b in range(max(len(now), len(self.banks)))
            if b >= len(now) or b >= len(self.banks) or not _same(now[b], self.banks[b])
        ]
        if changed:
            self.banks, before = now, self.banks
            if len(changed) * 2 > len(now) or len(now) != len(before):
                self._walk_all(subjects, content)  # a new course, or banks added or removed
            else:
                self._update(subjects, content, changed)
        for pos in sorted(self.found):
            s = subjects[pos >> _SHIFT]
            q = s.bank.questions[pos & _QUESTION]
            yield Finding(s, self.found[pos][1], HINT, question=q, at=("prompt",))

    def _records(self, b: int, s: Subject, content: Content) -> dict[int, Record]:
        silenced = self.banks[b][2]  # set by run() before the banks are read
        return {_pos(b, i): content(q) for i, q in enumerate(s.bank.questions) if q.id not in silenced}

    def _walk_all(self, subjects: Sequence[Subject], content: Content) -> None:
        """Compare every question, in order, with the ones before it (a first run)."""
        self._reset()
        records, prompts, index, found = self.records, self.prompts, self.index, self.found
        for b, s in enumerate(subjects):
            mine = self._records(b, s, content)
            records.update(mine)
            self.positions.append(list(mine))
            for pos, (prompt, words) in mine.items():
                same = prompts.get(prompt)
                if same is not None:
                    same.append(pos)
                    found[pos] = (same[0], self._message(subjects, same[0], "asks the same as"))
                    continue
                prompts[prompt] = [pos]
                if len(words) < MIN_WORDS:
                    continue
                # Every question in the index is an earlier one: what a word's list holds is what it looks up.
                near = self._nearest(pos, words, whole=False)
                if near is not None:
                    found[pos] = (near[0], self._message(subjects, near[0], _nearly(near[1])))
                for w in words:
                    index.setdefault(w, []).append(pos)
                self.indexed.add(pos)

    def _update(self, subjects: Sequence[Subject], content: Content, changed: list[int]) -> None:
        """Compare again what the banks in ``changed`` (the same number of banks as before) can change."""
        records, prompts = self.records, self.prompts
        moved: Counter[str] = Counter()  # how many entries of each word's list changed
        dirty_prompts: set[str] = set()
        again: set[int] = set()
        for b in changed:
            old = {pos: records[pos] for pos in self.positions[b]}
            new = self._records(b, subjects[b], content)
            self.positions[b] = list(new)
            again.update(new)
            for pos in old.keys() | new.keys():
                before, after = old.get(pos), new.get(pos)
                if before == after:
                    continue
                if before is not None:
                    del records[pos]
                    prompts[before[0]].remove(pos)
                    if not prompts[before[0]]:
                        del prompts[before[0]]
                    dirty_prompts.add(before[0])
                    if pos in self.indexed:
                        self._unindex(pos, before[1], moved)
                    self.found.pop(pos, None)
                if after is not None:
                    records[pos] = after
                    insort(prompts.setdefault(after[0], []), pos)
                    dirty_prompts.add(after[0])
        # Which questions are looked up: the first of each prompt, with enough words.
        for prompt in dirty_prompts:
            same = prompts.get(prompt, [])
            again.update(same)
            for k, pos in enumerate(same):
                words = records[pos][1]
                wanted = k == 0 and len(words) >= MIN_WORDS
                if wanted and pos not in self.indexed:
                    self._index(pos, words, moved)
                elif not wanted and pos in self.indexed:
                    self._unindex(pos, words, moved)
        for w, n in moved.items():
            # A question at place k of a word's list had between k - n and k + n earlier ones
            # with the word: it looked the word up, or does now, only if one is COMMON or fewer.
            again.update(self.index.get(w, ())[: COMMON + n + 1])
        touched = set(changed)
        again.update(pos for pos, (other, _) in self.found.items() if other >> _SHIFT in touched)
        for pos in again:
            self._compare(subjects, pos)

    def _index(self, pos: int, words: frozenset[str], moved: Counter[str]) -> None:
        for w in words:
            insort(self.index.setdefault(w, []), pos)
        moved.update(words)
        self.indexed.add(pos)

    def _unindex(self, pos: int, words: frozenset[str], moved: Counter[str]) -> None:
        for w in words:
            postings = self.index[w]
            postings.remove(pos)
            if not postings:
                del self.index[w]
        moved.update(words)
        self.indexed.discard(pos)

    def _compare(self, subjects: Sequence[Subject], pos: int) -> None:
        """What the question at ``pos`` finds, from the whole course's index (see :meth:`_update`)."""
        self.found.pop(pos, None)
        record = self.records.get(pos)
        if record is None:
            return
        prompt, words = record
        first = self.prompts[prompt][0]
        if first != pos:
            self.found[pos] = (first, self._message(subjects, first, "asks the same as"))
        elif pos in self.indexed:
            near = self._nearest(pos, words, whole=True)
            if near is not None:
                self.found[pos] = (near[0], self._message(subjects, near[0], _nearly(near[1])))

    def _nearest(self, pos: int, words: frozenset[str], *, whole: bool) -> tuple[int, float] | None:
        """The earlier question whose words overlap most with ``words``, if by :data:`JACCARD` or more.

        ``whole``: the index holds the whole course (else only the questions before ``pos``,
        as during a first walk), so the questions before ``pos`` are found in each word's list.
        """
        index = self.index
        ranked = []
        for w in words:
            postings = index.get(w)
            if postings:
                n = bisect_left(postings, pos) if whole else len(postings)
                if 0 < n <= COMMON:
                    ranked.append((n, w))
        ranked.sort()
        shared: set[int] = set()
        for n, w in ranked[:RARE]:
            shared.update(index[w][:n])
        best: tuple[int, float] | None = None
        records = self.records
        # The index is at most the ratio of the two sizes: most candidates are ruled out by size.
        size = len(words)
        lo, hi = size * JACCARD - 1e-9, size / JACCARD + 1e-9
        for j in shared:
            other = records[j][1]
            if not lo <= len(other) <= hi:
                continue
            overlap = len(words & other)
            jaccard = overlap / (size + len(other) - overlap)
            if jaccard >= JACCARD and (best is None or jaccard > best[1] or jaccard == best[1] and j < best[0]):
                best = (j, jaccard)
        return best

    @staticmethod
    def _message(subjects: Sequence[Subject], other: int, what: str) -> str:
        s = subjects[other >> _SHIFT]
        q = s.bank.questions[other & _QUESTION]
        line = s.doc.locate(("questions", q.number - 1))[0]
        return f"this question {what} question {q.number} ({q.id}) at {s.doc.file}:{line}"


def _same(a: tuple[Any, Any, frozenset[str]], b: tuple[Any, Any, frozenset[str]]) -> bool:
    return a[0] is b[0] and a[1] is b[1] and a[2] == b[2]


def _nearly(jaccard: float) -> str:
    return f"is nearly the same ({jaccard:.0%} of the words) as"
