"""The lint rules, one function each. docs/authoring.md lists them with their thresholds.

The advice they follow is the common item-writing guidance, chiefly:

- Haladyna, Downing and Rodriguez (2002), "A review of multiple-choice item-writing
  guidelines for classroom assessment", *Applied Measurement in Education* 15(3);
- Frisbie and Becker (1991), "An analysis of textbook advice about true-false tests",
  *Applied Measurement in Education* 4(1).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from functools import lru_cache

from quizgen import order, qtypes
from quizgen.answers import norm
from quizgen.lint import Finding, Subject, duplicates, each_question, rule
from quizgen.models import Question
from quizgen.qtypes.base import Craft, number_text
from quizgen.text import plain as _plain_text

# The rules read the same texts many times over (a prompt in four rules): rendered once.
plain = lru_cache(maxsize=65536)(_plain_text)

HALADYNA = "Haladyna, Downing & Rodriguez (2002)"
FRISBIE = "Frisbie & Becker (1991)"

#: QG101: a position is over-used when it holds the right answer this many times as often as chance would...
POSITION_RATIO = 1.5
#: ... and at least this many times more; in banks with at least this many single-answer questions.
POSITION_EXCESS = 2
POSITION_MIN = 5
#: QG102: the right option is "much the longest" at this ratio to the longest wrong one, and this many characters.
LONGEST_RATIO = 1.3
LONGEST_CHARS = 10
#: QG104: how many of the questions that print an answer a message names.
LISTED = 5
#: QG106: each answer at least this share of a bank's true/false statements, from this many on.
TRUE_FALSE_SHARE = 0.3
TRUE_FALSE_MIN = 4

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOP = frozenset(
    "the a an and or of to in on at by for from with as is are was were be been has have had it its this that "
    "these those which what who whom whose how why when where does did do according article say says said".split()
)


@lru_cache(maxsize=65536)
def as_compared(text: str) -> str:
    """A text as students read it (its Markdown rendered), in the form answers are compared in.

    Several rules read the same prompt and options this way (a prompt in four of them).
    """
    return norm(plain(text))


def _words(text: str) -> list[str]:
    return _WORD.findall(as_compared(text))


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    word = word.removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _times(n: float) -> str:
    whole = round(n)
    return "about once" if whole <= 1 else f"about {whole} times"


def _letter(position: int) -> str:
    return chr(ord("A") + position)


# One run reads each question's Craft in several rules; questions are values (hashing one
# hashes all its fields), so the cache is keyed by identity, and emptied by each run.
_CRAFTS: dict[int, tuple[Question, Craft]] = {}


def _craft(q: Question) -> Craft:
    found = _CRAFTS.get(id(q))
    if found is None or found[0] is not q:
        found = _CRAFTS[id(q)] = (q, qtypes.of(q).craft(q))
    return found[1]


def forget() -> None:
    """Empty the caches of one run (:func:`quizgen.lint.run` calls it)."""
    _CRAFTS.clear()
    plain.cache_clear()
    as_compared.cache_clear()
    _stem.cache_clear()
    global _WORDS, _WALK
    _WORDS, _WALK = {}, duplicates.Walk()


def _right_wrong(q: Question) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    options = _craft(q).options
    right = [(k, text) for k, (text, ok) in enumerate(options) if ok]
    wrong = [(k, text) for k, (text, ok) in enumerate(options) if not ok]
    return right, wrong


def _one_right(q: Question) -> bool:
    """A question to choose one right option from (a single-answer question, whatever its type)."""
    right, wrong = _right_wrong(q)
    return len(right) == 1 and bool(wrong)


def _order_hint(subject: Subject) -> str:
    if subject.bank.shuffle:
        return "reorder the choices of some of these questions"
    return (
        "set shuffle: true in the bank, and quizgen spreads the answers over the positions on the page "
        "and on paper; or reorder the choices"
    )


@rule(
    "QG101",
    "answer-position",
    summary="The right answers are not spread over the positions students see (A, B, C...).",
    threshold=f"in a bank of at least {POSITION_MIN} single-answer questions, no position holds the right "
    f"answer more than {POSITION_RATIO} times as often as chance would, and {POSITION_EXCESS} or more times "
    "more; in a bank of at least 3 multiple-answer questions, no more than half list their right options first. "
    "Positions are those of the quiz page and the printed sheet.",
    advice=f"Vary the location of the right answer ({HALADYNA}).",
)
def answer_position(subjects: Sequence[Subject]) -> Iterator[Finding]:
    for s in subjects:
        shown = order.positions(s.bank)
        counted = s.counted("QG101")
        singles = [q for q in counted if _one_right(q)]
        if len(singles) >= POSITION_MIN:
            counts = Counter(shown[q.id][0] for q in singles if shown[q.id])
            sizes = {q.id: len(_craft(q).options) for q in singles}
            worst = None
            for p in range(8):
                chance = sum(1 / sizes[q.id] for q in singles if sizes[q.id] > p)
                if counts[p] > POSITION_RATIO * chance and counts[p] - chance >= POSITION_EXCESS:
                    if worst is None or counts[p] - chance > worst[1] - worst[2]:
                        worst = (p, counts[p], chance)
            if worst is not None:
                p, n, chance = worst
                yield Finding(
                    s,
                    f"the right answer is {_letter(p)} in {n} of the {len(singles)} single-answer questions "
                    f"(chance would put it there {_times(chance)})",
                    _order_hint(s),
                    at=("questions",),
                    key=True,
                )
        multiples = []
        for q in counted:
            right, wrong = _right_wrong(q)
            if len(right) > 1 and wrong:
                multiples.append(q)
        first = [q for q in multiples if sorted(shown[q.id]) == list(range(len(shown[q.id])))]
        if len(multiples) >= 3 and 2 * len(first) > len(multiples):
            yield Finding(
                s,
                f"{len(first)} of the {len(multiples)} multiple-answer questions list their right options first",
                _order_hint(s),
                at=("questions",),
                key=True,
            )


@rule(
    "QG102",
    "longest-answer",
    summary="The right option is the longest, so a student who picks the longest wins.",
    threshold=f"a single-answer question whose right option is at least {LONGEST_RATIO} times as long as its "
    f"longest wrong one (and {LONGEST_CHARS} characters longer); and a bank of at least {POSITION_MIN} "
    "single-answer questions where the right option is the longest in more than half of them.",
    advice=f"Keep the length of the options about equal ({HALADYNA}).",
)
def longest_answer(subjects: Sequence[Subject]) -> Iterator[Finding]:
    for s in subjects:
        singles = 0
        longest = 0
        for q in s.counted("QG102"):
            right, wrong = _right_wrong(q)
            if len(right) != 1 or not wrong:
                continue
            singles += 1
            k, text = right[0]
            length, other = len(plain(text)), max(len(plain(t)) for _, t in wrong)
            if length > other:
                longest += 1
            if length >= LONGEST_RATIO * other and length - other >= LONGEST_CHARS:
                yield Finding(
                    s,
                    f"the right option is {length} characters, the longest wrong one {other}",
                    "shorten the right option, or give the wrong ones the same detail",
                    question=q,
                    at=("choices", k, "text"),
                )
        if singles >= POSITION_MIN and 2 * longest > singles:
            yield Finding(
                s,
                f"the right option is the longest in {longest} of the {singles} single-answer questions",
                "make some wrong options as long and as precise as the right ones",
                at=("questions",),
                key=True,
            )


#: QG103's words of each question, by identity (the question is held). During a run this is
#: the run's :class:`~quizgen.lint.Memo`'s, so that a kept builder has them on the next run.
_WORDS: dict[int, tuple[Question, str, frozenset[str]]] = {}


_WALK = duplicates.Walk()


def remember(words: dict[int, tuple[Question, str, frozenset[str]]], walk: duplicates.Walk) -> None:
    """Keep the words of the questions in ``words``, and QG103's walk, during this run."""
    global _WORDS, _WALK
    _WORDS, _WALK = words, walk


def _content(q: Question) -> duplicates.Record:
    """QG103's view of ``q``: its prompt as answers are compared, and the words it is made of."""
    found = _WORDS.get(id(q))
    if found is None or found[0] is not q:
        prompt = as_compared(q.prompt)
        said = _WORD.findall(prompt)
        for text in qtypes.of(q).answer_texts(q):
            said += _words(text)
        words = frozenset(map(_stem, [w for w in said if len(w) > 2 and w not in _STOP]))
        found = _WORDS[id(q)] = (q, prompt, words)
    return found[1], found[2]


@rule(
    "QG103",
    "duplicate-question",
    summary="The same question twice (under another id, or in another bank), or nearly the same.",
    threshold=f"the same prompt (compared as answers are); or prompts and answers whose words overlap by "
    f"{duplicates.JACCARD:.0%} or more (Jaccard index of their words, at least {duplicates.MIN_WORDS} each).",
    advice="Ask each thing once: a repeated question counts one fact twice in the score.",
    scope="course",
)
def duplicate_question(subjects: Sequence[Subject]) -> Iterator[Finding]:
    # How, and how a kept builder compares again only what a changed bank can change: duplicates.
    return _WALK.run(subjects, _content)


#: A number as printed in a text: digits, with thousands separated by commas, and decimals.
_NUMBER_TOKEN = re.compile(
    r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w]|[.,]\d)|(?<![\w.,])\d+(?:\.\d+)?(?![\w]|[.,]\d)"
)


_DIGIT = re.compile(r"\d").search


def _number_value(token: str) -> float:
    return float(token.replace(",", ""))


@rule(
    "QG104",
    "answer-elsewhere",
    summary="The answer of a fill-in or numeric question is printed in another question on the same page.",
    threshold="a fill-in answer (as answers are compared, 3 characters or more) or the number of a numeric "
    "answer found in the prompt or the options of any question of the same bank, the question itself included.",
    advice=f"Keep items independent: one must not give away the answer to another ({HALADYNA}).",
)
def answer_elsewhere(subjects: Sequence[Subject]) -> Iterator[Finding]:
    for s in subjects:
        asked = [(q, _craft(q)) for q in s.counted("QG104")]
        asked = [(q, c) for q, c in asked if c.number is not None or c.typed]
        if not asked:
            continue
        questions = list(s.bank.questions)
        written = [(q.prompt, *qtypes.of(q).shown_texts(q)) for q in questions]
        starts: list[int] = []
        joined = ""
        printed: set[str] = set()
        if any(c.typed for _, c in asked):
            # Every question's texts in one string (as typed answers are compared), so that an
            # answer is looked for with one str.find over the page.
            compared = []
            pos = 0
            for shown in written:
                starts.append(pos)
                piece = "\n".join(f" {as_compared(t)} " for t in shown)
                compared.append(piece)
                pos += len(piece) + 1
            joined = "\n".join(compared)
            # An answer is a run of whole words there, each between spaces: one set finds most absent.
            printed = set(joined.split(" "))
        numbers: dict[float, list[int]] = defaultdict(list)
        wanted = {float(c.number) for _, c in asked if c.number is not None}
        if wanted:
            for k, shown in enumerate(written):
                # Most texts hold no digit: one scan for it is much cheaper than the token pattern.
                values = {_number_value(m) for t in shown if _DIGIT(t) for m in _NUMBER_TOKEN.findall(plain(t))}
                for value in values & wanted:
                    numbers[value].append(k)
        for q, craft in asked:
            if craft.number is not None:
                where = [questions[k] for k in numbers.get(float(craft.number), [])]
                what = number_text(craft.number)
            else:
                hits: set[int] = set()
                for n in {n for n in (norm(a) for a in craft.typed) if len(n) >= 3}:
                    if not all(w in printed for w in n.split(" ")):
                        continue  # a word of it is printed nowhere on the page
                    found = joined.find(f" {n} ")
                    while found != -1:
                        hits.add(bisect_right(starts, found) - 1)
                        found = joined.find(f" {n} ", found + 1)
                where = [questions[k] for k in sorted(hits)]
                what = craft.typed[0]
            key = craft.answer_at
            if not where:
                continue
            named = ["this question" if o is q else f"question {o.number} ({o.id})" for o in where[:LISTED]]
            listed = ", ".join(named) + (f" and {len(where) - LISTED} more" if len(where) > LISTED else "")
            yield Finding(
                s,
                f"the answer '{what}' is printed in {listed}, on the same page",
                "reword where it is printed, or ask the question in another bank: students can copy it",
                question=q,
                at=(key,),
                key=True,
            )


#: Words that say a claim is uncertain: a tag "hedging" names an answer that holds one.
HEDGES = frozenset(
    "hedge hedged hedging perhaps presumably may might possibly possible possibility suspected likely "
    "uncertain apparently reportedly".split()
)


def _names(tag: str, text: str) -> bool:
    stems = {_stem(w) for w in _words(text)}
    words = [w for w in tag.split("-") if w]
    if words and _stem(words[0]) in {"hedg"} and stems & {_stem(h) for h in HEDGES}:
        return True
    return bool(words) and all(_stem(w) in stems for w in words)


@rule(
    "QG105",
    "tag-names-answer",
    summary="A tag shown above the question names its answer.",
    threshold="every word of the tag (compared by stem: hedged = hedging) is in a right answer and in no wrong "
    "option, and not in the prompt; the tag hedging also names an answer that holds a hedge word (perhaps, "
    "presumably, may, suspected...). Single, multiple, fill-in and numeric questions.",
    advice=f"Avoid clues to the right answer ({HALADYNA}); tags are printed above each question.",
)
def tag_names_answer(subjects: Sequence[Subject]) -> Iterator[Finding]:
    for s, q in each_question(subjects, "QG105"):
        craft = _craft(q)
        if not q.tags or not (craft.options or craft.typed or craft.number is not None):
            continue
        answers = qtypes.of(q).answer_texts(q)
        _, wrong = _right_wrong(q)
        for k, tag in enumerate(q.tags):
            if (
                any(_names(tag, a) for a in answers)
                and not _names(tag, q.prompt)
                and not any(_names(tag, w) for _, w in wrong)
            ):
                yield Finding(
                    s,
                    f"the tag '{tag}', shown above the question, names its answer",
                    "remove the tag, or use one that does not point at the answer",
                    question=q,
                    at=("tags", k),
                )


@rule(
    "QG106",
    "true-false-balance",
    summary="A bank's true/false statements are mostly true, or mostly false.",
    threshold=f"in a bank of at least {TRUE_FALSE_MIN} true/false questions, each answer is at least "
    f"{TRUE_FALSE_SHARE:.0%} of them.",
    advice=f"Balance the numbers of true and false statements ({FRISBIE}).",
)
def true_false_balance(subjects: Sequence[Subject]) -> Iterator[Finding]:
    for s in subjects:
        tf = [q for q in s.counted("QG106") if _craft(q).truth is not None]
        if len(tf) < TRUE_FALSE_MIN:
            continue
        true = sum(1 for q in tf if _craft(q).truth)
        if min(true, len(tf) - true) < TRUE_FALSE_SHARE * len(tf):
            few = "true" if true < len(tf) - true else "false"
            yield Finding(
                s,
                f"{true} of the bank's {len(tf)} true/false statements are true",
                f"rewrite some statements so that more are {few}: a student who always answers "
                f"{'false' if few == 'true' else 'true'} should not pass",
                at=("questions",),
                key=True,
            )


#: Words that make a statement absolute, which students learn to mark false.
ABSOLUTES = (
    "always",
    "never",
    "all",
    "none",
    "only",
    "every",
    "entirely",
    "completely",
    "solely",
    "totally",
    "absolutely",
    "certainly",
    "definitely",
    "invariably",
    "no one",
    "nobody",
    "nothing",
    "as a certainty",
    "established fact",
    "proven fact",
)
_ABSOLUTE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ABSOLUTES) + r")\b")


@rule(
    "QG107",
    "absolute-qualifier",
    summary="A false true/false statement holds an absolute word (always, never, only...), which gives it away.",
    threshold="a true/false question whose answer is false and whose prompt holds one of: "
    + ", ".join(ABSOLUTES)
    + ".",
    advice=f"Avoid specific determiners such as always and never ({FRISBIE}; {HALADYNA}).",
)
def absolute_qualifier(subjects: Sequence[Subject]) -> Iterator[Finding]:
    for s, q in each_question(subjects, "QG107"):
        if _craft(q).truth is not False:
            continue
        m = _ABSOLUTE.search(as_compared(q.prompt))
        if m:
            yield Finding(
                s,
                f"the statement is false and says '{m.group()}', which tells students it is false",
                "state the claim without the absolute word (the error should be in the content), "
                "or make it a true statement",
                question=q,
                at=("prompt",),
            )


@rule(
    "QG108",
    "matching-no-spare",
    summary="A matching question with as many right-hand options as left items: the last pair is free.",
    threshold="a matching question with no distractors.",
    advice="Offer more responses than premises in a matching item (the usual textbook advice, as in "
    "Haladyna, Developing and Validating Multiple-Choice Test Items).",
)
def matching_no_spare(subjects: Sequence[Subject]) -> Iterator[Finding]:
    for s, q in each_question(subjects, "QG108"):
        if _craft(q).spare == 0:
            yield Finding(
                s,
                "every right-hand option matches a left item, so the last one is free",
                "add distractors: at least one plausible right-hand option that matches nothing",
                question=q,
                at=("pairs",),
                key=True,
            )


_ABOVE = re.compile(
    r"^(?:all|none|both|neither)(?: of)?(?: the)? (?:above|previous|options|answers|these|those|them)\b"
    r"|^(?:all|none) of (?:the )?(?:above|these)\b"
)


@rule(
    "QG109",
    "all-none-of-the-above",
    summary="An option 'all of the above' or 'none of the above'.",
    threshold="an option that starts with all, none, both or neither of the above (previous, these, options).",
    advice=f"Avoid all-of-the-above; use none-of-the-above with care ({HALADYNA}).",
)
def all_none_of_the_above(subjects: Sequence[Subject]) -> Iterator[Finding]:
    for s, q in each_question(subjects, "QG109"):
        for k, (text, _) in enumerate(_craft(q).options):
            if _ABOVE.search(as_compared(text)):
                yield Finding(
                    s,
                    f"the option '{text}' depends on the others, and on paper on their order",
                    "write a real option instead: a student who spots two right ones can pick it without knowing "
                    "the rest",
                    question=q,
                    at=("choices", k, "text"),
                )
