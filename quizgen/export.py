"""The catalog as one JSON document: a stable interface for other tools.

``format_version`` changes only when a key is removed or changes meaning; new keys may be
added. Output is deterministic: keys in a fixed order, no timestamps.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from quizgen import __version__
from quizgen.models import Catalog, Question

FORMAT_VERSION = 1


def _question(q: Question) -> dict[str, Any]:
    data = {k: v for k, v in asdict(q).items() if v not in (None, (), [])}
    # Keep only the keys that mean something for this type.
    keep = {
        "single": {"choices"},
        "multiple": {"choices"},
        "true_false": {"answer"},
        "fill_blank": {"answers", "case_sensitive", "accent_sensitive"},
        "numeric": {"answer", "tolerance", "unit"},
        "matching": {"pairs", "distractors"},
        "ordering": {"items"},
    }[q.type]
    typed = {
        "choices",
        "answer",
        "answers",
        "case_sensitive",
        "accent_sensitive",
        "tolerance",
        "unit",
        "pairs",
        "distractors",
        "items",
    }
    return {k: v for k, v in data.items() if k not in typed or k in keep}


def catalog_dict(catalog: Catalog) -> dict[str, Any]:
    src = catalog.source
    return {
        "format_version": FORMAT_VERSION,
        "generator": f"quizgen {__version__}",
        "source": {
            "file": src.file,
            "name": src.name,
            "sha256": src.sha256,
            "blocks": [asdict(b) for b in src.blocks],
        },
        "banks": [
            {
                "slug": b.slug,
                "file": b.file,
                "topic": b.topic,
                "title": b.title,
                "description": b.description,
                "shuffle": b.shuffle,
                "questions": [_question(q) for q in b.questions],
            }
            for b in catalog.banks
        ],
        "glossary": [asdict(t) for t in catalog.terms],
    }


def export_json(catalog: Catalog) -> str:
    return json.dumps(catalog_dict(catalog), ensure_ascii=False, allow_nan=False, indent=2) + "\n"
