"""A second synthetic corpus for the validate benchmark, generated differently from bench/synth.py.

usage: python bench/corpus2.py OUT [--banks 10] [--questions 1000] [--seed 7]

bench/synth.py writes one source, flat bank files, a teacher's mix of types and PyYAML's own
block style. This corpus differs on each point, so that a parser or validator tuned to one
shape of file is caught on another:

- a course of three sources (the test suite's fixture course: airports, ferry, garden), each
  bank naming its source by id, banks in a folder per source;
- the bank limit of 1,000 questions per file, ids of another shape;
- another mix of types (matching, ordering, numeric and fill-in first; few single-answer),
  up to seven options, and long texts: explanations of 150 to 1,500 characters, written as
  folded block scalars (``>-``);
- YAML written by hand, not by a dumper: flow mappings for options and pairs
  (``- {text: "…", correct: true}``), flow lists, plain, single- and double-quoted scalars
  with escapes, comments, and non-ASCII text.

Every bank is valid (``quizgen validate`` exits 0) and passes ``quizgen lint``: evidence quotes
are slices of one paragraph of their source, chosen with the project's own quote lookup. Seeded: the same
arguments give the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from quizgen.source import QuoteIndex, parse_source  # noqa: E402

COURSE = REPO / "tests" / "fixtures" / "course"
TYPES = ["matching"] * 20 + ["ordering"] * 20 + ["numeric"] * 15 + ["fill_blank"] * 15 + ["multiple"] * 15
TYPES += ["single"] * 10 + ["true_false"] * 5
DIFFICULTIES = ("recall", "understanding", "analysis")
# Plain scalars YAML 1.1 reads as something other than text; never written plain.
_YAML11 = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN = re.compile(r"[A-Za-z][A-Za-z ,.'()-]*[A-Za-z.)]")
ACCENTS = ("café", "naïve", "résumé", "Zürich", "São Paulo", "Ærø", "façade")
# Written as a careful teacher would, the banks pass `quizgen lint`: no absolute words in false
# statements (QG107), no "all of the above" (QG109), tags that are not the article's words (QG105),
# fill-in answers printed nowhere else (QG104), the right option never the longest (QG102).
ABSOLUTE = {"always", "never", "all", "none", "only", "every", "entirely", "completely", "solely", "totally"}
ABSOLUTE |= {"absolutely", "certainly", "definitely", "invariably", "nobody", "nothing", "both", "neither"}
TAGS = ("term-1", "term-2", "set-a", "set-b", "oral", "written", "tier-1", "tier-2")
SYLLABLES = ("bel", "kor", "ane", "stu", "vio", "mar", "tel", "gon", "ish", "pra", "dun", "eko")


class Source:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.sid = path.stem
        self.text = path.read_text(encoding="utf-8")
        parsed = parse_source(self.text, path.name, path.name)
        index = QuoteIndex(parsed)
        self.quotes: list[str] = []
        words: list[str] = []
        for block in parsed.blocks:
            if block.number is None:
                continue
            ws = block.text.split(" ")
            words += [w.strip('.,;:"“”()') for w in ws]
            for start in range(0, len(ws), 2):
                for length in (5, 8, 12, 20):
                    if start + length <= len(ws):
                        quote = " ".join(ws[start : start + length])
                        found = index.find(quote)
                        if not isinstance(found, str) and found.paragraph == block.number:
                            self.quotes.append(quote)
        self.words = sorted({w for w in words if len(w) > 2 and w.isalpha()})


class Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def words(self, src: Source, lo: int, hi: int) -> str:
        return " ".join(self.rng.choice(src.words) for _ in range(self.rng.randint(lo, hi)))

    def sentence(self, src: Source, lo: int, hi: int, end: str = ".") -> str:
        text = self.words(src, lo, hi)
        r = self.rng.random()
        if r < 0.05:
            text += f" (see `{self.rng.choice(src.words).lower()}`)"
        elif r < 0.08:
            text += " [more](https://example.org/notes)"
        elif r < 0.12:
            text += " " + self.rng.choice(ACCENTS)
        return text[0].upper() + text[1:] + end

    def distinct(self, src: Source, n: int, lo: int, hi: int) -> list[str]:
        out: list[str] = []
        while len(out) < n:
            t = self.sentence(src, lo, hi, "")
            if t.casefold() not in {o.casefold() for o in out} and t.split()[0].lower() not in ABSOLUTE:
                out.append(t)
        return out

    def coined(self, src: Source, used: set[str]) -> str:
        while True:
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(3)).capitalize()
            if word.casefold() not in used and word not in src.words:
                used.add(word.casefold())
                return word


def scalar(text: str, rng: random.Random) -> str:
    """A YAML scalar for ``text``: plain where that is safe, else single- or double-quoted."""
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML11 and ": " not in text and rng.random() < 0.5:
        return text
    if "'" not in text and "\n" not in text and rng.random() < 0.4:
        return "'" + text + "'"
    return json.dumps(text, ensure_ascii=rng.random() < 0.3)


def folded(text: str, indent: str) -> str:
    """A folded block scalar (``>-``), its lines wrapped at about 80 characters."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > 80:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ">-\n" + "\n".join(indent + x for x in lines)


def question(w: Writer, src: Source, qid: str, coined: set[str]) -> list[str]:
    rng = w.rng
    qtype = rng.choice(TYPES)
    s = lambda t: scalar(t, rng)  # noqa: E731
    out = [f"  - id: {qid}", f"    type: {qtype}", f"    difficulty: {rng.choice(DIFFICULTIES)}"]
    if rng.random() < 0.1:
        out.append("    # reviewed by a second teacher")
    if qtype == "fill_blank":
        prompt = w.sentence(src, 6, 14, "") + " ___ " + w.words(src, 2, 6) + "."
    elif qtype == "true_false":
        words = [x for x in w.sentence(src, 8, 20).split() if x.strip(".").lower() not in ABSOLUTE]
        prompt = "True or false: " + " ".join(words).rstrip(".") + "."
    else:
        prompt = w.sentence(src, 10, 30, "?")
    out.append(f"    prompt: {s(prompt)}")
    if qtype in ("single", "multiple"):
        n = rng.randint(4, 7)
        texts = w.distinct(src, n, 2, 12)
        longest = max(range(n), key=lambda k: len(texts[k]))
        others = [k for k in range(n) if k != longest]
        right = set(rng.sample(others, 1 if qtype == "single" else rng.randint(2, n - 1)))
        out.append("    choices:")
        for k, text in enumerate(texts):
            parts = [f"text: {json.dumps(text, ensure_ascii=False)}"]
            if k in right:
                parts.append("correct: true")
            if rng.random() < 0.6:
                parts.append(f"feedback: {json.dumps(w.sentence(src, 10, 40), ensure_ascii=False)}")
            out.append("      - {" + ", ".join(parts) + "}")
    elif qtype == "true_false":
        out.append(f"    answer: {'true' if rng.random() < 0.5 else 'false'}")
    elif qtype == "fill_blank":
        answers = [w.coined(src, coined) for _ in range(rng.randint(1, 4))]
        out.append("    answers: [" + ", ".join(json.dumps(a, ensure_ascii=False) for a in answers) + "]")
    elif qtype == "numeric":
        value = round(rng.uniform(-1000, 100000), rng.choice((0, 1, 2, 3)))
        out.append(f"    answer: {int(value) if value == int(value) else value}")
        if rng.random() < 0.7:
            out.append(f"    tolerance: {rng.choice((0.5, 1, 2, 10, 0.01))}")
        if rng.random() < 0.8:
            out.append(f"    unit: {s(rng.choice(('pounds', 'crossings a day', 'metres', 'per cent', 'people')))}")
    elif qtype == "matching":
        n = rng.randint(3, 7)
        lefts, rights = w.distinct(src, n, 1, 4), w.distinct(src, n + 3, 3, 10)
        out.append("    pairs:")
        for k in range(n):
            out.append(f"      - {{left: {json.dumps(lefts[k])}, right: {json.dumps(rights[k])}}}")
        out.append("    distractors: [" + ", ".join(json.dumps(r) for r in rights[n:]) + "]")
    else:
        out.append("    items:")
        out += [f"      - {s(t)}" for t in w.distinct(src, rng.randint(3, 8), 3, 14)]
    explanation = " ".join(w.sentence(src, 10, 30) for _ in range(rng.randint(2, 9)))[:1500].rstrip()
    out.append(f"    explanation: {folded(explanation, '      ')}")
    quotes = rng.sample(src.quotes, rng.randint(1, 4)) if rng.random() < 0.3 else [rng.choice(src.quotes)]
    if len(quotes) == 1:
        out.append(f"    evidence: {json.dumps(quotes[0], ensure_ascii=False)}")
    else:
        out.append("    evidence:")
        out += [f"      - {json.dumps(q, ensure_ascii=False)}" for q in quotes]
    if rng.random() < 0.5:
        out.append(f"    tags: [{', '.join(sorted(rng.sample(TAGS, 2)))}]")
    if rng.random() < 0.3:
        out.append("    feedback:")
        out.append(f"      correct: {s(w.sentence(src, 5, 15))}")
        out.append(f"      incorrect: {s(w.sentence(src, 5, 15))}")
    return out


def write(out: Path, banks: int = 10, questions: int = 1000, seed: int = 7) -> int:
    """Write the corpus into ``out``; its size in bytes (banks and glossary)."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(COURSE / "sources", out / "sources")
    shutil.copytree(COURSE / "docs", out / "docs")
    (out / "mkdocs.yml").write_text(
        "site_name: Second benchmark corpus\nuse_directory_urls: false\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - quizgen\n",
        encoding="utf-8",
    )
    (out / "questions").mkdir()
    shutil.copyfile(COURSE / "questions" / "glossary.yml", out / "questions" / "glossary.yml")
    sources = [Source(p) for p in sorted((out / "sources").glob("*.txt"))]
    w = Writer(seed)
    total = (out / "questions" / "glossary.yml").stat().st_size
    for b in range(banks):
        src = sources[b % len(sources)]
        folder = out / "questions" / src.sid
        folder.mkdir(exist_ok=True)
        lines = [
            f"# Bank {b + 1} of the second corpus: {questions} questions on {src.sid}",
            f"source: {src.sid}",
            f"topic: {('events', 'actors', 'arguments')[b % 3]}",
            f"title: {json.dumps(f'Part {b + 1}: ' + w.sentence(src, 2, 5, ''), ensure_ascii=False)}",
            f"description: {folded(w.sentence(src, 20, 60), '  ')}",
            "shuffle: " + ("true" if b % 2 else "false"),
            "questions:",
        ]
        coined: set[str] = set()
        for k in range(questions):
            lines += question(w, src, f"p{b + 1:02d}x{k + 1:04d}-{src.sid}", coined)
        path = folder / f"part-{b + 1:02d}.yml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        total += path.stat().st_size
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--banks", type=int, default=10)
    ap.add_argument("--questions", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    size = write(a.out, a.banks, a.questions, a.seed)
    print(f"{a.out}: {a.banks * a.questions} questions in {a.banks} banks, {size:,} bytes of YAML")


if __name__ == "__main__":
    main()
