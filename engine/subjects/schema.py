"""JSON Schema (Draft 2020-12) of the profiles of one subject kind, generated from its facts.

Editors that speak JSON Schema (VS Code and others through yaml-language-server) then offer the
facts as completions, the questions and help as hover text, and flag wrong values as you type.
A fact may be written as a dotted key or under nested keys, as a bare value, as an answer
mapping (value, source, effective_from, effective_until, note) or as a list of dated answers.
"""

from __future__ import annotations

import json
from typing import Any

from safeguards.engine.models import FactsCatalog, FactSpec, FactType

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE = {"type": "string", "format": "date"}
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"


def value_schema(spec: FactSpec) -> dict[str, Any]:
    """Return the schema of a bare answer to one fact."""
    match spec.type:
        case FactType.BOOL:
            return {"type": "boolean"}
        case FactType.ENUM:
            return {"enum": list(spec.values)}
        case FactType.LIST:
            return {"type": "array", "items": {"enum": list(spec.values)}, "uniqueItems": True}
        case FactType.INT | FactType.NUMBER:
            out: dict[str, Any] = {"type": "integer" if spec.type is FactType.INT else "number"}
            if spec.minimum is not None:
                out["minimum"] = spec.minimum
            if spec.maximum is not None:
                out["maximum"] = spec.maximum
            return out
        case FactType.DATE:
            return dict(DATE)
        case FactType.DATETIME:
            return {"type": "string", "pattern": DATETIME_PATTERN}
        case FactType.TEXT:
            return {"type": "string"}
    raise AssertionError(spec.type)  # pragma: no cover


def _describe(spec: FactSpec) -> str:
    text = spec.question.strip()
    if spec.help:
        text += "\n\n" + " ".join(spec.help.split())
    if spec.values:
        text += "\n\nAllowed: " + ", ".join(spec.values)
    return text


def _fact(spec: FactSpec) -> dict[str, Any]:
    value = value_schema(spec)
    answer = {
        "type": "object",
        "properties": {
            "value": value,
            "source": {"$ref": "#/$defs/source"},
            "effective_from": DATE,
            "effective_until": DATE,
            "note": {"type": "string"},
        },
        "required": ["value"],
        "additionalProperties": False,
    }
    return {
        "title": spec.question.strip(),
        "description": _describe(spec),
        "anyOf": [
            {"type": "null"},
            value,
            answer,
            {"type": "array", "items": answer, "minItems": 1},
        ],
    }


def _level(facts: dict[str, FactSpec], prefix: str, defs: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of a mapping that holds facts under ``prefix`` (dotted or nested)."""
    props: dict[str, Any] = {}
    nested: set[str] = set()
    for key in facts:
        if not key.startswith(prefix):
            continue
        rest = key[len(prefix) :]
        props[rest] = {"$ref": f"#/$defs/{_pointer('fact:' + key)}"}
        parts = rest.split(".")
        nested.update(".".join(parts[:i]) for i in range(1, len(parts)))
    for head in sorted(nested):
        name = f"level:{prefix}{head}"
        if name not in defs:
            defs[name] = {}
            defs[name] = _level(facts, f"{prefix}{head}.", defs)
        props[head] = {"$ref": f"#/$defs/{_pointer(name)}"}
    return {"type": "object", "properties": props, "additionalProperties": False}


def _pointer(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def profile_schema(facts: FactsCatalog) -> dict[str, Any]:
    """Return the JSON Schema of a profile of the kind ``facts`` declares.

    Args:
        facts: the facts catalog of one subject kind.

    """
    answerable = {k: s for k, s in facts.facts.items() if s.derive is None}
    defs: dict[str, Any] = {f"fact:{k}": _fact(s) for k, s in answerable.items()}
    defs["source"] = {
        "description": "The evidence behind the answer.",
        "anyOf": [
            {"type": "string", "description": "The instrument (short form)."},
            {
                "type": "object",
                "properties": {
                    "instrument": {"type": "string", "description": "Law, code or treaty."},
                    "article": {"type": ["string", "number"]},
                    "url": {"type": "string"},
                    "quote": {"type": "string", "description": "The words of the text."},
                    "date": DATE,
                    "basis": {
                        "enum": ["official_text", "faithful_copy", "secondary", "recollection"],
                        "description": (
                            "What the answer rests on: the official text, a faithful copy of it,"
                            " secondary commentary, or recollection. Below a faithful copy, a"
                            " verdict that rests on the answer is provisional."
                        ),
                    },
                },
                "additionalProperties": False,
                "minProperties": 1,
            },
        ],
    }
    facts_schema = _level(answerable, "", defs)
    facts_schema["type"] = ["object", "null"]
    facts_schema["description"] = "The answers, by fact; a fact left out is unknown."
    return {
        "$schema": DRAFT,
        "$id": f"https://safeguards.invalid/schemas/profile-{facts.kind}.schema.json",
        "title": f"safeguards {facts.kind} profile",
        "type": "object",
        "properties": {
            "safeguards": {"const": 1, "description": "Format version."},
            "kind": {"const": facts.kind},
            "id": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.:-]*$"},
            "name": {"type": "string"},
            "as_of": {**DATE, "description": "The date the answers describe."},
            "note": {"type": "string"},
            "facts": facts_schema,
        },
        "required": ["safeguards", "kind", "id", "facts"],
        "additionalProperties": False,
        "$defs": defs,
    }


def render(facts: FactsCatalog) -> str:
    """Return the schema as JSON text."""
    return json.dumps(profile_schema(facts), indent=2, ensure_ascii=False) + "\n"
