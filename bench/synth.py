"""Deterministic synthetic quizgen projects for the benchmarks.

usage: python bench/synth.py OUT --questions 1000 --banks 10 [--plain PLAIN_OUT] [--seed 1]

Writes a complete project into OUT: ``mkdocs.yml``, ``docs/index.md``, the article in
``seeds/`` and ``questions/bank-NN.yml`` plus ``questions/glossary.yml``. Every bank is
valid (``quizgen validate`` passes) and written as a careful teacher writes, so that ``quizgen
lint`` has nothing to say: the seven question types in a realistic mix, ids unique across
banks, every evidence quote a slice of one paragraph of the article, cut on word boundaries,
and glossary terms that the article uses. With ``--plain``, the same pages (article, quizzes, study sheets, answer keys,
glossary) are also written out as ordinary Markdown, for a build with the plugin off.

Everything is drawn from ``random.Random(seed)``: the same arguments give byte-identical
files on every machine.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from quizgen.models import Block, Term  # noqa: E402
from quizgen.source import QuoteIndex, parse_source  # noqa: E402
from quizgen.terms import matcher, occurrences  # noqa: E402

ARTICLE = REPO / "seeds" / "000_987c6cd902e74af3.txt"
ARTICLE_TITLE = "The article: attacks on two airports"
HEADER = "# yaml-language-server: $schema=../quizgen/schemas/bank.schema.json\n"

# The mix of types in a bank, roughly as teachers write them (choice questions dominate).
TYPE_MIX = (
    ["single"] * 35
    + ["multiple"] * 15
    + ["true_false"] * 12
    + ["fill_blank"] * 10
    + ["numeric"] * 10
    + ["matching"] * 9
    + ["ordering"] * 9
)
TOPICS = ("events", "actors", "arguments", "other")
DIFFICULTIES = ("recall", "understanding", "analysis")
# Tags as teachers write them: about the course, never a word of the article (a tag that names
# the answer is a lint warning, QG105).
TAGS = tuple(f"week-{k}" for k in range(1, 7)) + ("unit-a", "unit-b", "unit-c", "homework", "revision", "exam-prep")
# What lint flags in a false true/false statement (QG107) or as an option (QG109).
ABSOLUTE = {"always", "never", "all", "none", "only", "every", "entirely", "completely", "solely", "totally"}
ABSOLUTE |= {"absolutely", "certainly", "definitely", "invariably", "nobody", "nothing", "both", "neither"}
SYLLABLES = ("ka", "ro", "mi", "tu", "zel", "van", "dor", "phe", "lu", "qua", "sen", "bri", "mo", "ta", "vix")
UNITS = ("people", "militants", "percent", "years", "million people", "rupees")
STOP = {
    "the",
    "a",
    "an",
    "of",
    "in",
    "on",
    "and",
    "or",
    "to",
    "for",
    "as",
    "at",
    "by",
    "with",
    "from",
    "that",
    "this",
    "is",
    "was",
    "has",
    "have",
    "its",
    "it",
    "be",
    "are",
    "which",
    "their",
    "will",
    "not",
    "but",
}
TERM_STARTS = {
    "The",
    "This",
    "While",
    "As",
    "In",
    "It",
    "Over",
    "Home",
    "First",
    "Unless",
    "He",
    "Sehgal",
    "Alongside",
    "Leaders",
    "Earlier",
    "Militants",
    "Movement",
    "Tuesday",
    "However",
    "Walking",
}


@dataclass(frozen=True)
class Quote:
    text: str
    paragraph: int


class Article:
    """The seed article, its paragraphs and a pool of valid evidence quotes from each."""

    def __init__(self, path: Path = ARTICLE) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.source = parse_source(self.text, path.name, path.name)
        self.paragraphs: list[Block] = [b for b in self.source.blocks if b.number is not None]
        index = QuoteIndex(self.source)
        self.quotes: list[Quote] = []
        for block in self.paragraphs:
            words = block.text.split(" ")
            for start in range(0, len(words), 3):
                for length in (6, 9, 14):
                    if start + length > len(words):
                        continue
                    text = " ".join(words[start : start + length])
                    # The project's own lookup decides: the first match must be this paragraph.
                    found = index.find(text)
                    if not isinstance(found, str) and found.paragraph == block.number:
                        self.quotes.append(Quote(text, block.number or 0))
        vocab = []
        for block in self.paragraphs:
            for word in re.findall(r"[A-Za-z][a-z]+(?:-[a-z]+)?", block.text):
                if word.lower() not in STOP and len(word) > 2:
                    vocab.append(word.lower())
        self.vocab = sorted(set(vocab))
        self.names = self._names()

    def _names(self) -> list[str]:
        """Proper names and abbreviations in the article, for the glossary."""
        found: list[str] = []
        for block in self.paragraphs:
            for m in re.finditer(r"\(([A-Z]{2,6})s?\)", block.text):
                found.append(m.group(1))
            for m in re.finditer(r"\b[A-Z][a-z]+(?:-[a-z]-[A-Z][a-z]+)?(?: [A-Z][a-z]+)+", block.text):
                words = m.group().split()
                while words and words[0] in TERM_STARTS:
                    words = words[1:]
                if len(words) >= 2:
                    found.append(" ".join(words))
        out: list[str] = []
        seen: set[str] = set()
        for name in found:
            if name.casefold() not in seen:
                seen.add(name.casefold())
                out.append(name)
        return out


class Writer:
    """Draws the text of one project from a seeded generator."""

    def __init__(self, article: Article, seed: int) -> None:
        self.a = article
        self.rng = random.Random(seed)

    def words(self, lo: int, hi: int) -> str:
        return " ".join(self.rng.choice(self.a.vocab) for _ in range(self.rng.randint(lo, hi)))

    def coined(self, used: set[str]) -> str:
        """A made-up name, new in its bank (a fill-in answer printed in another question is QG104)."""
        while True:
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(3)).capitalize()
            if word.casefold() not in used and word.lower() not in self.a.vocab:
                used.add(word.casefold())
                return word

    def sentence(self, lo: int, hi: int, end: str = ".") -> str:
        text = self.words(lo, hi)
        r = self.rng.random()
        if r < 0.12:  # a little inline Markdown, as authors write it
            parts = text.split(" ")
            k = self.rng.randrange(len(parts))
            parts[k] = f"*{parts[k]}*" if r < 0.06 else f"**{parts[k]}**"
            text = " ".join(parts)
        return text[0].upper() + text[1:] + end

    def distinct(self, n: int, lo: int, hi: int) -> list[str]:
        out: list[str] = []
        seen: set[str] = set()
        while len(out) < n:
            text = self.sentence(lo, hi, "")
            if text.casefold() not in seen:
                seen.add(text.casefold())
                out.append(text)
        return out

    def evidence(self) -> Any:
        if self.rng.random() < 0.15:
            return [q.text for q in self.rng.sample(self.a.quotes, self.rng.randint(2, 3))]
        return self.rng.choice(self.a.quotes).text

    def question(self, qid: str, qtype: str, terms: list[str], coined: set[str] | None = None) -> dict[str, Any]:
        """One question, written as a careful teacher would: the bank passes ``quizgen lint``."""
        rng = self.rng
        coined = set() if coined is None else coined
        q: dict[str, Any] = {"id": qid, "type": qtype, "difficulty": rng.choice(DIFFICULTIES)}
        if rng.random() < 0.7:
            q["tags"] = sorted(rng.sample(TAGS, rng.randint(1, 3)))
        prompt = self.sentence(8, 20, "?")
        q["prompt"] = "According to the article, " + prompt[0].lower() + prompt[1:]
        if qtype in ("single", "multiple"):
            n = rng.randint(3, 5)
            texts = [t for t in self.distinct(n + 3, 3, 9) if t.split()[0].lower() not in ABSOLUTE][:n]
            n = len(texts)
            # Never the longest option alone (QG102: the longest option wins).
            longest = max(range(n), key=lambda k: len(texts[k]))
            others = [k for k in range(n) if k != longest]
            right = set(rng.sample(others, 1 if qtype == "single" else rng.randint(2, n - 1)))
            choices = []
            for k, text in enumerate(texts):
                c: dict[str, Any] = {"text": text}
                if k in right:
                    c["correct"] = True
                if k not in right or rng.random() < 0.3:
                    c["feedback"] = self.sentence(8, 20)
                choices.append(c)
            q["choices"] = choices
        elif qtype == "true_false":
            words = [w for w in self.sentence(8, 18).split() if w.strip("*.").lower() not in ABSOLUTE]
            q["prompt"] = "True or false: " + " ".join(words).rstrip(".") + "."
            q["answer"] = rng.random() < 0.5
        elif qtype == "fill_blank":
            q["prompt"] = self.sentence(5, 10, "") + " ___ " + self.words(3, 8) + "."
            q["answers"] = [self.coined(coined) for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.1:
                q["case_sensitive"] = True
        elif qtype == "numeric":
            q["answer"] = rng.randint(1, 500) if rng.random() < 0.7 else round(rng.uniform(0.5, 99.5), 1)
            if rng.random() < 0.5:
                q["tolerance"] = rng.randint(0, 5)
            q["unit"] = rng.choice(UNITS)
        elif qtype == "matching":
            n = rng.randint(3, 5)
            lefts, rights = self.distinct(n, 1, 3), self.distinct(n + 2, 3, 8)
            q["pairs"] = [{"left": lefts[k], "right": rights[k]} for k in range(n)]
            q["distractors"] = rights[n:]  # a spare option, or the last pair is free (QG108)
        elif qtype == "ordering":
            q["items"] = self.distinct(rng.randint(3, 6), 3, 9)
        q["explanation"] = " ".join(self.sentence(8, 18) for _ in range(rng.randint(1, 3)))
        q["evidence"] = self.evidence()
        if terms and rng.random() < 0.3:
            q["terms"] = sorted(rng.sample(terms, rng.randint(1, 2)))
        if rng.random() < 0.2:
            q["feedback"] = {"correct": self.sentence(5, 12), "incorrect": self.sentence(5, 12)}
        return q


def used_names(article: Article, names: list[str]) -> list[str]:
    """The names the article uses, as the glossary's check finds them (all names matched together:
    the longest wins, so "Asia Intelligence Review" is not used where "South Asia" is matched)."""
    while True:
        m = matcher(Term(n, n, n, f"t{k}") for k, n in enumerate(names))
        used = set().union(*(occurrences(b.text, m) for b in article.source.blocks))
        kept = [n for n in names if n in used]
        if kept == names:
            return names
        names = kept


def glossary(w: Writer, n_terms: int = 30) -> dict[str, Any]:
    terms = []
    for name in used_names(w.a, w.a.names[:n_terms]):
        terms.append({"term": name, "expansion": w.sentence(2, 5, ""), "definition": w.sentence(12, 30)})
    return {"terms": terms}


def bank_sizes(questions: int, banks: int) -> list[int]:
    base, extra = divmod(questions, banks)
    return [base + (1 if k < extra else 0) for k in range(banks)]


def dump(data: Any) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, default_flow_style=False, allow_unicode=True, width=100)


MKDOCS_YML = """\
site_name: "quizgen benchmark: {questions} questions"
site_url: http://127.0.0.1:8000/
use_directory_urls: false
theme:
  name: material
  font: false
  language: en
  features:
    - navigation.instant
    - navigation.footer
    - navigation.top
    - search.highlight
plugins:
  - search
{plugin}markdown_extensions:
  - admonition
  - tables
  - toc:
      permalink: true
"""
PLUGIN = f'  - quizgen:\n      article_title: "{ARTICLE_TITLE}"\n'


@dataclass
class Project:
    root: Path
    banks: list[Path]
    glossary: Path
    questions: int
    bytes: int
    data: list[dict[str, Any]]
    terms: dict[str, Any]


def write_project(out: Path, questions: int, banks: int, seed: int = 1, article: Article | None = None) -> Project:
    """A quizgen project with ``questions`` questions spread over ``banks`` banks."""
    article = article or Article()
    w = Writer(article, seed * 1_000_003 + questions)
    if out.exists():
        shutil.rmtree(out)
    (out / "questions").mkdir(parents=True)
    (out / "seeds").mkdir()
    (out / "docs").mkdir()
    shutil.copyfile(article.path, out / "seeds" / article.path.name)
    (out / "mkdocs.yml").write_text(MKDOCS_YML.format(questions=questions, plugin=PLUGIN), encoding="utf-8")
    (out / "docs" / "index.md").write_text(
        "# Benchmark site\n\nAll quizzes:\n\n<!-- quizgen:progress -->\n", encoding="utf-8"
    )
    gloss = glossary(w)
    term_names = [t["term"] for t in gloss["terms"]]
    gpath = out / "questions" / "glossary.yml"
    gpath.write_text(HEADER.replace("bank.schema", "glossary.schema") + dump(gloss), encoding="utf-8")
    paths, datas, total = [], [], gpath.stat().st_size
    for b, size in enumerate(bank_sizes(questions, banks), start=1):
        slug = f"bank-{b:02d}"
        topic = TOPICS[(b - 1) % len(TOPICS)]
        coined: set[str] = set()
        qs = [w.question(f"b{b:02d}-q{k:04d}", w.rng.choice(TYPE_MIX), term_names, coined) for k in range(1, size + 1)]
        data = {
            "source": f"../seeds/{article.path.name}",
            "topic": topic,
            "title": f"Bank {b:02d}: {topic}",
            "description": w.sentence(8, 16),
            "shuffle": False,
            "questions": qs,
        }
        path = out / "questions" / f"{slug}.yml"
        path.write_text(HEADER + dump(data), encoding="utf-8")
        total += path.stat().st_size
        paths.append(path)
        datas.append(data)
    return Project(out, paths, gpath, questions, total, datas, gloss)


# -- the same pages as plain Markdown -----------------------------------------------------


def _md_answer(q: dict[str, Any]) -> str:
    t = q["type"]
    if t in ("single", "multiple"):
        return "; ".join(f"{chr(65 + k)}. {c['text']}" for k, c in enumerate(q["choices"]) if c.get("correct"))
    if t == "true_false":
        return "True" if q["answer"] else "False"
    if t == "fill_blank":
        more = f" (also accepted: {', '.join(q['answers'][1:])})" if len(q["answers"]) > 1 else ""
        return q["answers"][0] + more
    if t == "numeric":
        return f"{q['answer']} {q['unit']}" + (f" (± {q['tolerance']})" if q.get("tolerance") else "")
    if t == "matching":
        return "; ".join(f"{p['left']} → {p['right']}" for p in q["pairs"])
    return " → ".join(f"{k + 1}. {it}" for k, it in enumerate(q["items"]))


def _md_body(q: dict[str, Any], n: int, *, sheet: bool) -> list[str]:
    """One question in Markdown: prompt, its answer controls as lists, then the answer block."""
    t = q["type"]
    out = [f"**{n}.** {q['prompt']}", ""]
    if not sheet:
        tags = " ".join(f"#{x}" for x in q.get("tags", ()))
        out += [f"*{t.replace('_', ' ')}* · *{q['difficulty']}* {tags}", ""]
    if t in ("single", "multiple"):
        for k, c in enumerate(q["choices"]):
            out.append(f"- {chr(65 + k)}. {c['text']}")
            if not sheet and c.get("feedback"):
                out.append(f"    - {c['feedback']}")
        out.append("")
    elif t == "true_false":
        out += ["- True", "- False", ""]
    elif t in ("fill_blank", "numeric"):
        out += ["Your answer: ______" + (f" {q['unit']}" if q.get("unit") else ""), ""]
    elif t == "matching":
        out += [f"- {p['left']}" for p in q["pairs"]] + [""]
        out += [f"1. {r}" for r in [p["right"] for p in q["pairs"]] + q.get("distractors", [])] + [""]
    elif t == "ordering":
        out += [f"- {it}" for it in q["items"]] + [""]
    return out


def _md_answer_block(q: dict[str, Any], *, feedback: bool = True) -> list[str]:
    quotes = q["evidence"] if isinstance(q["evidence"], list) else [q["evidence"]]
    out = []
    if feedback and q.get("feedback"):
        out += [q["feedback"]["correct"], "", q["feedback"]["incorrect"], ""]
    out += [f"**The answer:** {_md_answer(q)}", "", f"**Why:** {q['explanation']}", ""]
    for quote in quotes:
        out += [f"> “{quote}”", ">", "> [Read the paragraph in the article](../article.md)", ""]
    return out


def write_plain(project: Project, out: Path, article: Article | None = None) -> None:
    """The pages quizgen generates for ``project``, written as plain Markdown (plugin off)."""
    article = article or Article()
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    for sub in ("quizzes", "sheets"):
        (docs / sub).mkdir(parents=True)
    (out / "mkdocs.yml").write_text(MKDOCS_YML.format(questions=project.questions, plugin=""), encoding="utf-8")
    slugs = [p.stem for p in project.banks]
    table = ["| Quiz | Questions | Your progress | Print |", "| --- | --- | --- | --- |"]
    for slug, data in zip(slugs, project.data, strict=True):
        table.append(
            f"| [{data['title']}](quizzes/{slug}.md) | {len(data['questions'])} | Not started | "
            f"[sheet](sheets/{slug}.md) · [key](sheets/{slug}-key.md) |"
        )
    (docs / "index.md").write_text("# Benchmark site\n\nAll quizzes:\n\n" + "\n".join(table) + "\n", encoding="utf-8")
    lines = [
        f"# {ARTICLE_TITLE}",
        "",
        f"Paragraph numbers are the ones the quizzes cite. Source: `{article.path.name}`.",
        "",
    ]
    for block in article.source.blocks:
        lines += [f"## {block.text}" if block.number is None else f"**{block.number}** {block.text}", ""]
    (docs / "article.md").write_text("\n".join(lines), encoding="utf-8")
    local = "\n".join(table).replace("](quizzes/", "](").replace("](sheets/", "](../sheets/")
    (docs / "quizzes" / "index.md").write_text("# Quizzes\n\nOne quiz per topic.\n\n" + local + "\n", encoding="utf-8")
    lines = ["# Glossary", ""]
    for t in sorted(project.terms["terms"], key=lambda t: t["term"].casefold()):
        lines += [f"**{t['term']}** ({t['expansion']})", "", f"{t['definition']}", ""]
    (docs / "glossary.md").write_text("\n".join(lines), encoding="utf-8")
    for slug, data in zip(slugs, project.data, strict=True):
        quiz = [
            f"# {data['title']}",
            "",
            data.get("description", ""),
            "",
            f"[Study sheet (print)](../sheets/{slug}.md) · [Answer key](../sheets/{slug}-key.md) · "
            f"{len(data['questions'])} questions",
            "",
        ]
        sheet = [f"# {data['title']}: study sheet", "", "Name: ______ Date: ______", ""]
        key = [f"# {data['title']}: answer key", "", f"Answer key for “{data['title']}”.", ""]
        for n, q in enumerate(data["questions"], start=1):
            quiz += _md_body(q, n, sheet=False) + _md_answer_block(q)
            sheet += _md_body(q, n, sheet=True)
            key += [f"**{n}.** {q['prompt']}", ""] + _md_answer_block(q, feedback=False)
        (docs / "quizzes" / f"{slug}.md").write_text("\n".join(quiz), encoding="utf-8")
        (docs / "sheets" / f"{slug}.md").write_text("\n".join(sheet), encoding="utf-8")
        (docs / "sheets" / f"{slug}-key.md").write_text("\n".join(key), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--questions", type=int, default=1000)
    ap.add_argument("--banks", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--plain", type=Path, help="also write the same pages as plain Markdown here")
    a = ap.parse_args()
    article = Article()
    project = write_project(a.out, a.questions, a.banks, a.seed, article)
    print(f"{a.out}: {project.questions} questions in {len(project.banks)} banks, {project.bytes:,} bytes of YAML")
    if a.plain:
        write_plain(project, a.plain, article)
        print(f"{a.plain}: the same pages as plain Markdown")


if __name__ == "__main__":
    main()
