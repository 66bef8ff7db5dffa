"""Receipts: the code a student hands in at the end of a graded quiz, and how it is read back.

A graded quiz page holds no answers (see docs/graded.md). At its end the student writes a
name and the page makes a **receipt**: a short code, also drawn as a QR code, that holds
what the student answered. The teacher's ``quizgen grade`` reads it with the real key.
The browser's encoder is ``quizgen/assets/receipt/receipt.js``; this module is the
reference, and the tests check that the two agree byte for byte.

The code, format 1::

    QG1-XXXXX-XXXXX-...

``QG1`` names the format. The rest is Crockford's base 32 (digits and capital letters
without I, L, O and U) of these bytes, in groups of five for reading aloud; dashes, spaces,
line breaks and case do not matter when it is read back, and ``O``, ``I`` and ``L`` are read
as ``0``, ``1`` and ``1``:

====================  ===================================================================
bank                  length (1 byte) and the bank's slug (ASCII), as in ``quizzes/<bank>``
bank version          4 bytes: the first 8 hex digits of the page's ``data-qg-version``
made                  4 bytes: minutes since 1970-01-01 UTC, by the student's clock
name                  length (1 byte) and the name (UTF-8, at most :data:`MAX_NAME_BYTES`)
questions             count (2 bytes), then for each question of the page, in its order:
                      its version (2 bytes: the first 4 hex digits of ``data-qg-v``) and
                      its answer, a value (below)
checksum              4 bytes: CRC-32 of everything above
====================  ===================================================================

Integers are big-endian. An answer is the data the question type's script reads from
the page (what the browser saves), written as a **value**: one tag byte, whose top three
bits give the kind and low five bits a small number ``n``, then the kind's data:

====  =======================================================================================
kind  value
====  =======================================================================================
0     ``n`` = 0: no answer (null); 1: false; 2: true
1     a string of ``n`` bytes of UTF-8 (``n`` = 31: the length follows as a varint)
2     a list of ``n`` values (31: the count follows as a varint)
3     a mapping of ``n`` pairs of values, each key a string (31: the count as a varint)
4     a one-letter string: the letter ``a`` + ``n`` (``"a"`` ... ``"z"``)
5     a letter and a number: the letter ``a`` + ``n``, then one byte, the number
      (``"l0"``, ``"r12"``: keys of options; the number is written without leading zeros)
6     ``n`` = 0: a number, 8 bytes (IEEE 754 double)
====  =======================================================================================

A varint is unsigned LEB128. Kinds 4 and 5 are short forms of strings: a reader gets the
same string either way, and a writer uses them whenever they apply.

The CRC-32 catches every mistyped character, every two neighbours swapped, a missing or an
extra character, and all but one in four billion of any other change. It is a check for
mistakes, not a seal: quizgen's script is public, so someone who reads it can make a code
that passes. docs/graded.md says what a receipt proves and what it does not.
"""

from __future__ import annotations

import csv
import io
import math
import re
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PREFIX = "QG1"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: How a typed character is read: Crockford's rule for the letters easily taken for digits.
_READ = {c: i for i, c in enumerate(ALPHABET)} | {"O": 0, "I": 1, "L": 1}
GROUP = 5
MAX_NAME_BYTES = 120
#: The name field on the page allows this many characters.
MAX_NAME_CHARS = 60
MAX_SLUG_BYTES = 255
#: Longest code read back (a bank of 1,000 questions with long answers fits many times over).
MAX_CODE_CHARS = 200_000
MAX_DEPTH = 8
#: Bytes in the shortest receipt: a one-letter bank, no name, no question, and the checksum.
_SHORTEST = 1 + 1 + 4 + 4 + 1 + 2 + 4

_NULL, _STRING, _LIST, _MAP, _LETTER, _KEYNUM, _NUMBER = range(7)
_KEY_TOKEN = re.compile(r"[a-z](0|[1-9][0-9]{0,2})?")


class ReceiptError(ValueError):
    """A code that cannot be read, with what to do about it."""


@dataclass(frozen=True)
class Answer:
    """One question of a receipt: its version when the receipt was made, and the answer (None: none)."""

    version: str  # 4 hex digits
    value: Any


@dataclass(frozen=True)
class Receipt:
    bank: str
    bank_version: str  # 8 hex digits
    made: int  # minutes since 1970-01-01 UTC
    name: str
    answers: tuple[Answer, ...]


# -- values ----------------------------------------------------------------------------------


def _varint(n: int, out: bytearray) -> None:
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return


def _head(kind: int, n: int, out: bytearray) -> None:
    if n < 31:
        out.append(kind << 5 | n)
    else:
        out.append(kind << 5 | 31)
        _varint(n, out)


def _value(value: Any, out: bytearray, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ReceiptError("an answer is nested too deeply to be written in a receipt")
    if value is None or value is False or value is True:
        out.append({None: 0, False: 1, True: 2}[value])
    elif isinstance(value, str):
        token = _KEY_TOKEN.fullmatch(value)
        if token and len(value) == 1:
            out.append(_LETTER << 5 | (ord(value) - ord("a")))
        elif token and int(value[1:]) < 256:
            out.append(_KEYNUM << 5 | (ord(value[0]) - ord("a")))
            out.append(int(value[1:]))
        else:
            data = value.encode("utf-8")
            _head(_STRING, len(data), out)
            out += data
    elif isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ReceiptError("an answer holds a number that is not finite")
        out.append(_NUMBER << 5)
        out += struct.pack(">d", float(value))
    elif isinstance(value, list | tuple):
        _head(_LIST, len(value), out)
        for item in value:
            _value(item, out, depth + 1)
    elif isinstance(value, dict):
        _head(_MAP, len(value), out)
        for key, item in value.items():
            if not isinstance(key, str):
                raise ReceiptError("an answer's mapping has a key that is not text")
            _value(key, out, depth + 1)
            _value(item, out, depth + 1)
    else:
        raise ReceiptError(f"an answer cannot hold {type(value).__name__}")


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise ReceiptError("the code ends too early")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def uint(self, n: int) -> int:
        return int.from_bytes(self.take(n), "big")

    def varint(self) -> int:
        n = shift = 0
        while True:
            byte = self.byte()
            n |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return n
            shift += 7
            if shift > 28:
                raise ReceiptError("a length in the code is too large")

    def count(self, n: int) -> int:
        size = self.varint() if n == 31 else n
        if size > len(self.data) - self.pos:  # every item takes a byte at least
            raise ReceiptError("a length in the code is too large")
        return size

    def text(self, n: int) -> str:
        try:
            return self.take(n).decode("utf-8")
        except UnicodeDecodeError:
            raise ReceiptError("the code holds text that is not UTF-8") from None

    def value(self, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise ReceiptError("an answer is nested too deeply")
        tag = self.byte()
        kind, n = tag >> 5, tag & 31
        if kind == _NULL and n <= 2:
            return (None, False, True)[n]
        if kind == _STRING:
            return self.text(self.count(n))
        if kind == _LIST:
            return [self.value(depth + 1) for _ in range(self.count(n))]
        if kind == _MAP:
            out: dict[str, Any] = {}
            for _ in range(self.count(n)):
                key = self.value(depth + 1)
                if not isinstance(key, str):
                    raise ReceiptError("an answer's mapping has a key that is not text")
                out[key] = self.value(depth + 1)
            return out
        if kind == _LETTER and n < 26:
            return chr(ord("a") + n)
        if kind == _KEYNUM and n < 26:
            return f"{chr(ord('a') + n)}{self.byte()}"
        if kind == _NUMBER and n == 0:
            number = struct.unpack(">d", self.take(8))[0]
            if not math.isfinite(number):
                raise ReceiptError("the code holds a number that is not finite")
            # A whole number comes back as an int, as JSON reads it; -0.0 keeps its sign.
            negative_zero = number == 0 and math.copysign(1.0, number) < 0
            whole = number.is_integer() and abs(number) <= 2**53 and not negative_zero
            return int(number) if whole else number
        raise ReceiptError(f"the code holds an unknown kind of value ({tag:#04x})")


# -- the code ------------------------------------------------------------------------------------


def _base32(data: bytes) -> str:
    bits = int.from_bytes(data, "big") if data else 0
    total = len(data) * 8
    pad = -total % 5
    bits <<= pad
    n = (total + pad) // 5
    return "".join(ALPHABET[(bits >> (5 * (n - 1 - i))) & 31] for i in range(n))


def _unbase32(text: str) -> bytes:
    bits = 0
    for c in text:
        bits = bits << 5 | _READ[c]
    total = len(text) * 5
    extra = total % 8
    if bits & ((1 << extra) - 1):
        raise ReceiptError(
            "the code is mistyped or incomplete: its last character does not fit "
            "(ask for the code again, copied or scanned)"
        )
    return (bits >> extra).to_bytes(total // 8, "big")


def payload(receipt: Receipt) -> bytes:
    """The receipt's bytes, before the checksum."""
    out = bytearray()
    slug = receipt.bank.encode("ascii")
    name = receipt.name.encode("utf-8")
    if not slug or len(slug) > MAX_SLUG_BYTES:
        raise ReceiptError("a bank's slug must be 1 to 255 characters")
    if len(name) > MAX_NAME_BYTES:
        raise ReceiptError(f"the name is longer than {MAX_NAME_BYTES} bytes")
    out.append(len(slug))
    out += slug
    out += bytes.fromhex(receipt.bank_version[:8].ljust(8, "0"))
    out += (receipt.made & 0xFFFFFFFF).to_bytes(4, "big")
    out.append(len(name))
    out += name
    if len(receipt.answers) > 0xFFFF:
        raise ReceiptError("a receipt holds at most 65,535 questions")
    out += len(receipt.answers).to_bytes(2, "big")
    for a in receipt.answers:
        out += bytes.fromhex(a.version[:4].ljust(4, "0"))
        _value(a.value, out)
    return bytes(out)


def encode(receipt: Receipt) -> str:
    """The code of a receipt, in groups: ``QG1-0RJ7A-...``."""
    data = payload(receipt)
    body = _base32(data + zlib.crc32(data).to_bytes(4, "big"))
    return "-".join([PREFIX, *(body[i : i + GROUP] for i in range(0, len(body), GROUP))])


def compact(text: str) -> str:
    """A code as typed or pasted, without separators and in capitals (not yet checked)."""
    return re.sub(r"[\s\-_.·]+", "", text).upper()


def decode(text: str) -> Receipt:
    """The receipt a code holds; :class:`ReceiptError` says what is wrong with one that is not."""
    if len(text) > MAX_CODE_CHARS:
        raise ReceiptError("this is far longer than any receipt code")
    code = compact(text)
    if not code:
        raise ReceiptError("the code is empty")
    if not code.startswith(PREFIX):
        if re.match(r"QG[2-9]", code):
            raise ReceiptError(
                f"this receipt was made by a newer quizgen (format {code[:3]}): upgrade quizgen to grade it"
            )
        raise ReceiptError(f"this is not a receipt code (a receipt code starts with {PREFIX})")
    body = code[len(PREFIX) :]
    for k, c in enumerate(body):
        if c not in _READ:
            shown = c if c.isprintable() else repr(c)
            raise ReceiptError(
                f"the code has a character that codes never use: '{shown}' (character {k + len(PREFIX) + 1}); "
                "check what was typed there"
            )
    if len(body) * 5 // 8 < _SHORTEST:
        raise ReceiptError("the code is too short to be a receipt: part of it is missing")
    data = _unbase32(body)
    content, check = data[:-4], data[-4:]
    if zlib.crc32(content).to_bytes(4, "big") != check:
        raise ReceiptError(
            "the code is mistyped or was changed: its check characters do not match "
            "(ask for the code again, copied or scanned from the QR code)"
        )
    try:
        return _parse(content)
    except ReceiptError as err:
        raise ReceiptError(f"the code is damaged: {err}") from None


def _parse(content: bytes) -> Receipt:
    r = _Reader(content)
    slug = r.take(r.byte())
    try:
        bank = slug.decode("ascii")
    except UnicodeDecodeError:
        raise ReceiptError("the bank's name is not ASCII") from None
    bank_version = r.take(4).hex()
    made = r.uint(4)
    name = r.text(r.byte())
    answers = []
    for _ in range(r.uint(2)):
        version = r.take(2).hex()
        answers.append(Answer(version, r.value()))
    if r.pos != len(content):
        raise ReceiptError("there is more in it than a receipt holds")
    return Receipt(bank=bank, bank_version=bank_version, made=made, name=name, answers=tuple(answers))


# -- reading many codes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    """One code read from somewhere (``file:line``, ``file:row``, ``argument 2``): its receipt, or what is wrong."""

    where: str
    code: str
    receipt: Receipt | None = None
    problem: str = ""
    #: What a CSV row's name column says, to compare with the name in the receipt.
    listed_name: str = ""


CODE_COLUMNS = ("code", "receipt", "receipt code", "receipt_code")
NAME_COLUMNS = ("name", "student", "student name", "student_name")
_CODE_START = re.compile(r"^\s*qg\d", re.IGNORECASE)
_CODE_CHARS = re.compile(r"^[\s0-9A-Za-z\-_.·]+$")


def read_one(where: str, code: str, listed_name: str = "") -> Read:
    try:
        return Read(where, code, decode(code), listed_name=listed_name)
    except ReceiptError as err:
        return Read(where, code, problem=str(err), listed_name=listed_name)


def read_text(text: str, name: str) -> Iterator[Read]:
    """Codes in text, one to a line (a code broken over several lines is joined); ``#`` starts a comment line."""
    code: list[str] = []
    start = 0
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if code and stripped and not _CODE_START.match(stripped) and _CODE_CHARS.match(stripped):
            code.append(stripped)  # the rest of a code that was wrapped
            continue
        if code:
            yield read_one(f"{name}:{start}", "".join(code))
            code = []
        if not stripped or stripped.startswith("#"):
            continue
        start = n
        code = [stripped]
    if code:
        yield read_one(f"{name}:{start}", "".join(code))


def read_csv(text: str, name: str) -> Iterator[Read]:
    """Codes in a CSV file's column named code or receipt (a name column, if any, is kept to compare)."""
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    header = next(rows, None)
    if header is None:
        return
    columns = [h.strip().casefold() for h in header]
    code_col = next((columns.index(c) for c in CODE_COLUMNS if c in columns), None)
    name_col = next((columns.index(c) for c in NAME_COLUMNS if c in columns), None)
    if code_col is None:
        yield Read(
            f"{name}:1",
            "",
            problem="no column named code or receipt in the first row "
            f"(it has: {', '.join(h.strip() for h in header) or 'nothing'})",
        )
        return
    for n, row in enumerate(rows, 2):
        if not any(cell.strip() for cell in row):
            continue
        cell = row[code_col].strip() if code_col < len(row) else ""
        listed = row[name_col].strip() if name_col is not None and name_col < len(row) else ""
        if not cell:
            yield Read(f"{name}:{n}", "", problem="the code cell is empty", listed_name=listed)
            continue
        yield read_one(f"{name}:{n}", cell, listed)


def read_inputs(items: Iterable[str], stdin: io.TextIOBase | None = None) -> list[Read]:
    """Every code in the command line's inputs: codes, files of codes, CSV files, or ``-`` for standard input."""
    out: list[Read] = []
    for k, item in enumerate(items, 1):
        if item == "-":
            text = stdin.read() if stdin is not None else ""
            out += read_csv(text, "stdin") if _looks_like_csv(text) else read_text(text, "stdin")
            continue
        path = Path(item)
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as err:
                out.append(Read(item, "", problem=f"cannot read this file: {err}"))
                continue
            is_csv = path.suffix.casefold() in (".csv", ".tsv") or _looks_like_csv(text)
            out += read_csv(text, item) if is_csv else read_text(text, item)
        elif _CODE_START.match(item):
            out.append(read_one(f"argument {k}", item))
        else:
            out.append(Read(item, "", problem="no such file, and not a receipt code (codes start with QG1)"))
    return out


def _looks_like_csv(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0].casefold()
    cells = [c.strip().strip('"') for c in re.split(r"[,;\t]", first)]
    return len(cells) > 1 and any(c in CODE_COLUMNS for c in cells)
