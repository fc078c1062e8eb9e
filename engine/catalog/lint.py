"""Catalog lint: quotes really in the seed, every proposal encoded, every status specified."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safeguards.engine.catalog import Catalog, CompiledCheck
from safeguards.engine.catalog.predicate import Compiled, Leaf, Node, Predicate
from safeguards.engine.models import Status

PROPOSALS = tuple(f"S{i}" for i in range(1, 21))
SEED_NAME = "000_2e71684f25898511.txt"

_KIND_STEPS = {
    "jurisdiction": re.compile(r"^the (jurisdiction|treaty|national law) is checked\b"),
    "workflow": re.compile(r"^the workflow is checked\b"),
    "request": re.compile(r"^the requests? (is|are) audited\b"),
    "log": re.compile(r"^the log is audited\b"),
}
_STATUS_STEP = re.compile(r'^safeguard "(?P<id>[^"]+)" is (?P<status>.*\S)\s*$')
"""A step that asserts a status (``.*\\S`` rather than a lazy ``.+?``: linear on a long line)."""
STATUS_WORDS = {
    "met": Status.MET,
    "partial": Status.PARTIAL,
    "partially met": Status.PARTIAL,
    "gap": Status.GAP,
    "a gap": Status.GAP,
    "undetermined": Status.UNDETERMINED,
    "not applicable": Status.NOT_APPLICABLE,
    "waived": Status.WAIVED,
}
"""The words the living spec uses for each status."""


@dataclass(frozen=True)
class Problem:
    """One lint finding: where (a file, or the catalog) and what is wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        """Render as ``where: message``."""
        return f"{self.where}: {self.message}"


def _unparsed(path: Path, exc: Exception) -> list[Problem]:
    """Return each error of a feature file that does not parse, at its line and column."""
    problems = []
    for error in getattr(exc, "errors", None) or [exc]:
        place = getattr(error, "location", None) or {}
        where = f"{path}:{place.get('line') or 1}:{place.get('column') or 1}"
        text = re.sub(r"^\(\d+:\d+\): ", "", str(error).strip()).splitlines()
        problems.append(
            Problem(where, f"cannot parse: {text[0] if text else type(error).__name__}")
        )
    return problems


def normalize(text: str) -> str:
    """Collapse whitespace and drop Markdown emphasis markers, for quote comparison."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def find_seed(catalog: Catalog) -> Path | None:
    """Find the seed text beside a source checkout (``../shared/seed/``), if present."""
    for base in (catalog.root.parent, Path.cwd()):
        candidate = base.parent / "shared" / "seed" / SEED_NAME
        if candidate.is_file():
            return candidate
    return None


def find_features(catalog: Catalog) -> Path | None:
    """Find the living spec beside a source checkout, if present."""
    for base in (catalog.root.parent, Path.cwd()):
        if (base / "features").is_dir():
            return base / "features"
    return None


def check_quotes(catalog: Catalog, seed_text: str) -> list[Problem]:
    """Every seed quote must be an exact substring of the seed (after normalization)."""
    seed = normalize(seed_text)
    return [
        Problem(s.path, f'{s.id}: quote not found in the seed: "{q[:80]}"')
        for s in catalog.safeguards.values()
        for q in s.seed.quotes
        if normalize(q) not in seed
    ]


def check_proposals(catalog: Catalog) -> list[Problem]:
    """Every proposal S1–S20 must be encoded by at least one safeguard."""
    encoded = {ref for s in catalog.safeguards.values() for ref in s.seed.ref}
    return [
        Problem("catalog", f"proposal {p} is encoded by no safeguard")
        for p in PROPOSALS
        if p not in encoded
    ]


def check_help(catalog: Catalog) -> list[Problem]:
    """Every fact must say where to look for its answer."""
    return [
        Problem(f"{facts.path}:{spec.line}", f"fact '{spec.key}' has no help text")
        for facts in catalog.facts.values()
        for spec in facts.facts.values()
        if not spec.help.strip()
    ]


def can_be_unknown(predicate: Compiled) -> bool:
    """Return whether a predicate can come out unknown (any leaf other than ``exists``)."""

    def walk(tree: Predicate) -> bool:
        if isinstance(tree, Leaf):
            return tree.op != "exists"
        assert isinstance(tree, Node)
        return any(walk(c) for c in tree.children)

    return walk(predicate.tree)


def possible_statuses(check: CompiledCheck) -> set[Status]:
    """Return the statuses a check can produce (waived aside)."""
    out = {Status.MET, Status.GAP}
    parts = [check.applies_when, check.require, check.partial]
    if any(p is not None and can_be_unknown(p) for p in parts):
        out.add(Status.UNDETERMINED)
    if check.partial is not None:
        out.add(Status.PARTIAL)
    if check.applies_when is not None:
        out.add(Status.NOT_APPLICABLE)
    return out


def gherkin_available() -> bool:
    """Return whether the Gherkin parser (an authoring dependency, not a runtime one) is there."""
    return importlib.util.find_spec("gherkin") is not None


def scenario_coverage(features: Path) -> tuple[set[tuple[str, str, Status]], list[Problem]]:
    """Read every feature file; return (safeguard, kind, status) triples the scenarios assert."""
    from gherkin.errors import CompositeParserException, ParserError
    from gherkin.parser import Parser
    from gherkin.pickles.compiler import Compiler

    covered: set[tuple[str, str, Status]] = set()
    problems: list[Problem] = []
    for path in sorted(features.rglob("*.feature")):
        try:
            doc = Parser().parse(path.read_text(encoding="utf-8"))
        except (CompositeParserException, ParserError) as exc:
            problems += _unparsed(path, exc)
            continue
        with_uri: Any = {**doc, "uri": str(path)}
        for pickle in Compiler().compile(with_uri):
            covered.update(_pickle_coverage([str(step["text"]) for step in pickle["steps"]]))
    return covered, problems


def _pickle_coverage(steps: list[str]) -> Iterator[tuple[str, str, Status]]:
    kind = None
    for text in steps:
        for name, pattern in _KIND_STEPS.items():
            if pattern.match(text):
                kind = name
        found = _STATUS_STEP.match(text)
        if found and kind is not None and found["status"] in STATUS_WORDS:
            yield found["id"], kind, STATUS_WORDS[found["status"]]


def check_coverage(catalog: Catalog, features: Path) -> list[Problem]:
    """Every status each check can produce must be asserted by at least one scenario."""
    covered, problems = scenario_coverage(features)
    for (sid, kind), check in sorted(catalog.checks.items()):
        for status in sorted(possible_statuses(check), key=lambda s: s.value):
            if (sid, kind, status) not in covered:
                msg = f"{sid}: no scenario shows the {kind} check giving '{status.label}'"
                problems.append(Problem(str(features), msg))
    return problems


def lint(
    catalog: Catalog, seed: Path | None, features: Path | None
) -> tuple[list[Problem], list[str]]:
    """Run every lint; return the problems and notes on what could not be checked."""
    problems = check_proposals(catalog) + check_help(catalog)
    notes: list[str] = []
    if seed is not None:
        problems += check_quotes(catalog, seed.read_text(encoding="utf-8"))
    else:
        notes.append("seed text not found: quotes not checked (pass --seed PATH)")
    if features is not None and not gherkin_available():
        notes.append(
            "gherkin-official is not installed: scenario coverage not checked "
            "(pip install 'safeguards[authoring]')"
        )
    elif features is not None:
        problems += check_coverage(catalog, features)
    else:
        notes.append("features/ not found: scenario coverage not checked (pass --features DIR)")
    return problems, notes
