"""The JSON Schemas quizgen publishes, assembled from the question types that define them.

The bank schema is the common part written here plus each question type's own fragment
(:meth:`quizgen.qtypes.base.QuestionType.schema`), one ``$defs`` entry per type with
``unevaluatedProperties: false``, picked by ``type``. The glossary and source-details
schemas have no types and are written here whole.

``quizgen/schemas/*.schema.json`` are these schemas written out for editors (a test keeps
them equal; ``quizgen schema --write DIR`` writes them anywhere). Every schema has an
``$id``, so an editor that maps it by file or by URL resolves the same document.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from quizgen import limits, qtypes
from quizgen.models import DIFFICULTIES

NAMES = ("bank", "glossary", "source")
SLUG = "^[a-z0-9][a-z0-9-]{0,63}$"

_LINE = {"type": "string", "minLength": 1, "maxLength": 200, "description": "One line of text."}
_TEXT = {
    "type": "string",
    "minLength": 1,
    "maxLength": limits.MAX_TEXT,
    "description": "Text; inline Markdown (emphasis, code, links to http, https or mailto) is allowed.",
}


def schema_id(name: str) -> str:
    return f"urn:quizgen:schema:{name}:1"


def _common() -> dict[str, Any]:
    """The keys every question has, whatever its type."""
    return {
        "type": "object",
        "required": ["id", "type", "prompt", "explanation", "evidence", "difficulty"],
        "properties": {
            "id": {"$ref": "#/$defs/id"},
            "type": {"enum": list(qtypes.names()), "description": "The kind of question."},
            "prompt": {
                "$ref": "#/$defs/text",
                "description": "The question as students see it (a fill-in question holds a blank: ___).",
            },
            "explanation": {"$ref": "#/$defs/text", "description": "Why the right answer is right, in your own words."},
            "evidence": {
                "anyOf": [
                    {"$ref": "#/$defs/quote"},
                    {"type": "array", "minItems": 1, "maxItems": 5, "items": {"$ref": "#/$defs/quote"}},
                ],
                "description": "A verbatim quote from the article that supports the answer, or a list of up to five.",
            },
            "difficulty": {"enum": list(DIFFICULTIES), "description": "recall, understanding or analysis."},
            "tags": {
                "type": "array",
                "maxItems": 20,
                "uniqueItems": True,
                "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,39}$"},
                "description": "Short lowercase tags for filtering.",
            },
            "terms": {
                "type": "array",
                "maxItems": 20,
                "uniqueItems": True,
                "items": {"$ref": "#/$defs/line"},
                "description": "Glossary terms the question relies on.",
            },
            "speaker": {
                "type": "string",
                "pattern": SLUG,
                "description": "Whose claim the question is about: author (the article's own voice) or a speaker "
                "declared in the source's details. quizgen checks that the article attributes the evidence to them.",
            },
            "lint": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "ignore": {
                        "type": "object",
                        "minProperties": 1,
                        "maxProperties": 20,
                        "additionalProperties": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 300,
                            "description": "Why the rule does not apply to this question.",
                        },
                        "description": "Lint rules this question silences, each with the reason: {QG108: why}.",
                    }
                },
                "description": "How quizgen lint treats this question.",
            },
            "feedback": {
                "type": "object",
                "additionalProperties": False,
                "minProperties": 1,
                "properties": {
                    "correct": {"$ref": "#/$defs/text", "description": "Shown after a right answer."},
                    "incorrect": {"$ref": "#/$defs/text", "description": "Shown after a wrong answer."},
                },
                "description": "General feedback, shown after a right or a wrong answer.",
            },
        },
    }


def _bank() -> dict[str, Any]:
    types = qtypes.registry()
    defs: dict[str, Any] = {
        "line": _LINE,
        "text": _TEXT,
        "id": {
            "type": "string",
            "pattern": SLUG,
            "description": "Stable id, unique across all banks: lowercase ASCII letters, digits and '-', "
            "at most 64 characters.",
        },
        "quote": {
            "type": "string",
            "minLength": limits.MIN_QUOTE,
            "maxLength": 2000,
            "description": "A verbatim quote from the article, inside one paragraph.",
        },
        "common": _common(),
    }
    for t in types.values():
        for name, definition in t.defs.items():
            defs.setdefault(name, definition)
    question = {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": list(types)}},
        "allOf": [
            {
                "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "then": {"$ref": f"#/$defs/{name}"},
            }
            for name in types
        ],
    }
    defs["question"] = question
    for name, t in types.items():
        defs[name] = t.schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id("bank"),
        "title": "quizgen question bank",
        "description": "A bank of questions about one source. See docs/authoring.md.",
        "type": "object",
        "additionalProperties": False,
        "required": ["title", "questions"],
        "properties": {
            "source": {
                "type": "string",
                "minLength": 1,
                "maxLength": 1000,
                "description": "The source this bank is about: its id (or its file, relative to this bank). "
                "May be left out in a course of one source.",
            },
            "topic": {
                "type": "string",
                "pattern": SLUG,
                "description": "What the bank is about: one of the course's topics (events, actors or arguments "
                "unless mkdocs.yml declares others).",
            },
            "title": {"$ref": "#/$defs/line", "description": "The quiz's title."},
            "description": {"$ref": "#/$defs/text", "description": "Shown under the title."},
            "shuffle": {
                "type": "boolean",
                "description": "Shuffle choices per student (the order is kept across reloads).",
            },
            "mode": {
                "enum": ["practice", "graded"],
                "description": "practice: the quiz grades itself in the browser. graded: the site holds no answer "
                "of this bank, and students hand in a receipt for `quizgen grade` (docs/graded.md). "
                "Default: the site's mode (practice unless mkdocs.yml says otherwise).",
            },
            "questions": {
                "type": "array",
                "minItems": 1,
                "maxItems": limits.MAX_QUESTIONS,
                "items": {"$ref": "#/$defs/question"},
            },
        },
        "$defs": defs,
    }


def _glossary() -> dict[str, Any]:
    name = {"type": "string", "minLength": 1, "maxLength": 80}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id("glossary"),
        "title": "quizgen glossary",
        "description": "Terms shown on the glossary page and as tooltips wherever they appear.",
        "type": "object",
        "additionalProperties": False,
        "required": ["terms"],
        "properties": {"terms": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"$ref": "#/$defs/term"}}},
        "$defs": {
            "line": _LINE,
            "text": _TEXT,
            "term": {
                "type": "object",
                "additionalProperties": False,
                "required": ["term", "expansion", "definition"],
                "properties": {
                    "term": {**name, "description": "The term as the sources write it."},
                    "expansion": {
                        "$ref": "#/$defs/line",
                        "description": "What an abbreviation stands for, or a short gloss.",
                    },
                    "definition": {"$ref": "#/$defs/text", "description": "A short plain-words definition."},
                    "background": {
                        "type": "boolean",
                        "description": "true when the definition says more than the sources do (it is then shown as "
                        "background), or the term is one no source uses.",
                    },
                    "aliases": {
                        "type": "array",
                        "maxItems": 20,
                        "uniqueItems": True,
                        "items": name,
                        "description": "Other spellings that should get the tooltip.",
                    },
                },
            },
        },
    }


def _source() -> dict[str, Any]:
    line = {"$ref": "#/$defs/line"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id("source"),
        "title": "quizgen source details",
        "description": "The details of one source article, in a .yml file beside it with the same name.",
        "type": "object",
        "additionalProperties": False,
        "required": ["title"],
        "properties": {
            "id": {
                "type": "string",
                "pattern": SLUG,
                "description": "Stable id used by banks (source: ID), in page addresses and in saved progress. "
                "Default: the file name.",
            },
            "title": {**line, "description": "The article's title, as pages and sheets show it."},
            "author": {**line, "description": "Who wrote it."},
            "outlet": {**line, "description": "Where it was published."},
            "date": {**line, "description": 'When it was published, as text (quote it: "2014-06-25").'},
            "url": {
                "type": "string",
                "pattern": "^https?://[^\\s]+$",
                "maxLength": 2000,
                "description": "Where the original can be read (http or https).",
            },
            "licence": {**line, "description": "Under which terms it may be copied."},
            "speakers": {
                "type": "array",
                "maxItems": 100,
                "items": {"$ref": "#/$defs/speaker"},
                "description": "The people, groups and reports the article quotes or reports, for questions that "
                "say whose claim they ask about (speaker: ID). 'author' is always one: the article's own voice.",
            },
        },
        "$defs": {
            "line": _LINE,
            "speaker": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "name"],
                "properties": {
                    "id": {
                        "type": "string",
                        "pattern": SLUG,
                        "description": "What questions write after speaker:, e.g. sehgal.",
                    },
                    "name": {**line, "description": "The name the article gives, e.g. Ikram Sehgal."},
                    "aliases": {
                        "type": "array",
                        "maxItems": 20,
                        "uniqueItems": True,
                        "items": line,
                        "description": "Other ways the article names them, e.g. Sehgal.",
                    },
                },
            },
        },
    }


@cache
def schema(name: str) -> dict[str, Any]:
    """The schema ``name`` (bank, glossary or source), built once per process."""
    return {"bank": _bank, "glossary": _glossary, "source": _source}[name]()


def schema_text(name: str) -> str:
    """The schema as published: indented JSON with a final newline."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"


def flat_question_schemas() -> dict[str, dict[str, Any]]:
    """Each type's question rules as one draft-07 object schema (common keys plus its own).

    The compiled validator knows no ``unevaluatedProperties``; joining the common keys and
    the type's keys under ``additionalProperties: false`` says the same thing in draft 7.
    """
    full = schema("bank")
    common = full["$defs"]["common"]
    out = {}
    for name, t in qtypes.registry().items():
        props = {**common["properties"], **t.properties}
        props["type"] = {"const": name}
        out[name] = {
            "type": "object",
            "required": list(common["required"]) + list(t.required),
            "properties": props,
            "additionalProperties": False,
        }
    return out
