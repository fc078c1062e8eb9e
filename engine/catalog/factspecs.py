"""The facts a subject answers, read from a facts file: questions, types, derivations, checked."""

from __future__ import annotations

from typing import Any

from safeguards.engine.catalog.derive import OPERATORS, find_cycle
from safeguards.engine.errors import CatalogError, InputError
from safeguards.engine.io.yamlsrc import YamlDoc
from safeguards.engine.models import Derivation, FactGroup, FactSpec, FactType


def fact_specs(
    doc: YamlDoc,
    groups: tuple[FactGroup, ...],
    tables: dict[str, dict[str, Any]],
    errors: list[InputError],
) -> dict[str, FactSpec]:
    """Return the facts and derived facts of one facts file, every problem added to ``errors``.

    A fact needs a declared group (when the file has groups), values exactly when it is an enum
    or a list, no fact of the same name above it; a derived fact needs its operator's parameters
    and nothing else, reads only declared facts, and the derivations form no cycle.
    """
    group_ids = {g.id for g in groups}
    specs: dict[str, FactSpec] = {}
    for section in ("facts", "derived"):
        for key, raw in (doc.data.get(section) or {}).items():
            at = (section, key)
            line = doc.locate(at, key=True).line
            body = {
                k: v
                for k, v in raw.items()
                if k in {"type", "values", "minimum", "maximum", "group", "question", "help"}
            }
            if key in specs:
                first = f"fact '{key}' is declared twice (first at line {specs[key].line})"
                errors.append(CatalogError(doc.locate(at, key=True), first))
                continue
            if groups and body.get("group") not in group_ids:
                msg = f"fact '{key}' needs a group declared in 'groups' (got {body.get('group')!r})"
                errors.append(CatalogError(doc.locate(at, key=True), msg))
            needs_values = raw["type"] in (FactType.ENUM, FactType.LIST)
            if needs_values != ("values" in raw) and section == "facts":
                msg = "enum and list facts need 'values'; other types take none"
                errors.append(CatalogError(doc.locate(at, key=True), msg))
            derive = None
            if section == "derived":
                params = {k: v for k, v in raw.items() if k not in body}
                derive = _derivation(doc, key, params, tables, errors)
            specs[key] = FactSpec(key=key, line=line, derive=derive, **body)
    for key in specs:
        parent = key.rsplit(".", 1)[0]
        if "." in key and parent in specs:
            where = doc.locate(("facts", key), key=True)
            errors.append(
                CatalogError(where, f"fact '{key}' sits under fact '{parent}'; rename one")
            )
    for key, spec in specs.items():
        if spec.derive is None:
            continue
        where = doc.locate(("derived", key), key=True)
        errors.extend(
            CatalogError(where, f"derived fact '{key}' reads undeclared fact '{name}'")
            for name in spec.derive.inputs()
            if name not in specs
        )
    cycle = find_cycle(specs)
    if cycle:
        where = doc.locate(("derived", cycle[0]), key=True)
        errors.append(CatalogError(where, "derived facts form a cycle: " + " -> ".join(cycle)))
    return specs


def _derivation(
    doc: YamlDoc,
    key: str,
    params: dict[str, Any],
    tables: dict[str, dict[str, Any]],
    errors: list[InputError],
) -> Derivation:
    op = params["op"]
    where = doc.locate(("derived", key, "op"))
    missing = [p for p in OPERATORS[op] if p not in params]
    if op == "subset_of" and "of" not in params and "among" not in params:
        missing.append("of' or 'among")
    if missing:
        errors.append(CatalogError(where, f"'{op}' needs '{missing[0]}'"))
    extra = sorted(
        set(params) - {"op", *OPERATORS[op]} - ({"of", "among"} if op == "subset_of" else set())
    )
    if extra:
        errors.append(CatalogError(where, f"'{op}' does not take '{extra[0]}'"))
    if op == "lookup" and "table" in params and params["table"] not in tables:
        errors.append(CatalogError(where, f"no lookup table '{params['table']}' in tables/"))
    params = dict(params)
    for name in ("facts", "among"):
        if name in params:
            params[name] = tuple(params[name])
    return Derivation(**params)
