"""Which parts of the article the banks ask about, and what they leave out.

A teacher needs to see at a glance that every paragraph is asked about, that the glossary
defines terms the article really uses, and how the questions spread over banks, types and
difficulty. The same data feeds the text report and ``--json``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from quizgen import qtypes
from quizgen.models import DIFFICULTIES, Catalog
from quizgen.terms import matcher, occurrences


def coverage(catalog: Catalog) -> dict[str, Any]:
    m = matcher(catalog.terms)
    used_terms: set[str] = set()
    per_source = []
    uncovered = []
    for src in catalog.sources:
        by_paragraph: dict[int, list[str]] = {p.number or 0: [] for p in src.paragraphs}
        for bank in catalog.banks_of(src.id):
            for q in bank.questions:
                for n in sorted({e.paragraph for e in q.evidence}):
                    by_paragraph[n].append(q.id)
        paragraphs = []
        for p in src.paragraphs:
            terms = sorted(occurrences(p.text, m))
            used_terms.update(terms)
            paragraphs.append(
                {"number": p.number, "text": p.text, "questions": by_paragraph[p.number or 0], "terms": terms}
            )
        missing = [p["number"] for p in paragraphs if not p["questions"]]
        uncovered += [{"source": src.id, "number": n} for n in missing]
        per_source.append(
            {
                "id": src.id,
                "title": src.title,
                "file": src.file,
                "paragraphs": paragraphs,
                "uncovered_paragraphs": missing,
            }
        )
    questions = catalog.questions()
    return {
        "sources": per_source,
        "uncovered_paragraphs": uncovered,
        "unused_terms": sorted((t.term for t in catalog.terms if t.term not in used_terms), key=str.casefold),
        "totals": {
            "questions": len(questions),
            "by_source": {s.id: sum(len(b.questions) for b in catalog.banks_of(s.id)) for s in catalog.sources},
            "by_bank": {b.slug: len(b.questions) for b in catalog.banks},
            "by_type": {t: n for t in qtypes.names() if (n := Counter(q.type for q in questions)[t])},
            "by_difficulty": {d: n for d in DIFFICULTIES if (n := Counter(q.difficulty for q in questions)[d])},
            "by_bank_type": {b.slug: dict(sorted(Counter(q.type for q in b.questions).items())) for b in catalog.banks},
        },
    }


def format_text(report: dict[str, Any], width: int = 100) -> str:
    lines: list[str] = []
    for src in report["sources"]:
        lines += [f"Coverage of {src['title']} ({src['id']}: {src['file']})", ""]
        for p in src["paragraphs"]:
            text = p["text"] if len(p["text"]) <= 60 else p["text"][:59] + "…"
            mark = "  " if p["questions"] else "!!"
            lines.append(f"{mark} ¶{p['number']:<3} {len(p['questions']):>2} question(s)  {text}")
            if p["questions"]:
                lines.append(_wrap("        questions: " + ", ".join(p["questions"]), width))
            if p["terms"]:
                lines.append(_wrap("        terms: " + ", ".join(p["terms"]), width))
        lines.append("")
    t = report["totals"]
    lines += [
        f"{t['questions']} questions",
        "  by source:     " + ", ".join(f"{k} {v}" for k, v in t["by_source"].items()),
        "  by bank:       " + ", ".join(f"{k} {v}" for k, v in t["by_bank"].items()),
        "  by type:       " + ", ".join(f"{k} {v}" for k, v in t["by_type"].items()),
        "  by difficulty: " + ", ".join(f"{k} {v}" for k, v in t["by_difficulty"].items()),
        "",
    ]
    if report["uncovered_paragraphs"]:
        several = len(report["sources"]) > 1
        lines.append(
            "Paragraphs no question covers: "
            + ", ".join(
                f"{u['source']} ¶{u['number']}" if several else f"¶{u['number']}"
                for u in report["uncovered_paragraphs"]
            )
        )
    else:
        lines.append("Every paragraph is covered by at least one question.")
    if report["unused_terms"]:
        lines.append("Glossary terms no source uses: " + ", ".join(report["unused_terms"]))
    else:
        lines.append("Every glossary term occurs in a source.")
    return "\n".join(lines) + "\n"


def format_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _wrap(line: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(line, width, subsequent_indent=" " * 12, break_on_hyphens=False))
