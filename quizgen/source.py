"""The source article: its blocks, their numbers, and finding evidence quotes in them.

"Verbatim" has a written definition here, because authors cannot see the difference
between a curly and a straight apostrophe, an em dash and a hyphen, or a no-break space
and a space. Both the article and the quote are put in NFC, quote marks and dashes are
folded to their ASCII forms and every run of white space becomes one space. Nothing else
is folded: letters, case and other punctuation must match. The fold maps each character to
at most one character, so an offset in the folded text is an offset in the original.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from bisect import bisect_right
from pathlib import Path

from quizgen import limits
from quizgen.models import Block, Evidence, Source
from quizgen.report import Issue, excerpt

_FOLD = str.maketrans(
    {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc"}
    | {c: '"' for c in "\u201c\u201d\u201e\u201f\u2033"}
    | {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
)
_WS = re.compile(r"\s+")
_SPLIT = re.compile(r"\n[ \t\u00a0]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?:;,]['\"\u2019\u201d)]*\Z")


def fold(text: str) -> str:
    """The comparison form of a text: NFC, quotes and dashes folded, white space collapsed."""
    # ASCII text is already NFC and has nothing to fold; str.split() splits on exactly the
    # characters \s matches, so the join collapses white space the same way a regex would.
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_FOLD)
    return " ".join(text.split())


def _is_heading(text: str) -> bool:
    """A section heading: one short line, without the punctuation that ends a sentence."""
    return "\n" not in text and len(text) <= 80 and len(text.split()) <= 10 and not _SENTENCE_END.search(text)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "section"


def parse_source(text: str, file: str, name: str) -> Source:
    """Split an article into blocks at blank lines and number its paragraphs.

    A paragraph that follows one ending in a colon is kept as a quoted passage (the seed
    introduces the South Asia Intelligence Review that way); it is numbered like any other.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[Block] = []
    number = 0
    used: set[str] = set()
    for raw in _SPLIT.split(text.strip()):
        body = " ".join(line.strip() for line in raw.strip().splitlines())
        body = _WS.sub(lambda m: m.group() if m.group() == "\u00a0" else " ", body)
        if not body:
            continue
        if _is_heading(body) and number > 0:
            anchor = "s-" + _slug(body)
            while anchor in used:
                anchor += "-2"
            used.add(anchor)
            blocks.append(Block("heading", body, None, anchor))
            continue
        number += 1
        after_colon = bool(blocks) and blocks[-1].kind != "heading" and blocks[-1].text.rstrip().endswith(":")
        blocks.append(Block("quote" if after_colon else "paragraph", body, number, f"p{number}"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Source(id="", title="", file=file, name=name, sha256=digest, blocks=tuple(blocks))


def read_source(path: Path, file: str) -> tuple[Source | None, list[Issue]]:
    """Read an article file; problems are Issues, never exceptions."""
    try:
        if not path.is_file():  # a folder, a device such as /dev/zero, or missing
            reason = "no such file" if not path.exists() else "not a regular file"
            return None, [Issue(file, 1, 1, (), f"cannot read the article: {reason}", "point source: at a text file")]
        with path.open("rb") as handle:  # never read more than the limit, whatever the file
            data = handle.read(limits.MAX_SOURCE_BYTES + 1)
    except OSError as err:
        return None, [
            Issue(file, 1, 1, (), f"cannot read the article: {err.strerror or err}", "check the path in source:")
        ]
    if len(data) > limits.MAX_SOURCE_BYTES:
        return None, [
            Issue(file, 1, 1, (), f"the article is over {limits.MAX_SOURCE_BYTES:,} bytes", "use a shorter text")
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return None, [Issue(file, line, 1, (), "the article is not valid UTF-8", "save it as UTF-8")]
    source = parse_source(text, file, path.name)
    if not source.paragraphs:
        return None, [Issue(file, 1, 1, (), "the article has no paragraphs", "separate paragraphs with blank lines")]
    return source, []


class QuoteIndex:
    """Finds evidence quotes in one article; built once per source and reused for every quote."""

    def __init__(self, source: Source) -> None:
        self.source = source
        # Folding keeps offsets when no white space run is collapsed, which parse_source
        # already guarantees (single spaces, no NBSP runs); map them anyway to be exact.
        self.folded: list[tuple[Block, str, list[int]]] = []
        for block in source.blocks:
            folded, offsets = _fold_with_offsets(block.text)
            self.folded.append((block, folded, offsets))
        # All blocks in one string, so that a quote is looked for with one call to str.find.
        # The separator is a line break, which folded text never holds: no match spans two blocks.
        self._joined = "\n".join(hay for _, hay, _ in self.folded)
        self._starts: list[int] = []
        pos = 0
        for _, hay, _ in self.folded:
            self._starts.append(pos)
            pos += len(hay) + 1

    def find(self, quote: str) -> Evidence | str:
        """The :class:`Evidence` for ``quote``, or a message saying why it is not one."""
        needle = fold(quote)
        if len(needle) < limits.MIN_QUOTE:
            return f"the quote is shorter than {limits.MIN_QUOTE} characters; quote a phrase that shows the answer"
        # The first match on word boundaries, in block order, outside headings.
        in_heading = False
        joined, starts = self._joined, self._starts
        pos = joined.find(needle)
        while pos != -1:
            k = bisect_right(starts, pos) - 1
            block, hay, offsets = self.folded[k]
            start = pos - starts[k]
            end = start + len(needle)
            if _on_word_boundaries(hay, start, end):
                if block.number is not None:
                    return Evidence(quote, block.number, offsets[start], offsets[end - 1] + 1)
                in_heading = True
                pos = joined.find(needle, starts[k] + len(hay) + 1)  # on to the next block
            else:
                pos = joined.find(needle, pos + 1)
        if in_heading:
            return "the quote is found only in a section heading; quote the paragraph that supports the answer"
        for block, hay, _ in self.folded:
            pos = hay.find(needle)
            if pos != -1:
                return (
                    f"the quote is found in paragraph {block.number} only as part of a longer word"
                    if block.number
                    else "the quote is part of a longer word"
                )
        joined = " ".join(hay for _, hay, _ in self.folded)
        if needle in joined:
            return "the quote runs across two paragraphs; quote from one paragraph"
        return "the quote is not in the article" + self._closest(needle)

    def _closest(self, needle: str) -> str:
        # The start of a quote is enough to point the author at the right place, and keeps
        # this difflib search cheap for a bank full of long near-miss quotes.
        needle = needle[:120]
        best: tuple[int, Block | None, str] = (0, None, "")
        for block, hay, _ in self.folded:
            if block.number is None:
                continue
            m = difflib.SequenceMatcher(None, hay, needle, autojunk=False).find_longest_match(
                0, len(hay), 0, len(needle)
            )
            if m.size > best[0]:
                start = max(0, m.a - m.b)
                best = (m.size, block, hay[start : start + len(needle)])
        if best[1] is None or best[0] < 4:
            return ""
        return f'; the closest text is in paragraph {best[1].number}: "{excerpt(best[2])}"'


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    prev_space = True
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        out.append(ch)
        offsets.append(i)
    while out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


def _on_word_boundaries(hay: str, start: int, end: int) -> bool:
    before = hay[start - 1] if start > 0 else " "
    after = hay[end] if end < len(hay) else " "
    return not (hay[start].isalnum() and before.isalnum()) and not (hay[end - 1].isalnum() and after.isalnum())
