"""Profile templates: the questions of a facts catalog, in order, as a YAML file to fill in."""

from __future__ import annotations

import datetime as dt

from safeguards.engine.io.yamlemit import scalar
from safeguards.engine.models import FactsCatalog, FactSpec, FactType
from safeguards.engine.text.wrap import wrap as wrap_prose

WIDTH = 92


def ordered(facts: FactsCatalog) -> list[FactSpec]:
    """Return the answerable facts in questionnaire order: by group, then as declared."""
    rank = {g.id: i for i, g in enumerate(facts.groups)}
    specs = [s for s in facts.facts.values() if s.derive is None]
    return sorted(specs, key=lambda s: rank.get(s.group or "", len(rank)))


def hint(spec: FactSpec) -> str:
    """Return how to type an answer to a fact, in words."""
    bounds = ""
    if spec.minimum is not None:
        bounds += f", at least {spec.minimum:g}"
    if spec.maximum is not None:
        bounds += f", at most {spec.maximum:g}"
    return {
        FactType.BOOL: "yes or no",
        FactType.ENUM: "a number or a name from the list",
        FactType.LIST: "numbers or names, separated by commas ('none' for no item)",
        FactType.INT: f"a whole number{bounds}",
        FactType.NUMBER: f"a number{bounds}",
        FactType.DATE: "a date, YYYY-MM-DD",
        FactType.DATETIME: "a date and time, YYYY-MM-DDTHH:MM:SS+00:00",
        FactType.TEXT: "free text",
    }[spec.type]


def wrap(text: str, indent: str) -> list[str]:
    """Return ``text`` (whitespace collapsed) wrapped to the template's width."""
    return wrap_prose(text, WIDTH, indent)


def header(kind: str, schema_ref: str | None) -> list[str]:
    """Return the comment lines that open a generated profile."""
    lines = [f"# yaml-language-server: $schema={schema_ref}"] if schema_ref else []
    return [
        *lines,
        f"# A {kind} profile for `safeguards check`, written by `safeguards init`.",
        '# An empty value means "unknown": safeguards that depend on it stay undetermined.',
        "# Cite an answer by writing it as a mapping:",
        "#   some.fact:",
        "#     value: ...",
        '#     source: {instrument: ..., article: "...", url: ..., quote: "..."}',
        "# `safeguards missing FILE` lists the open questions; `safeguards set` edits an answer.",
    ]


def envelope(kind: str, subject_id: str, name: str | None, as_of: dt.date | None) -> list[str]:
    """Return the lines of a profile before its facts."""
    lines = ["safeguards: 1", f"kind: {kind}", f"id: {scalar(subject_id)}"]
    lines.append(f"name: {scalar(name)}" if name else "# name: the full name of the subject")
    lines.append(
        f"as_of: {as_of.isoformat()}"
        if as_of
        else "# as_of: YYYY-MM-DD  (the date the answers describe)"
    )
    return [*lines, "facts: {}"]


def template(facts: FactsCatalog, subject_id: str, name: str | None, schema_ref: str | None) -> str:
    """Return a complete profile with every question as a comment and every value left empty."""
    lines = [*header(facts.kind, schema_ref), *envelope(facts.kind, subject_id, name, None)[:-1]]
    lines.append("facts:")
    titles = {g.id: g.title for g in facts.groups}
    group: object = object()
    for spec in ordered(facts):
        if spec.group != group:
            group = spec.group
            lines += ["", f"  # == {titles.get(spec.group or '', 'Other questions')} ==", ""]
        lines += wrap(spec.question, "  # ")
        lines += wrap(spec.help, "  #   ")
        if spec.values:
            lines += wrap(
                ("one or more of: " if spec.type is FactType.LIST else "one of: ")
                + ", ".join(spec.values),
                "  #   ",
            )
        else:
            lines.append(f"  #   {hint(spec)}")
        lines += [f"  {spec.key}:", ""]
    return "\n".join(lines).rstrip() + "\n"
