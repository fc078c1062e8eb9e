"""The library API behind the CLI: check subject files and get a report."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.clock import today as today
from safeguards.engine.errors import (
    InputError,
    InputErrors,
    SourceLocation,
    WaiverError,
    did_you_mean,
    raise_if_any,
)
from safeguards.engine.io.inputs import folder_files, once_each
from safeguards.engine.lawyer.waiverlint import refusal
from safeguards.engine.logic.context import context_values
from safeguards.engine.logic.evaluate import Options, apply_waivers, evaluate_subject, set_aside
from safeguards.engine.logic.report import build_report
from safeguards.engine.logic.waivers import load_waivers
from safeguards.engine.models import Basis, Finding, Report, Subject, Waiver
from safeguards.engine.subjects.load import key_place, load_subject

SUBJECT_SUFFIXES = (".yaml", ".yml")
"""The files a folder given as a subject contributes."""


def subject_files(paths: Iterable[Path | str]) -> tuple[list[Path | str], list[InputError]]:
    """Expand each folder into the YAML files directly in it, in name order.

    A folder with no YAML file is a problem, not an empty selection: a mistyped folder would
    otherwise pass a check with nothing checked. A file named twice (``dir/ dir/x.yaml``, or
    through a link) is kept once, where it first comes.
    """
    out: list[Path | str] = []
    errors: list[InputError] = []
    for path in paths:
        folder = Path(path)
        if str(path) != "-" and folder.is_dir():
            names, problem = folder_files(folder, _subject_name, ".yaml or .yml file")
            if problem is not None:
                errors.append(problem)
            out.extend(folder / name for name in names)
        else:
            out.append(path)
    return once_each(out), errors


def _subject_name(name: str) -> bool:
    """Whether a name in a folder is a profile's or a workflow's: ``.yaml`` or ``.yml``."""
    return os.path.splitext(name)[1] in SUBJECT_SUFFIXES


def load_subjects(paths: Iterable[Path | str], catalog: Catalog) -> list[Subject]:
    """Load several subject files (a folder: the YAML files in it), reporting every problem."""
    subjects: list[Subject] = []
    files, errors = subject_files(paths)
    for path in files:
        try:
            subjects.append(load_subject(path, catalog))
        except InputErrors as exc:
            errors.extend(exc.errors)
    seen: dict[str, str] = {}
    for s in subjects:
        if s.id in seen:
            msg = f"subject id '{s.id}' is also used by {seen[s.id]}"
            errors.append(InputError(key_place(s.path, "id"), msg))
        seen[s.id] = s.path
    raise_if_any(errors)
    return subjects


def load_all_waivers(paths: Iterable[Path | str], catalog: Catalog) -> list[Waiver]:
    """Load waiver files; refuse waivers of safeguards the catalog does not have.

    A waiver that `waivers lint` rejects (a placeholder justification or approver, a span beyond
    the horizon of its safeguard's severity, an expiry before its grant) is kept but marked
    refused: it applies nowhere, and the reports say why.
    """
    waivers: list[Waiver] = []
    errors: list[InputError] = []
    for path in paths:
        try:
            loaded = load_waivers(path)
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        for w in loaded:
            if w.safeguard not in catalog.safeguards:
                hint = did_you_mean(w.safeguard, list(catalog.safeguards))
                where = SourceLocation(w.path, w.line, w.column)
                errors.append(WaiverError(where, f"unknown safeguard '{w.safeguard}'{hint}"))
            elif (reason := refusal(w, catalog.safeguards[w.safeguard].severity)) is not None:
                w = w.model_copy(update={"refused": reason})
            waivers.append(w)
    raise_if_any(errors)
    return waivers


def check(
    profiles: Iterable[Path | str],
    *,
    catalog: Catalog | None = None,
    waivers: Iterable[Path | str] = (),
    as_of: dt.date | None = None,
    require_citations: bool = False,
    min_basis: Basis | None = None,
    ignore_waivers: bool = False,
) -> Report:
    """Evaluate subject files against the catalog and return the gap report.

    Args:
        profiles: subject files (jurisdiction profiles, workflows).
        catalog: a loaded catalog; the built-in one when omitted.
        waivers: waiver files.
        as_of: the date whose answers are in force and on which waivers are judged; each
            profile's own ``as_of`` picks its answers, and today judges waivers, when omitted.
        require_citations: treat answers without a source as unknown.
        min_basis: treat answers whose source rests on less than this basis (or does not
            say what it rests on) as unknown.
        ignore_waivers: report the unwaived truth (waivers are still listed).

    Raises:
        InputErrors: a malformed input file.

    """
    catalog = catalog or load_catalog()
    subjects = load_subjects(profiles, catalog)
    loaded = load_all_waivers(waivers, catalog)
    options = Options(as_of=as_of, require_citations=require_citations, min_basis=min_basis)
    on = as_of or today()
    findings: list[Finding] = []
    for subject in subjects:
        # A request is judged as `audit` judges it without --workflow: over the policy
        # defaults, on the audit date; one evaluation path for both front doors.
        context = context_values(catalog, None, on) if subject.kind == "request" else None
        findings.extend(evaluate_subject(catalog, subject, options, context))
    waived, notes = apply_waivers(findings, loaded, on, {s.id: s.name for s in subjects})
    if ignore_waivers:
        notes = set_aside(notes)
    else:
        findings = waived
    return build_report(
        catalog,
        subjects,
        findings,
        as_of=on,
        waivers=notes,
        options={
            "require_citations": require_citations,
            "ignore_waivers": ignore_waivers,
            **({"min_basis": min_basis.value} if min_basis is not None else {}),
        },
    )
