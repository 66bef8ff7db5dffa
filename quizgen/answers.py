"""How a typed answer is compared with the accepted ones: one specification, in two languages.

Students type fill-in and numeric answers in the browser, where ``quizgen.js`` grades them
(``norm`` and ``parseNumber``); quizgen's own checks and tools compare the same way here.
Both follow the steps below, and both are tested against one table of cases,
``tests/fixtures/answers.json``, so that the page and the checks never disagree.

**Text** (fill-in answers), :func:`norm`:

1. Unicode NFKC (full-width letters, ligatures and odd spaces become plain ones).
2. Curly quotes and primes become ``'`` and ``"``; every dash and the minus sign becomes ``-``.
3. Zero-width characters (U+200B-U+200D, U+2060, U+FEFF) are removed.
4. Unless accents matter: decompose (NFD), drop the combining marks (category Mn), recompose.
5. Unless case matters: lowercase.
6. Every run of white space and hyphens becomes one space (``Zarb-e-Azb`` = ``zarb e azb``).
7. Spaces and the punctuation ``. , ; : ! ? ' "`` are stripped from both ends.

**Numbers** (numeric answers), :func:`number_values`: the text is put through steps 1-3 and
5, trimmed, and stripped of a final ``. , ; : ! ?``. It must start with a number: an optional
sign, then digits with thousands separated by commas, spaces or apostrophes in groups of
three (``1,250``, ``22 000 000``), or plain digits, with an optional decimal part after a
point (``1.25``, ``.5``) or a decimal comma not followed by three digits (``1,25``), and an
optional exponent (``1e6``). What follows the number may be empty, ``%``, or words:

- a scale word first (thousand, million, billion, trillion, lakh, crore) multiplies it;
- the other words must be the first words of the question's unit (each may add or drop a
  final ``s``, and a unit word written ``person(s)`` takes either form; ``%`` and
  ``percent`` are the same word, and a final ``%`` is allowed whatever the unit).

The result is the list of values the answer may mean, in the question's unit: ``22 million``
for the unit ``million people`` is 22; a bare ``22`` is 22, and, because the unit starts
with a scale word, a bare ``22,000,000`` is 22 too. An empty list means "not a number".
A numeric answer is right when one of its values is within the tolerance.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_QUOTES = str.maketrans(
    {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc"}
    | {c: '"' for c in "\u201c\u201d\u201e\u201f\u2033"}
    | {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
    | {c: None for c in "\u200b\u200c\u200d\u2060\ufeff"}
)
# Written out rather than \s, which Python and JavaScript define differently.
_WS = "\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACES_AND_HYPHENS = re.compile(f"[{_WS}-]+")
_SPACES = re.compile(f"[{_WS}]+")
_ENDS = " .,;:!?'\""
_TRAILING = re.compile(r"[.,;:!?]+\Z")
_NUMBER = re.compile(
    r"([-+]?)"
    r"(\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d{1,3}(?:[ ']\d{3})+(?:\.\d*)?|\d+,\d{1,2}(?!\d)|\d+\.?\d*|\.\d+)"
    r"([eE][-+]?\d+)?",
    re.ASCII,  # digits are 0-9, as in JavaScript
)
SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "lakh": 1e5,
    "crore": 1e7,
}
#: The slack that absorbs binary rounding (0.1 + 0.2), relative to the answer; never a real difference.
EPSILON = 1e-9


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def norm(text: str, case_sensitive: bool = False, accent_sensitive: bool = False) -> str:
    """A fill-in answer in the form answers are compared in (steps 1-7 above)."""
    # ASCII text is its own NFKC, holds no curly quotes, dashes or marks: steps 1-4 change nothing.
    if not text.isascii():
        text = _fold(text)
        if not accent_sensitive:
            text = _strip_accents(text)
    if not case_sensitive:
        text = text.lower()
    return _SPACES_AND_HYPHENS.sub(" ", text).strip(_ENDS)


def _word(w: str) -> str:
    return "percent" if w == "%" else w


def _same_word(given: str, unit: str) -> bool:
    if unit.endswith("(s)"):
        unit = unit[:-3]
    return given == unit or given + "s" == unit or given == unit + "s"


def _words(text: str) -> list[str]:
    return [_word(w) for w in norm(text.replace("%", " % ")).split(" ") if w]


def number_values(text: str, unit: str | None = None) -> list[float]:
    """The values ``text`` may mean, in the unit ``unit`` (see above); [] when it is not a number."""
    t = _SPACES.sub(" ", _fold(text).lower()).strip(" ")
    t = _TRAILING.sub("", t).strip(" ")
    m = _NUMBER.match(t)
    if not m:
        return []
    sign, digits, exponent = m.group(1), m.group(2), m.group(3) or ""
    if re.fullmatch(r"\d+,\d{1,2}", digits, re.ASCII):
        digits = digits.replace(",", ".")  # a decimal comma
    else:
        digits = re.sub(r"[, ']", "", digits)
    rest = t[m.end() :]
    if rest and not (rest[0] in " %" or rest[0].isalpha()):
        return []  # "1.2.3", "36-40": not one number
    try:
        n = float(sign + digits + exponent)
    except ValueError:
        return []
    if n != n or n in (float("inf"), float("-inf")):
        return []
    given = _words(rest)
    unit_words = _words(unit) if unit else []
    unit_scale = SCALES.get(unit_words[0], 1.0) if unit_words else 1.0
    if unit_scale != 1.0:
        unit_words = unit_words[1:]
    if given and given[-1] == "percent" and "percent" not in unit_words:
        given = given[:-1]  # "36 %" is 36, whatever the unit
    scale = SCALES.get(given[0]) if given else None
    if scale is not None:
        given = given[1:]
    if len(given) > len(unit_words) or not all(_same_word(g, u) for g, u in zip(given, unit_words, strict=False)):
        return []
    if scale is not None:
        return [n * scale / unit_scale]
    return [n] if unit_scale == 1.0 else [n, n / unit_scale]


def fill_blank_right(
    accepted: Sequence[str], given: str, case_sensitive: bool = False, accent_sensitive: bool = False
) -> bool:
    """Whether ``given`` is one of the ``accepted`` answers of a fill-in question."""
    typed = norm(given, case_sensitive, accent_sensitive)
    return bool(typed) and any(norm(a, case_sensitive, accent_sensitive) == typed for a in accepted)


def numeric_right(answer: float, tolerance: float, unit: str | None, given: str) -> bool:
    """Whether ``given`` is right for a numeric question with this answer, tolerance and unit."""
    slack = tolerance + EPSILON * max(1.0, abs(answer))
    return any(abs(v - answer) <= slack for v in number_values(given, unit))
