"""The catalog as one JSON document: a stable interface for other tools.

``format_version`` changes only when a key is removed or changes meaning; new keys may be
added. Output is deterministic: keys in a fixed order, no timestamps.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

from quizgen import __version__, qtypes
from quizgen.models import Catalog, Question, Source

FORMAT_VERSION = 2


def _question(q: Question) -> dict[str, Any]:
    # fields() leaves out the ClassVar ``type``, which __dataclass_fields__ lists too.
    common = asdict(Question(**{f.name: getattr(q, f.name) for f in fields(Question)}))
    data = {"type": q.type, **{k: v for k, v in common.items() if v not in (None, (), [])}}
    return {**data, **qtypes.of(q).export(q)}


def _source(src: Source) -> dict[str, Any]:
    details = {k: getattr(src, k) for k in ("author", "outlet", "date", "url", "licence") if getattr(src, k)}
    return {
        "id": src.id,
        "title": src.title,
        **details,
        "file": src.file,
        "name": src.name,
        "sha256": src.sha256,
        "blocks": [asdict(b) for b in src.blocks],
    }


def catalog_dict(catalog: Catalog) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "generator": f"quizgen {__version__}",
        "sources": [_source(s) for s in catalog.sources],
        "banks": [
            {
                "slug": b.slug,
                "file": b.file,
                "source": b.source,
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
