"""JSON: the whole catalog as one document, every type exactly (see :mod:`quizgen.export`).

The document itself is built by :mod:`quizgen.export`, which other tools already import;
this module adds what every export format has: a type the document does not know is
reported instead of crashing the export.
"""

from __future__ import annotations

from dataclasses import replace

from quizgen import qtypes
from quizgen.export import export_json
from quizgen.exports.common import Options, Unsupported, Written
from quizgen.models import Catalog

NAME = "JSON"


def write(catalog: Catalog, options: Options) -> Written:
    known = set(qtypes.names())
    skipped = tuple(
        Unsupported(q.id, q.type, b.slug, f"{NAME} has no {q.type} questions")
        for b in catalog.banks
        for q in b.questions
        if q.type not in known
    )
    if skipped:
        banks = tuple(replace(b, questions=tuple(q for q in b.questions if q.type in known)) for b in catalog.banks)
        catalog = replace(catalog, banks=banks)
    return Written(export_json(catalog).encode("utf-8"), skipped)
