"""The packaged JSON Schemas, and validation that speaks the author's language.

Two validators for each schema, each built once per process: a compiled one
(fastjsonschema) that answers "is this valid?" about ten times faster than jsonschema, and
jsonschema's Draft 2020-12 validator, asked only when the answer is no, for every error with
its JSON path. Errors are rewritten from Python's wording (``True is not of type 'string'``)
into the author's, and placed at a line by walking the YAML node tree.
"""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any

from quizgen import definitions, limits, qtypes, schemacache
from quizgen.document import Document
from quizgen.report import Issue, excerpt

_TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys to values",
    "null": "nothing",
}


def schema_text(name: str) -> str:
    """The schema as published (see :mod:`quizgen.definitions`)."""
    return definitions.schema_text(name)


def schema(name: str) -> dict[str, Any]:
    return definitions.schema(name)


#: Keywords that only annotate; the compiled validator does not need them (they would be
#: copied into its generated code many times over and slow down compiling it).
_ANNOTATIONS = frozenset({"description", "title", "$comment", "examples"})


def _without_annotations(node: Any, *, names: bool = False) -> Any:
    """A copy of a schema without annotations; ``names`` marks a mapping of names to schemas."""
    if isinstance(node, dict):
        if names:
            return {k: _without_annotations(v) for k, v in node.items()}
        return {
            k: _without_annotations(v, names=k in ("properties", "$defs", "definitions"))
            for k, v in node.items()
            if k not in _ANNOTATIONS
        }
    if isinstance(node, list):
        return [_without_annotations(v) for v in node]
    return node


@cache
def _fast(name: str) -> Any:
    """A function that raises for invalid data and returns for valid data, or None."""
    try:
        import fastjsonschema
    except ImportError:  # optional speed-up; jsonschema alone gives the same answers
        return None
    # fastjsonschema knows drafts up to 7; the schemas use no keyword newer than that,
    # except the bank's per-type questions, which are given to it in their draft-07 form.
    definition = _without_annotations(schema(name))
    definition["$schema"] = "http://json-schema.org/draft-07/schema#"
    if name != "bank":
        return schemacache.compiled(fastjsonschema, _inlined(definition, definition.get("$defs", {})))
    return _by_question_type(fastjsonschema, definition)


def _by_question_type(fastjsonschema: Any, definition: dict[str, Any]) -> Any:
    """For the bank schema: check each question against the rules of its own type only.

    The question's ``type`` picks which compiled rules to run, so no question tries the
    rules of the six other types (with if/then as written, six of them fail by raising an
    exception, which would be most of the time spent).
    """
    defs = definition["$defs"]
    # Small definitions (text, choice, ...) are written out in place: fastjsonschema names
    # each list item it passes to a definition's function by formatting locals(), which
    # costs more than the check itself.
    inline = {k: d for k, d in defs.items() if k not in qtypes.registry() and k not in ("question", "common")}
    rules = {
        qtype: _inlined(_without_annotations(flat), inline)
        for qtype, flat in definitions.flat_question_schemas().items()
    }
    bank = {k: _inlined(v, inline) for k, v in definition.items() if k not in ("$defs", "$schema", "$id")}
    bank["properties"] = dict(bank["properties"])
    bank["properties"]["questions"] = {k: v for k, v in bank["properties"]["questions"].items() if k != "items"}
    # One compiled function; the key of the mapping it is given selects what to check.
    check = schemacache.compiled(
        fastjsonschema, {"$schema": definition["$schema"], "type": "object", "properties": {"bank": bank, **rules}}
    )

    def validate_bank(data: Any) -> None:
        check({"bank": data})  # everything but the questions, and that they are a list
        for q in data["questions"]:
            qtype = q.get("type") if isinstance(q, dict) else None
            if not isinstance(qtype, str) or qtype not in rules:
                raise ValueError("not a question of a known type")
            check({qtype: q})

    return validate_bank


def _inlined(node: Any, defs: dict[str, Any], within: tuple[str, ...] = ()) -> Any:
    """``node`` with each ``{"$ref": "#/$defs/NAME"}`` of ``defs`` replaced by its definition.

    A definition that refers to itself, directly or not, is left as a reference.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if len(node) == 1 and isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref[len("#/$defs/") :]
            if name in defs and name not in within:
                return _inlined(defs[name], defs, (*within, name))
        return {k: _inlined(v, defs, within) for k, v in node.items()}
    if isinstance(node, list):
        return [_inlined(v, defs, within) for v in node]
    return node


@cache
def _full(name: str) -> Any:
    """jsonschema's Draft 2020-12 validator, with ``pattern`` read as ECMA-262 reads it.

    In JSON Schema (ECMA-262) ``$`` is the end of the string; in Python's ``re`` it also
    matches before a final newline, so ``id: "ev-plane\\n"`` would pass jsonschema while
    the compiled validator refuses it, and no message would be found to explain why.
    """
    import re

    from jsonschema import Draft202012Validator, ValidationError, validators

    def pattern(validator: Any, regex: str, instance: Any, _schema: Any) -> Any:
        if validator.is_type(instance, "string") and not re.search(re.sub(r"(?<!\\)\$\Z", r"\\Z", regex), instance):
            yield ValidationError(f"{instance!r} does not match {regex!r}")

    return validators.extend(Draft202012Validator, {"pattern": pattern})(schema(name))


def validate(doc: Document, name: str) -> list[Issue]:
    """Every schema problem in ``doc``, located; an empty list when it is valid."""
    fast = _fast(name)
    if fast is not None:
        try:
            fast(doc.data)
            return []
        except Exception:  # JsonSchemaException, or anything odd: ask jsonschema for the details
            pass
    issues: list[Issue] = []
    for error in _full(name).iter_errors(doc.data):
        issues.extend(_explain(doc, error))
    # One defect, one problem: the same error reached through two subschemas is listed once.
    return list(dict.fromkeys(issues))


def _explain(doc: Document, error: Any) -> list[Issue]:
    path = tuple(error.absolute_path)
    kind = error.validator
    inst = error.instance

    def at(p: tuple[str | int, ...], message: str, hint: str = "", *, key: bool = False) -> Issue:
        line, col = doc.locate(p, key=key)
        return Issue(doc.file, line, col, p, message, hint)

    if kind == "additionalProperties" and isinstance(inst, dict):
        allowed = sorted(error.schema.get("properties", {}))
        out = []
        for extra in sorted(k for k in inst if k not in allowed):
            close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(allowed)
            out.append(at((*path, extra), f"unknown key '{excerpt(extra)}'", hint, key=True))
        return out
    if kind == "required" and isinstance(inst, dict):
        missing = [k for k in error.validator_value if k not in inst]
        # A misspelt key is one defect: it is reported where it is written, as an unknown key
        # with "did you mean", and not again as the key that is missing.
        misspelt = {_meant(x, _allowed(inst, error.schema)) for x in inst}
        return [at(path, f"missing key '{k}'", _required_hint(k)) for k in missing if k not in misspelt]
    if kind == "unevaluatedProperties" and isinstance(inst, dict) and isinstance(inst.get("type"), str):
        # A question with keys its type does not take: say whose keys they are.
        qtype = inst["type"]
        allowed = sorted(_keys_of(qtype))
        out = []
        for extra in sorted(k for k in inst if k not in allowed):
            owners = [t for t in qtypes.names() if extra in qtypes.get(t).properties]
            if owners:
                takes = qtypes.get(qtype).takes if qtype in qtypes.registry() else "other keys"
                out.append(
                    at(
                        (*path, extra),
                        f"'{extra}' does not belong in a {qtype} question",
                        f"a {qtype} question takes {takes}",
                        key=True,
                    )
                )
            else:
                close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(allowed)
                out.append(at((*path, extra), f"unknown key '{excerpt(extra)}'", hint, key=True))
        return out
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in expected)
        hint = ""
        if "boolean" in expected and isinstance(inst, str):
            hint = "write true or false, without quotes"
        elif "string" in expected and isinstance(inst, (bool, int, float)):
            hint = "quote this value to keep it as text"
        elif "number" in expected and isinstance(inst, str):
            hint = "write the number without quotes, for example 36 or 1.25"
        return [at(path, f"expected {words}, found {_describe(inst)}", hint)]
    if kind == "enum":
        options = [str(o) for o in error.validator_value]
        close = difflib.get_close_matches(str(inst), options, n=1, cutoff=0.5) if isinstance(inst, str) else []
        hint = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(options)
        return [at(path, f"'{excerpt(inst)}' is not one of {', '.join(options)}", hint)]
    if kind == "pattern":
        if path and path[-1] == "id" or (len(path) >= 1 and "id" in str(error.schema.get("description", ""))):
            return [
                at(
                    path,
                    f"the id '{excerpt(inst)}' is not allowed",
                    "use lowercase letters a-z, digits and '-', starting with a letter or digit, at most 64 characters",
                )
            ]
        if path and path[-1] == "url":
            return [
                at(path, f"'{excerpt(inst)}' is not a web address", "write the full address, starting with https://")
            ]
        return [at(path, f"'{excerpt(inst)}' is not allowed here", "use lowercase letters a-z, digits and '-' only")]
    if kind == "minLength":
        if error.validator_value <= 1:
            return [at(path, "this text is empty", "write something, or remove the key")]
        return [at(path, f"this text is shorter than {error.validator_value} characters", "quote a longer phrase")]
    if kind == "maxLength":
        return [
            at(
                path,
                f"this text is {len(inst):,} characters, over the limit of {error.validator_value:,}",
                "shorten it",
            )
        ]
    if kind == "minItems":
        return [at(path, f"the list needs at least {error.validator_value} item(s), it has {len(inst)}", "add items")]
    if kind == "maxItems":
        return [
            at(
                path,
                f"the list has {len(inst):,} items, over the limit of {error.validator_value:,}",
                "split it" if path == ("questions",) else "remove some",
            )
        ]
    if kind == "uniqueItems":
        return [at(path, "the list has the same item twice", "remove the repeat")]
    if kind == "minimum":
        return [at(path, f"must be {error.validator_value} or more", "use a positive number")]
    if kind == "minProperties":
        return [at(path, "this mapping is empty", "add a key, or remove it")]
    if kind == "anyOf" and path and path[-1] == "evidence" and isinstance(inst, list) and 0 < len(inst) <= 5:
        # A list of quotes: the quotes that are wrong, each at its own line, so that the
        # others are still looked up in the article.
        bad = [k for k, q in enumerate(inst) if not isinstance(q, str) or not limits.MIN_QUOTE <= len(q) <= 2000]
        if bad:
            return [
                at(
                    (*path, k),
                    f"a quote must be text of {limits.MIN_QUOTE} to 2,000 characters, found {_describe(inst[k])}"
                    if not isinstance(inst[k], str)
                    else f"this quote is {len(inst[k]):,} characters; a quote is {limits.MIN_QUOTE} to 2,000",
                    "copy the words from the article",
                )
                for k in bad
            ]
    if kind == "anyOf" and path and path[-1] == "evidence":
        return [
            at(
                path,
                "evidence must be a quote of 8 to 2,000 characters, or a list of up to 5 such quotes",
                "copy the words from the article",
            )
        ]
    return [at(path, excerpt(error.message), "")]


def _allowed(inst: dict[str, Any], where: dict[str, Any]) -> list[str]:
    """The keys a mapping may have: a question's (by its type), or those its schema lists."""
    qtype = inst.get("type")
    if isinstance(qtype, str) and qtype in qtypes.registry():
        return sorted(_keys_of(qtype))
    return sorted(where.get("properties", {}))


def _meant(key: str, allowed: list[str]) -> str | None:
    """The key ``key`` was probably meant to be, if it is not one of ``allowed``."""
    if key in allowed:
        return None
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the text "{excerpt(value)}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


@cache
def _keys_of(qtype: str) -> frozenset[str]:
    """Every key a question of ``qtype`` may have: the common ones and its own."""
    common = schema("bank")["$defs"]["common"]["properties"]
    own = qtypes.get(qtype).properties if qtype in qtypes.registry() else {}
    return frozenset(common) | frozenset(own)


def _required_hint(key: str) -> str:
    for t in qtypes.registry().values():
        if key in t.hints:
            return t.hints[key]
    return _REQUIRED_HINTS.get(key, f"add {key}:")


_REQUIRED_HINTS = {
    "evidence": "add evidence: a quote from the article that supports the answer",
    "explanation": "add explanation: why the right answer is right",
    "difficulty": "add difficulty: recall, understanding or analysis",
    "title": "add title: the quiz's title",
    "questions": "add questions: a list of questions",
}
