"""JSON Schema validation of YAML documents, with errors placed at file:line:column."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safeguards.engine.errors import InputError, did_you_mean
from safeguards.engine.io import yamlcache
from safeguards.engine.io.yamlsrc import JsonPath, YamlDoc

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
"""The packaged JSON Schemas (installed as plain files, beside the engine's modules)."""


@cache
def schema(name: str) -> dict[str, Any]:
    """Return one of the packaged JSON Schemas by file name (e.g. ``rule.schema.json``)."""
    text = (SCHEMAS / name).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def schemas_digest(*names: str) -> str:
    """Return a sha256 of packaged schemas and of the validator's version (for cache keys)."""
    return hashlib.sha256("\0".join(_schema_digest(n) for n in names).encode()).hexdigest()


@cache
def _schema_digest(name: str) -> str:
    text = json.dumps(schema(name), sort_keys=True)
    return hashlib.sha256(f"{_jsonschema_release()}\0{text}".encode()).hexdigest()


@cache
def _jsonschema_release() -> str:
    """Name the installed jsonschema release without importing it (or importlib.metadata).

    The name of its ``jsonschema-X.Y.Z.dist-info`` folder beside the package says it; only when
    that folder cannot be found is the slower ``importlib.metadata`` asked.
    """
    spec = find_spec("jsonschema")
    if spec is not None and spec.origin:
        site = Path(spec.origin).parent.parent
        try:
            found = sorted(
                e.name
                for e in os.scandir(site)
                if e.name.startswith("jsonschema-") and e.name.endswith(".dist-info")
            )
        except OSError:
            found = []
        if len(found) == 1:
            return found[0]
    from importlib import metadata

    return metadata.version("jsonschema")


@cache
def _validator(name: str) -> Draft202012Validator:
    # jsonschema (with attrs, referencing and rpds) is imported here, when a document is first
    # validated: a command whose catalog files are all known valid never needs it
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(schema(name), format_checker=FormatChecker())


def jsonable(data: Any) -> Any:
    """Return data with dates as ISO strings, the form JSON Schema understands."""
    if isinstance(data, dict):
        return {k: jsonable(v) for k, v in data.items()}
    if isinstance(data, list):
        return [jsonable(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def dates_as_text(
    doc: YamlDoc, paths: Iterable[JsonPath], error: type[InputError]
) -> list[InputError]:
    """Report each value at the paths that YAML read as a date where text is meant.

    Schemas see dates as ISO strings (see :func:`jsonable`), so an unquoted ``2024-01-01``
    used as a name or an id passes them; it must be quoted to be text.
    """
    problems: list[InputError] = []
    for path in paths:
        value: Any = doc.data
        for part in path:
            if isinstance(value, dict) and isinstance(part, str):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                value = None
                break
        if isinstance(value, dt.date):
            shown = value.isoformat()
            where = doc.locate(path)
            problems.append(
                error(where, f"{path[-1]} must be text: quote the date, as in '{shown}'")
            )
    return problems


def validate(
    doc: YamlDoc, schema_name: str, error: type[InputError], *, cached: bool = False
) -> list[InputError]:
    """Validate a document against a packaged schema; return one error per problem.

    With ``cached``, a document whose data passed the same schema before is not validated
    again (see :mod:`safeguards.engine.io.yamlcache`); one with errors is always validated.
    """
    if doc.data is None:
        return [error(doc.locate(()), "file is empty")]
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        return [error(doc.locate(()), f"the file must be a mapping, not {kind}")]
    # the text's name when the reader gave one (the data follows from the text), else the data's
    digest = (doc.text_key or yamlcache.data_digest(doc.data)) if cached else None
    key = digest and hashlib.sha256(f"{_schema_digest(schema_name)}\0{digest}".encode()).hexdigest()
    if key and yamlcache.known_valid(key):
        return []
    problems: list[InputError] = []
    for err in _validator(schema_name).iter_errors(jsonable(doc.data)):
        problems.extend(_explain(doc, err, error))
    if key and not problems:
        yamlcache.remember_valid(key)
    return problems


def _explain(doc: YamlDoc, err: ValidationError, error: type[InputError]) -> list[InputError]:
    path = tuple(err.absolute_path)
    where = ".".join(str(p) for p in path) or "the file"
    validator = err.validator
    schema_here = err.schema if isinstance(err.schema, dict) else {}
    if validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = list(schema_here.get("properties", {}))
        out = []
        for key in err.instance:
            if key in allowed:
                continue
            hint = did_you_mean(key, allowed)
            out.append(error(doc.locate((*path, key), key=True), f"unknown key '{key}'{hint}"))
        if out:
            return out
    if validator == "required":
        missing = str(err.message).split("'")[1] if "'" in err.message else err.message
        return [error(doc.locate(path), f"missing required key '{missing}' in {where}")]
    if validator == "enum":
        choices = ", ".join(str(c) for c in schema_here.get("enum", []))
        got = err.instance
        return [error(doc.locate(path), f"'{got}' is not allowed for {where} (one of: {choices})")]
    if validator == "const":
        return [error(doc.locate(path), f"{where} must be {err.validator_value!r}")]
    if validator == "type":
        want = schema_here.get("type", "value")
        want_text = " or ".join(want) if isinstance(want, list) else str(want)
        got = _type_name(err.instance)
        return [error(doc.locate(path), f"{where} must be {_article(want_text)}, not {got}")]
    if validator == "format" and err.validator_value == "date":
        return [
            error(doc.locate(path), f"{where} must be a date (YYYY-MM-DD), not '{err.instance}'")
        ]
    if validator == "pattern":
        return [error(doc.locate(path), f"'{err.instance}' is not a valid value for {where}")]
    if validator == "propertyNames":
        return [error(doc.locate(path), f"invalid key in {where}: {err.message}")]
    return [error(doc.locate(path), f"{where}: {err.message}")]


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return "a number"
    return f"text '{value}'"


def _article(word: str) -> str:
    names = {"object": "mapping", "array": "list", "string": "text", "boolean": "true/false"}
    word = " or ".join(names.get(w, w) for w in word.split(" or "))
    return word if word in {"text", "true/false"} else f"a {word}"
