"""Which parts of the article the banks ask about, and what they leave out.

A teacher needs to see at a glance that every paragraph is asked about, that the glossary
defines terms the article really uses, and how the questions spread over banks, types and
difficulty. The same data feeds the text report and ``--json``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from quizgen.models import DIFFICULTIES, QUESTION_TYPES, Catalog
from quizgen.terms import matcher, occurrences


def coverage(catalog: Catalog) -> dict[str, Any]:
    m = matcher(catalog.terms)
    by_paragraph: dict[int, list[str]] = {p.number or 0: [] for p in catalog.source.paragraphs}
    for q in catalog.questions():
        for n in sorted({e.paragraph for e in q.evidence}):
            by_paragraph[n].append(q.id)
    paragraphs = []
    used_terms: set[str] = set()
    for p in catalog.source.paragraphs:
        terms = sorted(occurrences(p.text, m))
        used_terms.update(terms)
        paragraphs.append(
            {"number": p.number, "text": p.text, "questions": by_paragraph[p.number or 0], "terms": terms}
        )
    questions = catalog.questions()
    return {
        "source": catalog.source.file,
        "paragraphs": paragraphs,
        "uncovered_paragraphs": [p["number"] for p in paragraphs if not p["questions"]],
        "unused_terms": sorted((t.term for t in catalog.terms if t.term not in used_terms), key=str.casefold),
        "totals": {
            "questions": len(questions),
            "by_bank": {b.slug: len(b.questions) for b in catalog.banks},
            "by_type": {t: n for t in QUESTION_TYPES if (n := Counter(q.type for q in questions)[t])},
            "by_difficulty": {d: n for d in DIFFICULTIES if (n := Counter(q.difficulty for q in questions)[d])},
            "by_bank_type": {b.slug: dict(sorted(Counter(q.type for q in b.questions).items())) for b in catalog.banks},
        },
    }


def format_text(report: dict[str, Any], width: int = 100) -> str:
    lines = [f"Coverage of {report['source']}", ""]
    for p in report["paragraphs"]:
        text = p["text"] if len(p["text"]) <= 60 else p["text"][:59] + "…"
        mark = "  " if p["questions"] else "!!"
        lines.append(f"{mark} ¶{p['number']:<3} {len(p['questions']):>2} question(s)  {text}")
        if p["questions"]:
            lines.append(_wrap("        questions: " + ", ".join(p["questions"]), width))
        if p["terms"]:
            lines.append(_wrap("        terms: " + ", ".join(p["terms"]), width))
    t = report["totals"]
    lines += [
        "",
        f"{t['questions']} questions",
        "  by bank:       " + ", ".join(f"{k} {v}" for k, v in t["by_bank"].items()),
        "  by type:       " + ", ".join(f"{k} {v}" for k, v in t["by_type"].items()),
        "  by difficulty: " + ", ".join(f"{k} {v}" for k, v in t["by_difficulty"].items()),
        "",
    ]
    if report["uncovered_paragraphs"]:
        lines.append("Paragraphs no question covers: " + ", ".join(f"¶{n}" for n in report["uncovered_paragraphs"]))
    else:
        lines.append("Every paragraph is covered by at least one question.")
    if report["unused_terms"]:
        lines.append("Glossary terms the article never uses: " + ", ".join(report["unused_terms"]))
    else:
        lines.append("Every glossary term occurs in the article.")
    return "\n".join(lines) + "\n"


def format_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _wrap(line: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(line, width, subsequent_indent=" " * 12, break_on_hyphens=False))
