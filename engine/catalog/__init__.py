"""Loads the catalog: facts files, lookup tables and safeguard files, validated and compiled."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from safeguards.engine.catalog.derive import derivation_order, reads
from safeguards.engine.catalog.factspecs import fact_specs
from safeguards.engine.catalog.predicate import Compiled, compile_predicate
from safeguards.engine.catalog.tablecheck import table_problems
from safeguards.engine.errors import (
    CatalogError,
    InputError,
    InputErrors,
    SourceLocation,
    raise_if_any,
)
from safeguards.engine.io import yamlcache
from safeguards.engine.io.validation import schemas_digest, validate
from safeguards.engine.io.yamlsrc import YamlDoc, load_yaml
from safeguards.engine.models import (
    Check,
    FactGroup,
    FactsCatalog,
    FactSpec,
    Reference,
    Safeguard,
    SeedRef,
)
from safeguards.engine.version import __version__


@dataclass(frozen=True)
class CompiledCheck:
    """A safeguard's check for one subject kind, with its predicates compiled."""

    safeguard: Safeguard
    check: Check
    applies_when: Compiled | None
    require: Compiled
    partial: Compiled | None


@dataclass
class Catalog:
    """Everything the engine evaluates against, loaded once."""

    root: Path
    version: str
    sha256: str
    safeguards: dict[str, Safeguard]
    facts: dict[str, FactsCatalog]
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    checks: dict[tuple[str, str], CompiledCheck] = field(default_factory=dict)
    derivations: dict[str, list[FactSpec]] = field(default_factory=dict)

    def checks_for(self, kind: str) -> list[CompiledCheck]:
        """Return the compiled checks of one subject kind, in safeguard id order."""
        return [c for (sid, k), c in sorted(self.checks.items()) if k == kind]

    def fact(self, kind: str, key: str) -> FactSpec | None:
        """Return a declared fact, or ``None``."""
        facts = self.facts.get(kind)
        return facts.facts.get(key) if facts else None

    def inputs_of(self, kind: str, key: str) -> list[str]:
        """Return the answerable facts behind ``key``: itself, or a derived fact's inputs.

        A derived fact that reads other derived facts is followed down to the facts a subject
        answers, each named once, in the order the derivations read them.
        """
        spec = self.fact(kind, key)
        if spec is None or spec.derive is None:
            return [key]
        out: dict[str, None] = {}
        for name in reads(spec, self.facts[kind].facts):
            out.update(dict.fromkeys(self.inputs_of(kind, name)))
        return list(out)

    def get(self, safeguard_id: str) -> Safeguard:
        """Return a safeguard by id (case-insensitive), or raise ``KeyError``."""
        found = self.safeguards.get(safeguard_id.upper())
        if found is None:
            raise KeyError(safeguard_id)
        return found


def builtin_root() -> Path:
    """Return the folder of the catalog shipped with the package."""
    return Path(str(resources.files("safeguards.rules")))


def load_catalog(root: Path | None = None) -> Catalog:
    """Load and compile a catalog folder (``catalog/``, ``facts/``, ``tables/``).

    Raises:
        InputErrors: every problem of every file, sorted by file, line and column.

    """
    root = root or builtin_root()
    if not (root / "facts").is_dir():
        where = SourceLocation(str(root), 1, 1)
        raise InputErrors([CatalogError(where, "not a catalog folder (no facts/ inside)")])
    before = _digest(root)
    key = hashlib.sha256(f"catalog\0{before}\0{schemas_digest(*_SCHEMAS)}".encode()).hexdigest()
    trusted = yamlcache.known_valid(key)
    catalog = _load(root, trusted)
    if catalog.sha256 != before:  # a file changed while it was read: read it all again, checked
        return _load(root, False)
    if not trusted:
        yamlcache.remember_valid(key)
    return catalog


_SCHEMAS = ("table.schema.json", "facts.schema.json", "rule.schema.json")
"""The schemas of the catalog's files (tables, facts, safeguards)."""


def _load(root: Path, trusted: bool) -> Catalog:
    """Load the catalog; ``trusted``: these very files passed their schemas before.

    A catalog whose files, schemas and reader are all as they were when it last loaded without
    error (the key :func:`load_catalog` remembers) is not validated file by file again; every
    other check (ids, facts, predicates, derivations) runs each time.
    """
    errors: list[InputError] = []
    tables, table_docs = _load_tables(root, errors, trusted)
    facts = _load_facts(root, tables, errors, trusted)
    errors.extend(table_problems(table_docs, facts))
    safeguards: dict[str, Safeguard] = {}
    checks: dict[tuple[str, str], CompiledCheck] = {}
    first_seen: dict[str, str] = {}
    for path in sorted((root / "catalog").rglob("*.yaml")):
        loaded = _load_safeguard(path, facts, errors, trusted)
        if loaded is None:
            continue
        safeguard, compiled = loaded
        if safeguard.id in first_seen:
            where = SourceLocation(str(path), 1, 1)
            msg = f"duplicate safeguard id '{safeguard.id}' (also in {first_seen[safeguard.id]})"
            errors.append(CatalogError(where, msg))
            continue
        first_seen[safeguard.id] = str(path)
        safeguards[safeguard.id] = safeguard
        checks.update({(safeguard.id, c.check.kind): c for c in compiled})
    raise_if_any(errors)
    return Catalog(
        root=root,
        version=__version__,
        sha256=_digest(root),
        safeguards=dict(sorted(safeguards.items())),
        facts=facts,
        tables=tables,
        checks=checks,
        derivations={k: derivation_order(f.facts) for k, f in facts.items()},
    )


def _files(root: Path) -> Iterator[Path]:
    for sub in ("catalog", "facts", "tables"):
        yield from sorted((root / sub).rglob("*.yaml"))


def _digest(root: Path) -> str:
    """Hash every catalog file with its relative path, so any change shows."""
    h = hashlib.sha256()
    for path in _files(root):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def _read(path: Path, schema: str, errors: list[InputError], trusted: bool) -> YamlDoc | None:
    """Parse and validate one catalog file (both cached); on problems add them, return None.

    ``trusted``: the file is one of a catalog known to pass its schemas (see :func:`_load`).
    """
    try:
        doc = load_yaml(path, CatalogError, cached=True)
    except InputErrors as exc:
        errors.extend(exc.errors)
        return None
    problems = [] if trusted else validate(doc, schema, CatalogError, cached=True)
    errors.extend(problems)
    return None if problems else doc


def _load_tables(
    root: Path, errors: list[InputError], trusted: bool
) -> tuple[dict[str, dict[str, Any]], dict[str, YamlDoc]]:
    """Return the lookup tables by name, and the files they were read from."""
    tables: dict[str, dict[str, Any]] = {}
    docs: dict[str, YamlDoc] = {}
    for path in sorted((root / "tables").glob("*.yaml")):
        doc = _read(path, "table.schema.json", errors, trusted)
        if doc is None:
            continue
        if doc.data["name"] != path.stem:
            msg = f"table name '{doc.data['name']}' differs from the file name '{path.stem}'"
            errors.append(CatalogError(doc.locate(("name",)), msg))
            continue
        tables[path.stem] = dict(doc.data["rows"])
        docs[path.stem] = doc
    return tables, docs


def _load_facts(
    root: Path, tables: dict[str, dict[str, Any]], errors: list[InputError], trusted: bool
) -> dict[str, FactsCatalog]:
    catalogs: dict[str, FactsCatalog] = {}
    for path in sorted((root / "facts").glob("*.yaml")):
        doc = _read(path, "facts.schema.json", errors, trusted)
        if doc is None:
            continue
        data = doc.data
        if data["kind"] != path.stem:
            msg = f"kind '{data['kind']}' differs from the file name '{path.stem}'"
            errors.append(CatalogError(doc.locate(("kind",)), msg))
            continue
        groups = tuple(FactGroup(**g) for g in data.get("groups", []))
        specs = fact_specs(doc, groups, tables, errors)
        catalogs[data["kind"]] = FactsCatalog(
            kind=data["kind"], path=str(path), groups=groups, facts=specs
        )
    return catalogs


def _load_safeguard(
    path: Path, facts: dict[str, FactsCatalog], errors: list[InputError], trusted: bool
) -> tuple[Safeguard, list[CompiledCheck]] | None:
    doc = _read(path, "rule.schema.json", errors, trusted)
    if doc is None:
        return None
    problems: list[InputError] = []
    data = doc.data
    if data["id"] != path.stem:
        msg = f"id '{data['id']}' differs from the file name '{path.stem}'"
        problems.append(CatalogError(doc.locate(("id",)), msg))
    if data["family"] != path.parent.name:
        msg = f"family '{data['family']}' differs from the folder '{path.parent.name}'"
        problems.append(CatalogError(doc.locate(("family",)), msg))
    seen_kinds: set[str] = set()
    for i, check in enumerate(data["checks"]):
        if check["kind"] in seen_kinds:
            msg = f"a second '{check['kind']}' check; a safeguard has at most one per subject kind"
            problems.append(CatalogError(doc.locate(("checks", i, "kind")), msg))
        seen_kinds.add(check["kind"])
    if problems:
        errors.extend(problems)
        return None
    seed = data["seed"]
    quotes = seed["quote"] if isinstance(seed["quote"], list) else [seed["quote"]]
    try:
        safeguard = Safeguard(
            id=data["id"],
            title=data["title"],
            family=data["family"],
            severity=data["severity"],
            basis=data.get("basis", "best_practice"),
            seed=SeedRef(ref=tuple(seed["ref"]), section=seed["section"], quotes=tuple(quotes)),
            refs=tuple(Reference(**r) for r in data.get("refs", [])),
            rationale=data["rationale"].strip(),
            remediation=data["remediation"].strip(),
            checks=tuple(Check(**c) for c in data["checks"]),
            path=str(path),
        )
    except ValidationError as exc:  # the schema should have caught it; say where anyway
        errors.append(CatalogError(doc.locate(()), f"invalid safeguard: {exc.errors()[0]['msg']}"))
        return None
    compiled = _compile_checks(doc, safeguard, facts, errors)
    return (safeguard, compiled) if compiled is not None else None


def _compile_checks(
    doc: YamlDoc, safeguard: Safeguard, facts: dict[str, FactsCatalog], errors: list[InputError]
) -> list[CompiledCheck] | None:
    out: list[CompiledCheck] = []
    ok = True
    for i, check in enumerate(safeguard.checks):
        declared = facts.get(check.kind)
        if declared is None:
            msg = (
                f"no facts catalog for subject kind '{check.kind}' (rules/facts/{check.kind}.yaml)"
            )
            errors.append(CatalogError(doc.locate(("checks", i, "kind")), msg))
            ok = False
            continue
        parts: dict[str, Compiled | None] = {}
        for name in ("applies_when", "require", "partial"):
            raw = getattr(check, name)
            if raw is None:
                parts[name] = None
                continue
            compiled, problems = compile_predicate(raw, declared.facts, doc, ("checks", i, name))
            errors.extend(problems)
            ok = ok and not problems
            parts[name] = compiled
        if ok and parts["require"] is not None:
            out.append(
                CompiledCheck(
                    safeguard, check, parts["applies_when"], parts["require"], parts["partial"]
                )
            )
    return out if ok else None
