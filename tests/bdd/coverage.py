"""Leaf coverage of the living spec: which predicate leaves the scenarios show true and false.

While the features run, every evaluation of a check on a subject's values (the traced path of
findings and explanations, and the fused path that audits request logs) is recorded by
re-evaluating each leaf of the check (applies_when, require, partial) with the interpreted
predicates on the very values the engine evaluated. Hypothetical values (what-if trials) are
not recorded: they go through neither hook.

Every engine import of the test code stands in the ``# --- engine`` block below, so a move of
the engine modules is re-pointed here only.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

# --- engine: the only place the coverage code names engine modules ---------------------------
import safeguards.engine.logic.evaluate as _evaluate_module
import safeguards.engine.logic.fused as _fused_module
from safeguards.engine.catalog import Catalog, CompiledCheck, builtin_root, load_catalog
from safeguards.engine.catalog.predicate import Compiled, Leaf, Node, Predicate
from safeguards.engine.cli import main as cli_main  # noqa: F401 - the self-test runs the CLI through it

_HOOKED = {  # function name -> the module that defines it
    "explain": _evaluate_module,  # every finding and explanation of every subject kind
    "compile_derive_decide": _fused_module,  # the fused path of the request-log audit
}
# ----------------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent.parent
FEATURES = ROOT / "features"
OUT_ENV = "SAFEGUARDS_LEAFCOV_OUT"
"""When set, the recording of a features run is written there as JSON at the end."""

LeafKey = tuple[str, str, str, str]
"""(safeguard, subject kind, part, leaf path such as ``require.all.1.any.0``)."""


@dataclass(frozen=True)
class LeafInfo:
    """One leaf of one check, with what a reader needs to find and extend its scenarios."""

    key: LeafKey
    family: str
    words: str
    leaf: Leaf

    def truth(self, values: Mapping[str, Any]) -> bool | None:
        """Evaluate the leaf alone on the values, as the interpreted predicates do."""
        return Compiled(self.leaf, _never).trace(values).result


def _never(_: Mapping[str, Any]) -> bool | None:  # pragma: no cover - trace does not call it
    return None


def _walk(tree: Predicate, path: str) -> Iterator[tuple[str, Leaf]]:
    if isinstance(tree, Leaf):
        yield path, tree
        return
    assert isinstance(tree, Node)
    for i, child in enumerate(tree.children):
        yield from _walk(
            child, f"{path}.{tree.op}" if tree.op == "not" else f"{path}.{tree.op}.{i}"
        )


def check_leaves(check: CompiledCheck) -> list[LeafInfo]:
    """Return every leaf of one check, in the order of its parts."""
    out = []
    for part in ("applies_when", "require", "partial"):
        compiled: Compiled | None = getattr(check, part)
        if compiled is None:
            continue
        for path, leaf in _walk(compiled.tree, part):
            key = (check.safeguard.id, check.check.kind, part, path)
            out.append(LeafInfo(key, check.safeguard.family, leaf.describe(), leaf))
    return out


def catalog_leaves(catalog: Catalog) -> dict[LeafKey, LeafInfo]:
    """Return every leaf of every check of a catalog."""
    return {info.key: info for check in catalog.checks.values() for info in check_leaves(check)}


def builtin_catalog() -> Catalog:
    """Load the catalog shipped with the package (the one the coverage is measured on)."""
    return load_catalog()


@dataclass
class Recorder:
    """The truth values each leaf took on the values of every subject evaluated."""

    root: Path = field(default_factory=lambda: Path(str(builtin_root())).resolve())
    seen: dict[LeafKey, set[bool | None]] = field(default_factory=dict)
    evaluations: int = 0
    seen_reached: dict[LeafKey, set[bool | None]] = field(default_factory=dict)
    """The same, counting a leaf only when the engine reaches its part (stricter, reported)."""
    active: bool = True
    """Off once the features end: a module imported meanwhile may still hold the wrapper."""
    _leaves: dict[int, tuple[CompiledCheck, list[LeafInfo] | None]] = field(default_factory=dict)

    def _leaves_of(self, check: CompiledCheck) -> list[LeafInfo] | None:
        """Return the leaves of a check of the recorded catalog; ``None`` for other catalogs."""
        cached = self._leaves.get(id(check))
        if cached is not None and cached[0] is check:
            return cached[1]
        mine = bool(check.safeguard.path) and Path(check.safeguard.path).resolve().is_relative_to(
            self.root
        )
        leaves = check_leaves(check) if mine else None
        self._leaves[id(check)] = (check, leaves)  # keeping the check keeps its id unique
        return leaves

    def record(self, check: CompiledCheck, values: Mapping[str, Any]) -> None:
        """Record the truth of every leaf of a check on one subject's values."""
        leaves = self._leaves_of(check) if self.active else None
        if leaves is None:
            return
        self.evaluations += 1
        reached = _reached(check, values)
        for info in leaves:
            truth = info.truth(values)
            self.seen.setdefault(info.key, set()).add(truth)
            if info.key[2] in reached:
                self.seen_reached.setdefault(info.key, set()).add(truth)

    def to_json(self) -> dict[str, Any]:
        """Return the recording as JSON-able data."""
        seen = [
            [*key, sorted(map(json.dumps, truths))] for key, truths in sorted(self.seen.items())
        ]
        reached = [
            [*key, sorted(map(json.dumps, truths))]
            for key, truths in sorted(self.seen_reached.items())
        ]
        return {"evaluations": self.evaluations, "seen": seen, "seen_reached": reached}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Recorder:
        """Read a recording written by :meth:`to_json`."""
        rec = cls(evaluations=int(data["evaluations"]))
        for *key, truths in data["seen"]:
            rec.seen[(key[0], key[1], key[2], key[3])] = {json.loads(t) for t in truths}
        for *key, truths in data.get("seen_reached", []):
            rec.seen_reached[(key[0], key[1], key[2], key[3])] = {json.loads(t) for t in truths}
        return rec


def _reached(check: CompiledCheck, values: Mapping[str, Any]) -> set[str]:
    """Return the parts the engine evaluates for these values (as ``decide`` does)."""
    parts = {"applies_when"}
    if check.applies_when is not None and check.applies_when.evaluate(values) is not True:
        return parts
    parts.add("require")
    if check.partial is not None and check.require.evaluate(values) is False:
        parts.add("partial")
    return parts


def _wrap_explain(recorder: Recorder, original: Callable[..., Any]) -> Callable[..., Any]:
    def explain(check: CompiledCheck, values: Mapping[str, Any]) -> Any:
        recorder.record(check, values)
        return original(check, values)

    return explain


def _wrap_compile_derive_decide(
    recorder: Recorder, original: Callable[..., Any]
) -> Callable[..., Any]:
    def compile_derive_decide(order: Any, tables: Any, checks: Any) -> Any:
        checks = list(checks)
        fused = original(order, tables, checks)

        def derive_decide(values: dict[str, Any]) -> Any:
            statuses = fused(values)  # the values now hold every derived fact
            for check in checks:
                recorder.record(check, values)
            return statuses

        return derive_decide

    return compile_derive_decide


_WRAPPERS = {"explain": _wrap_explain, "compile_derive_decide": _wrap_compile_derive_decide}
_ORIGINALS = {name: getattr(home, name) for name, home in _HOOKED.items()}


def install(recorder: Recorder, mp: pytest.MonkeyPatch) -> None:
    """Record through ``recorder`` wherever an engine module holds one of the hooked functions.

    Modules that imported a function by name hold their own reference, so every ``engine``
    module whose attribute *is* the original function is patched, not only its home module.
    Every engine module is imported first: one imported while the recorder is installed would
    take the wrapper by name and keep it after the undo.
    """
    _import_engine()
    for name, original in _ORIGINALS.items():
        wrapped = _WRAPPERS[name](recorder, original)
        for module in holders(name):
            mp.setattr(module, name, wrapped)


def _import_engine() -> None:
    """Import every module of ``safeguards.engine`` (once; later calls find them loaded)."""
    import safeguards.engine as engine

    for info in pkgutil.walk_packages(engine.__path__, "safeguards.engine."):
        importlib.import_module(info.name)


def holders(name: str) -> list[ModuleType]:
    """Return every loaded ``safeguards.engine`` module that holds the hooked function ``name`` itself."""
    original = _ORIGINALS[name]
    return [
        module
        for mod_name, module in list(sys.modules.items())
        if mod_name.startswith("safeguards.engine.") and getattr(module, name, None) is original
    ]


@dataclass(frozen=True)
class Uncovered:
    """A leaf that the scenarios never showed both true and false."""

    info: LeafInfo
    truths: frozenset[bool | None]

    def line(self, feature: str) -> str:
        """Return one line naming the check, the leaf in words, what was seen and where to add."""
        sg, kind, part, path = self.info.key
        shown = ", ".join(_word(t) for t in sorted(self.truths, key=repr)) or "never evaluated"
        lacking = " and ".join(_word(t) for t in (True, False) if t not in self.truths)
        return (
            f"{sg} [{kind}] {part}: «{self.info.words}» (at {path}) never shown {lacking}"
            f" (seen: {shown}) — add a scenario to {feature}"
        )


def _word(truth: bool | None) -> str:
    return {True: "true", False: "false", None: "unknown"}[truth]


def uncovered(
    leaves: Mapping[LeafKey, LeafInfo],
    recorder: Recorder,
    exempt: Mapping[LeafKey, str],
    reached: bool = False,
) -> list[Uncovered]:
    """Return the leaves not seen both true and false, except the exempt ones.

    With ``reached``, a truth value counts only when the engine evaluates the leaf's part for
    that subject (require once the check applies, partial once require failed).
    """
    seen = recorder.seen_reached if reached else recorder.seen
    out = []
    for key, info in sorted(leaves.items()):
        truths = frozenset(seen.get(key, set()))
        if key in exempt or {True, False} <= truths:
            continue
        out.append(Uncovered(info, truths))
    return out


def feature_for(info: LeafInfo, features: Path = FEATURES) -> str:
    """Return the feature file to extend: the family's, else the first that names the check."""
    family = features / f"{info.family}.feature"
    if family.exists():
        return f"features/{family.name}"
    sg = f'"{info.key[0]}"'
    hits = [p.name for p in sorted(features.glob("*.feature")) if sg in p.read_text("utf-8")]
    return f"features/{hits[0]}" if hits else f"features/{info.family}.feature (new)"


# --- the pytest side: record while the features run ------------------------------------------

RECORDING: dict[str, Any] = {"recorder": None, "bdd_items": 0}
"""The recording of this session, read by tests/test_leaf_coverage.py."""


FEATURES_MODULE = "tests/bdd/test_features.py"


def _is_feature(item: pytest.Item) -> bool:
    return item.nodeid.startswith(FEATURES_MODULE)


def pytest_deselected(items: list[pytest.Item]) -> None:
    """Remember when some scenarios were left out: the recording is then incomplete."""
    if any(_is_feature(i) for i in items):
        RECORDING["deselected"] = True


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count the scenarios that ran to their end (their teardown report, whatever the outcome)."""
    if report.nodeid.startswith(FEATURES_MODULE) and report.when == "teardown":
        RECORDING["bdd_done"] = RECORDING.get("bdd_done", 0) + 1


@pytest.fixture(scope="module", autouse=True)
def leaf_coverage_recording(request: pytest.FixtureRequest) -> Iterator[Recorder | None]:
    """Record leaf truth values while the feature scenarios (one module) run, and only then."""
    if not request.node.nodeid.startswith(FEATURES_MODULE):
        yield None  # another test module under tests/bdd: not the living spec
        return
    recorder = Recorder()
    mp = pytest.MonkeyPatch()
    install(recorder, mp)
    RECORDING["recorder"] = recorder
    try:
        yield recorder
    finally:
        mp.undo()
        recorder.active = False
        out = os.environ.get(OUT_ENV)
        if out:
            data = {**recorder.to_json(), "scenarios": RECORDING.get("bdd_done", 0) + 1}
            Path(out).write_text(json.dumps(data), encoding="utf-8")


def recording_complete(session: pytest.Session) -> bool:
    """Return whether every scenario of features/ ran in this session, under the recorder."""
    RECORDING["bdd_items"] = sum(1 for i in session.items if _is_feature(i))
    return (
        RECORDING["recorder"] is not None
        and RECORDING["bdd_items"] > 0
        and not RECORDING.get("deselected")
        and RECORDING.get("bdd_done", 0) >= RECORDING["bdd_items"]
    )
