"""Loads subject files and checks every answer against the facts catalog of its kind."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from safeguards.engine.catalog import Catalog
from safeguards.engine.catalog.facttypes import as_date, coerce
from safeguards.engine.errors import (
    InputError,
    InputErrors,
    SourceLocation,
    SubjectError,
    did_you_mean,
    raise_if_any,
)
from safeguards.engine.io.filekind import refuse_log, refuse_other_kind
from safeguards.engine.io.validation import dates_as_text, validate
from safeguards.engine.io.yamlsrc import JsonPath, load_yaml, read_text
from safeguards.engine.models import (
    Answer,
    Basis,
    FactsCatalog,
    FactSpec,
    Source,
    Subject,
)

Locate = Callable[[JsonPath, bool], SourceLocation]
ANSWER_KEYS = frozenset({"value", "source", "effective_from", "effective_until", "note"})
BASIS_VALUES = tuple(b.value for b in Basis)
SOURCE_KEYS = frozenset({"instrument", "article", "url", "quote", "date", "basis"})


def key_place(path: Path | str, key: str) -> SourceLocation:
    """Where a subject file, already loaded, gives a top-level key (its first line if unsure).

    The file's parse is in the YAML cache by then, so this costs no second parse (and the text
    of standard input or a pipe is kept: :func:`safeguards.engine.io.yamlsrc.read_text`).
    """
    try:
        return load_yaml(Path(path), SubjectError, cached=True).locate((key,))
    except InputErrors:
        return SourceLocation(str(path), 1, 1)


def load_subject(path: Path | str, catalog: Catalog) -> Subject:
    """Load one subject file (YAML) and validate it against its kind's facts.

    Raises:
        InputErrors: every problem in the file, sorted by line and column.

    """
    path = Path(path)
    refuse_log(path, "profile", SubjectError)
    text = read_text(path, SubjectError)
    doc = load_yaml(path, SubjectError, text=text, cached=True)
    refuse_other_kind(doc, "profile", SubjectError)
    problems = validate(doc, "subject.schema.json", SubjectError, cached=True)
    problems += dates_as_text(doc, [("id",), ("name",), ("note",)], SubjectError)
    raise_if_any(problems)
    data = doc.data
    kind = data["kind"]
    facts = catalog.facts.get(kind)
    if facts is None:
        kinds = ", ".join(sorted(catalog.facts))
        raise InputErrors(
            [
                SubjectError(
                    doc.locate(("kind",)), f"unknown subject kind '{kind}' (one of: {kinds})"
                )
            ]
        )

    def locate(p: JsonPath, key: bool) -> SourceLocation:
        return doc.locate(p, key=key)

    answers, errors = parse_facts(data["facts"] or {}, facts, locate, ("facts",))
    raise_if_any(errors)
    return Subject(
        kind=kind,
        id=str(data["id"]),
        name=data.get("name"),
        as_of=dt.date.fromisoformat(str(data["as_of"])) if data.get("as_of") else None,
        note=data.get("note"),
        path=str(path),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        facts_line=doc.locate(("facts",), key=True).line,
        answers=answers,
    )


def parse_facts(
    data: Mapping[str, Any], facts: FactsCatalog, locate: Locate, base: JsonPath
) -> tuple[dict[str, tuple[Answer, ...]], list[InputError]]:
    """Flatten nested answers to dotted keys and check each against its declared fact.

    Returns:
        The answers by fact key, and the problems found (the answers of a fact with a problem
        are left out).

    """
    answers: dict[str, tuple[Answer, ...]] = {}
    errors: list[InputError] = []
    prefixes = {k.rsplit(".", i)[0] for k in facts.facts for i in range(1, k.count(".") + 1)}
    _walk(data, "", base, facts, prefixes, locate, answers, errors, {})
    return answers, errors


def _walk(
    data: Mapping[str, Any],
    prefix: str,
    path: JsonPath,
    facts: FactsCatalog,
    prefixes: set[str],
    locate: Locate,
    answers: dict[str, tuple[Answer, ...]],
    errors: list[InputError],
    seen: dict[str, SourceLocation],
) -> None:
    for raw_key, value in data.items():
        key = f"{prefix}{raw_key}"
        here = (*path, raw_key)
        spec = facts.facts.get(key)
        if spec is not None:
            where = locate(here, True)
            if key in seen:
                first = seen[key]
                msg = (
                    f"'{key}' is answered twice (first on line {first.line}): dotted and nested"
                    " spellings name the same fact; keep one"
                )
                errors.append(SubjectError(where, msg))
                answers.pop(key, None)
                continue
            seen[key] = where
            if spec.derive is not None:
                msg = f"'{key}' is derived by the engine ({spec.derive.op}) and cannot be answered"
                errors.append(SubjectError(locate(here, True), msg))
                continue
            parsed = _answers(spec, value, here, locate, errors)
            if parsed:
                answers[key] = parsed
        elif key in prefixes and isinstance(value, Mapping):
            _walk(value, f"{key}.", here, facts, prefixes, locate, answers, errors, seen)
        else:
            hint = did_you_mean(key, list(facts.facts))
            errors.append(SubjectError(locate(here, True), f"unknown fact '{key}'{hint}"))


def _answers(
    spec: FactSpec, raw: Any, path: JsonPath, locate: Locate, errors: list[InputError]
) -> tuple[Answer, ...]:
    """Read a bare value, an answer mapping, or a list of dated answer mappings."""
    if raw is None:
        return ()
    if isinstance(raw, list) and raw and all(isinstance(x, Mapping) for x in raw):
        history = [_answer(spec, item, (*path, i), locate, errors) for i, item in enumerate(raw)]
        found = tuple(a for a in history if a is not None)
        _check_overlap(spec, found, path, locate, errors)
        return found
    if isinstance(raw, Mapping):
        one = _answer(spec, raw, path, locate, errors)
        return (one,) if one is not None else ()
    value, problem = coerce(spec, raw)
    where = locate(path, True)
    if problem:
        errors.append(SubjectError(locate(path, False), problem))
        return ()
    return (Answer(value=value, line=where.line, column=where.column),)


def _answer(
    spec: FactSpec, raw: Mapping[str, Any], path: JsonPath, locate: Locate, errors: list[InputError]
) -> Answer | None:
    before = len(errors)
    for key in raw:
        if key not in ANSWER_KEYS:
            hint = did_you_mean(str(key), sorted(ANSWER_KEYS))
            errors.append(
                SubjectError(locate((*path, key), True), f"unknown key '{key}' in an answer{hint}")
            )
    if "value" not in raw:
        errors.append(
            SubjectError(locate(path, False), f"the answer to '{spec.key}' needs a 'value'")
        )
    source = _source(raw.get("source"), (*path, "source"), locate, errors)
    dates: dict[str, dt.date | None] = {}
    for name in ("effective_from", "effective_until"):
        dates[name] = None
        if raw.get(name) is not None:
            dates[name] = as_date(raw[name])
            if dates[name] is None:
                errors.append(
                    SubjectError(
                        locate((*path, name), False), f"{name} must be a date (YYYY-MM-DD)"
                    )
                )
    start, end = dates["effective_from"], dates["effective_until"]
    if start and end and start > end:
        errors.append(
            SubjectError(
                locate((*path, "effective_until"), False),
                "effective_until is before effective_from",
            )
        )
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        errors.append(SubjectError(locate((*path, "note"), False), "note must be text"))
    value, problem = (None, None)
    if raw.get("value") is not None:
        value, problem = coerce(spec, raw["value"])
        if problem:
            errors.append(SubjectError(locate((*path, "value"), False), problem))
    if len(errors) > before or value is None:
        return None
    # a dated answer of a history is where its item starts; an answer alone, at its fact's key
    where = locate(path, not isinstance(path[-1], int))
    return Answer(
        value=value,
        source=source,
        effective_from=start,
        effective_until=end,
        note=note,
        line=where.line,
        column=where.column,
    )


def _source(raw: Any, path: JsonPath, locate: Locate, errors: list[InputError]) -> Source | None:
    if raw is None:
        return None
    if isinstance(raw, str):
        return Source(instrument=raw)
    if not isinstance(raw, Mapping):
        errors.append(
            SubjectError(
                locate(path, False), "source must be a mapping (instrument, article, url, quote)"
            )
        )
        return None
    fields: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in SOURCE_KEYS:
            hint = did_you_mean(str(key), sorted(SOURCE_KEYS))
            errors.append(
                SubjectError(locate((*path, key), True), f"unknown key '{key}' in a source{hint}")
            )
        elif key == "date":
            fields["date"] = as_date(value)
            if fields["date"] is None:
                errors.append(
                    SubjectError(locate((*path, key), False), "date must be a date (YYYY-MM-DD)")
                )
        elif key == "basis":
            if isinstance(value, str) and value in BASIS_VALUES:
                fields["basis"] = Basis(value)
            else:
                errors.append(
                    SubjectError(
                        locate((*path, key), False),
                        f"basis must be one of {', '.join(BASIS_VALUES)}",
                    )
                )
        elif isinstance(value, str | int | float) and not isinstance(value, bool):
            fields[key] = str(value)
        else:
            errors.append(SubjectError(locate((*path, key), False), f"source {key} must be text"))
    if not fields:
        errors.append(
            SubjectError(
                locate(path, False), "source is empty: give instrument, article, url or quote"
            )
        )
        return None
    return Source(**fields)


def _check_overlap(
    spec: FactSpec,
    answers: tuple[Answer, ...],
    path: JsonPath,
    locate: Locate,
    errors: list[InputError],
) -> None:
    """Refuse histories in which two answers are in force on the same day."""
    lo = dt.date.min
    hi = dt.date.max
    spans = sorted(
        ((a.effective_from or lo, a.effective_until or hi, i) for i, a in enumerate(answers))
    )
    for (_, end1, _), (start2, _, j) in itertools.pairwise(spans):
        if start2 <= end1:
            msg = f"dated answers to '{spec.key}' overlap: adjust effective_from/effective_until"
            errors.append(SubjectError(locate((*path, j), False), msg))
            return
