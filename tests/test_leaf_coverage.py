"""The living spec covers every branch: each predicate leaf is shown true and false by a scenario.

The features (tests/bdd) record, for every check they evaluate, the truth of every leaf of the
check on the subject's values (see tests/bdd/coverage.py). Here the recording is read: when the
features ran in full in this session (``make test``), from memory; otherwise they are run again
in a child pytest. Run it with ``pytest -q tests/bdd tests/test_leaf_coverage.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.bdd import coverage
from tests.bdd.coverage import (
    OUT_ENV,
    RECORDING,
    LeafKey,
    Recorder,
    builtin_catalog,
    catalog_leaves,
    feature_for,
    install,
    recording_complete,
    uncovered,
)

ROOT = Path(__file__).resolve().parent.parent

EXEMPT: dict[LeafKey, str] = {}
"""Leaves that no scenario can show both true and false, each with the reason. Keep it empty
unless a leaf is constant by construction (then say why here, in one line)."""


def _recording(session: pytest.Session, tmp_path: Path) -> Recorder:
    if recording_complete(session):
        recorder = RECORDING["recorder"]
        assert isinstance(recorder, Recorder)
        return recorder
    out = tmp_path / "leafcov.json"
    env = {**os.environ, OUT_ENV: str(out)}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/bdd"]
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    # A failing scenario fails on its own; what it evaluated before failing still counts here.
    tail = "\n".join(run.stdout.splitlines()[-15:])
    assert out.exists(), f"the features did not run (exit {run.returncode}):\n{tail}"
    return Recorder.from_json(json.loads(out.read_text(encoding="utf-8")))


def test_every_leaf_is_shown_true_and_false(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    recorder = _recording(request.session, tmp_path)
    leaves = catalog_leaves(builtin_catalog())
    assert len(leaves) > 100, "the catalog has far fewer leaves than expected: is it loaded?"
    assert recorder.evaluations > 1000, "the features evaluated (almost) nothing: recorder off?"
    kinds = {key[1] for key in recorder.seen}
    assert {"jurisdiction", "workflow", "request"} <= kinds, kinds
    stale = [
        key for key in EXEMPT if key not in leaves or {True, False} <= recorder.seen.get(key, set())
    ]
    assert not stale, f"exemptions no longer needed (remove them): {stale}"
    missing = uncovered(leaves, recorder, EXEMPT)
    unreached = uncovered(leaves, recorder, EXEMPT, reached=True)
    flipped = len(leaves) - len(missing) - len(EXEMPT)
    flipped_reached = len(leaves) - len(unreached) - len(EXEMPT)
    summary = (
        f"{flipped} of {len(leaves)} leaves shown both true and false, {flipped_reached} of them"
        f" where the engine reaches the leaf's part ({len(EXEMPT)} exempt)"
    )
    lines = "\n".join(m.line(feature_for(m.info)) for m in missing)
    if missing:
        pytest.fail(f"{summary}; {len(missing)} never flip:\n{lines}", pytrace=False)
    lines = "\n".join(m.line(feature_for(m.info)) for m in unreached)
    if unreached:
        pytest.fail(
            f"{summary}; {len(unreached)} flip only where their part is not evaluated (a require"
            f" leaf on a subject the check does not apply to, a partial leaf where require held):"
            f"\n{lines}",
            pytrace=False,
        )
    print(summary)  # shown by pytest -rP


def test_an_uncovered_toy_catalog_is_reported(demo_catalog: object) -> None:
    """A deliberately uncovered toy catalog: the checker names what no evaluation flipped."""
    from tests.conftest import ROOT as _root

    toy_root = _root / "tests" / "data" / "catalog"
    recorder = Recorder(root=toy_root.resolve())
    catalog = demo_catalog
    leaves = catalog_leaves(catalog)  # type: ignore[arg-type]
    check = catalog.checks[("SG-DEM-01", "jurisdiction")]  # type: ignore[attr-defined]
    values = {"interception.exists": True, "interception.authorization": "judicial"}
    recorder.record(check, values)
    recorder.record(check, {**values, "interception.authorization": "prosecutor"})
    assert recorder.evaluations == 2
    missing = {m.info.key: m for m in uncovered(leaves, recorder, {})}
    flipped = ("SG-DEM-01", "jurisdiction", "require", "require.all.0")
    assert flipped not in missing
    applies = ("SG-DEM-01", "jurisdiction", "applies_when", "applies_when")
    assert applies in missing and missing[applies].truths == {True}
    bypass = ("SG-DEM-01", "jurisdiction", "require", "require.all.1.not")
    assert missing[bypass].truths == {None}
    line = missing[applies].line("features/demo.feature")
    assert "SG-DEM-01 [jurisdiction] applies_when" in line
    assert "«interception.exists is true»" in line and "never shown false" in line
    assert "features/demo.feature" in line
    # Where the check does not apply, require and partial are not reached: only the loose
    # measure counts their truth values.
    recorder.record(
        check, {**values, "interception.exists": False, "interception.urgent_bypass": True}
    )
    strict = {m.info.key for m in uncovered(leaves, recorder, {}, reached=True)}
    assert applies not in strict  # applies_when is always reached: now true and false
    assert recorder.seen[bypass] == {None, True}
    assert recorder.seen_reached[bypass] == {None}
    assert bypass in strict
    # The request check was never evaluated at all: every one of its leaves is reported.
    assert ("SG-DEM-02", "request", "require", "require") in missing
    # A check of another catalog is not recorded (the built-in one here).
    other = next(iter(builtin_catalog().checks.values()))
    recorder.record(other, {})
    assert recorder.evaluations == 3


def test_the_recorder_sees_the_traced_and_the_fused_path(tmp_path: Path) -> None:
    """Findings of profiles and the audit of a request log (fused checks) are both recorded."""
    recorder = Recorder()
    mp = pytest.MonkeyPatch()
    install(recorder, mp)
    try:
        runner = CliRunner()
        jurisdiction = runner.invoke(
            coverage.cli_main,
            ["check", "examples/jurisdictions/france.yaml", "--fail-on", "none"],
        )
        audit = runner.invoke(
            coverage.cli_main,
            [
                "audit",
                "examples/requests/example-10.jsonl",
                "--workflow",
                "examples/workflows/strong.yaml",
                "--fail-on",
                "none",
                "--findings",
                str(tmp_path / "f.jsonl"),
            ],
        )
    finally:
        mp.undo()
    assert jurisdiction.exit_code == 0, jurisdiction.output
    assert audit.exit_code == 0, audit.output
    kinds = {key[1] for key in recorder.seen}
    assert {"jurisdiction", "request", "log"} <= kinds, kinds
    # After undo, nothing more is recorded.
    before = recorder.evaluations
    CliRunner().invoke(coverage.cli_main, ["check", "examples/workflows/strong.yaml"])
    assert recorder.evaluations == before


def test_the_fused_audit_path_is_recorded_in_every_module_that_holds_it() -> None:
    """The audit's fused checks record every check on every record, not only non-met findings."""
    fused_homes = coverage.holders("compile_derive_decide")
    assert len(fused_homes) >= 2, "the audit no longer imports its fused path: re-point the hook"
    catalog = builtin_catalog()
    checks = catalog.checks_for("request")
    recorder = Recorder()
    mp = pytest.MonkeyPatch()
    install(recorder, mp)
    try:
        assert not coverage.holders("compile_derive_decide"), "a module kept the original"
        assert not coverage.holders("explain"), "a module kept the unrecorded original"
        for module in fused_homes:
            evaluate = module.compile_derive_decide(
                catalog.derivations["request"], catalog.tables, checks
            )
            evaluate({"legal_process.access_mode": "real_time"})
    finally:
        mp.undo()
    assert recorder.evaluations == len(checks) * len(fused_homes)
    rti = ("SG-RTI-01", "request", "applies_when", "applies_when")
    assert recorder.seen[rti] == {True}
