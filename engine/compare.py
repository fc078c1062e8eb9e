"""Comparisons: jurisdictions side by side (matrix) and two versions over time (diff). Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from safeguards.engine.errors import InputError, InputErrors, raise_if_any
from safeguards.engine.io.filekind import kind_of
from safeguards.engine.io.validation import jsonable, validate
from safeguards.engine.io.yamlsrc import YamlDoc
from safeguards.engine.models import (
    STATUS_ORDER,
    Answer,
    DecisiveFact,
    Finding,
    Report,
    SafeguardInfo,
    Status,
    SubjectInfo,
    WaiverRef,
    WaiverState,
    tally,
)
from safeguards.engine.models.compare import (
    Diff,
    FactChange,
    FactState,
    FindingChange,
    Matrix,
    MatrixRow,
    Side,
)

FindingKey = tuple[str, str, str, str]


def proposal_order(info: SafeguardInfo) -> tuple[int, str]:
    """Order safeguards by their first proposal S1–S20 (numerically), then by id."""
    numbers = [int(m.group(1)) for r in info.seed_refs if (m := re.fullmatch(r"S(\d+)", r))]
    return (min(numbers, default=10_000), info.id)


def worst_status(statuses: Iterable[Status]) -> Status | None:
    """Return the worst of some statuses (gap first), or None when there are none."""
    present = set(statuses)
    return next((s for s in STATUS_ORDER if s in present), None)


def build_matrix(report: Report) -> Matrix:
    """Pivot a report: one row per safeguard (ordered by proposal), one column per subject.

    A cell holds the worst status of the subject's findings for that safeguard, marked
    provisional when a finding with that status rests on less than the text itself.
    """
    cells: dict[tuple[str, str], list[Finding]] = {}
    for f in report.findings:
        cells.setdefault((f.safeguard, f.subject), []).append(f)
    rows = []
    for info in sorted(report.safeguards, key=proposal_order):
        found = [cells.get((info.id, s.id), []) for s in report.subjects]
        row = tuple(worst_status([f.status for f in fs]) for fs in found)
        provisional = tuple(
            any(f.provisional and f.status is st for f in fs)
            for fs, st in zip(found, row, strict=True)
        )
        rows.append(
            MatrixRow(safeguard=info, cells=row, totals=tally(row), provisional=provisional)
        )
    columns = tuple(tally(r.cells[i] for r in rows) for i in range(len(report.subjects)))
    return Matrix(report=report, subjects=report.subjects, rows=tuple(rows), column_totals=columns)


def facts_from_answers(
    subject: str, answers: Mapping[str, Answer]
) -> dict[tuple[str, str], FactState]:
    """Return a profile's answers in force as the facts of a diff."""
    return {
        (subject, k): FactState(value=a.value, source=a.source, line=a.line or None)
        for k, a in answers.items()
    }


def facts_from_report(report: Report) -> dict[tuple[str, str], FactState]:
    """Return the answers a report shows (its decisive facts) as the facts of a diff."""
    out: dict[tuple[str, str], FactState] = {}
    for f in report.findings:
        for d in f.decisive_facts:
            if not d.derived and d.value is not None:
                out.setdefault((f.subject, d.fact), _state(d))
    return out


def _state(d: DecisiveFact) -> FactState:
    return FactState(value=d.value, source=d.source, line=d.line)


def _key(f: Finding) -> FindingKey:
    return (f.subject, f.safeguard, f.kind, f.request or "")


def diff(
    old: Report,
    new: Report,
    old_facts: Mapping[tuple[str, str], FactState],
    new_facts: Mapping[tuple[str, str], FactState],
    paths: tuple[str, str] = ("", ""),
) -> Diff:
    """Compare two reports (and the answers behind them).

    When each report has a single subject, they are taken to describe the same subject even if
    its id changed between versions.

    Args:
        old: the report of the old version.
        new: the report of the new version.
        old_facts: the answers of the old version, by (subject, fact).
        new_facts: the answers of the new version, by (subject, fact).
        paths: the files compared (a profile or a JSON report each), for the reader.

    Raises:
        ValueError: a subject is of another kind in each report (a jurisdiction and a
            workflow: :func:`kind_clashes`, which the command line reports at its place).

    """
    clashes = kind_clashes(old, new)
    if clashes:
        named = ", ".join(f"{a.id} ({a.kind}) and {b.id} ({b.kind})" for a, b in clashes)
        raise ValueError(f"subjects of different kinds cannot be compared: {named}")
    rename = _renamed(old, new)
    old_facts = {(rename.get(s, s), k): v for (s, k), v in old_facts.items()}
    fact_changes = _fact_changes(old_facts, new_facts)
    changed_facts = {(c.subject, c.fact): c for c in fact_changes}
    before = {(rename.get(f.subject, f.subject), *_key(f)[1:]): f for f in old.findings}
    after = {_key(f): f for f in new.findings}
    infos = {s.id: s for s in (*old.safeguards, *new.safeguards)}
    expired = {(w.subject, w.safeguard) for w in new.waivers if w.state is WaiverState.EXPIRED}
    same_file = [s.sha256 for s in old.subjects] == [s.sha256 for s in new.subjects]
    changes = []
    for key in sorted(set(before) | set(after)):
        was, now = before.get(key), after.get(key)
        if was is not None and now is not None and _verdict(was) == _verdict(now):
            continue
        subject, sid, kind, request = key
        touched = [
            changed_facts[k] for f in _facts_read(was, now) if (k := (subject, f)) in changed_facts
        ]
        why = _reason(was, now, touched, (subject, sid) in expired, old, new)
        if same_file and old.as_of != new.as_of and why.startswith(_ANSWERS):
            why = f"as-of date {old.as_of} → {new.as_of}: " + why
        either = now or was
        assert either is not None  # the key comes from one side at least
        changes.append(
            FindingChange(
                subject=subject,
                safeguard=sid,
                kind=kind,
                request=request or None,
                title=infos[sid].title if sid in infos else sid,
                severity=either.severity.value,
                old=was.status if was else None,
                new=now.status if now else None,
                reason=why,
                old_provisional=was.provisional if was else False,
                new_provisional=now.provisional if now else False,
            )
        )
    return Diff(
        old=_side(old, paths[0]),
        new=_side(new, paths[1]),
        facts=tuple(fact_changes),
        findings=tuple(changes),
    )


def _verdict(f: Finding) -> tuple[Status, bool]:
    """Return what a diff compares of a finding: its status, and whether it is provisional."""
    return f.status, f.provisional


def _renamed(old: Report, new: Report) -> dict[str, str]:
    """Return the old id of a subject whose id changed between versions, with its new id.

    When each report has a single subject, they are the same subject whatever their ids;
    otherwise subjects are paired by id.
    """
    if len(old.subjects) == 1 and len(new.subjects) == 1:
        return {old.subjects[0].id: new.subjects[0].id}
    return {}


def kind_clashes(old: Report, new: Report) -> list[tuple[SubjectInfo, SubjectInfo]]:
    """Return the subjects paired by a diff whose kinds differ (old, new), in the old order.

    A jurisdiction profile and a workflow answer different questions: compared, every answer
    of one would read as removed and every answer of the other as added.
    """
    rename = _renamed(old, new)
    by_id = {s.id: s for s in new.subjects}
    pairs = [(s, by_id.get(rename.get(s.id, s.id))) for s in old.subjects]
    return [(was, now) for was, now in pairs if now is not None and now.kind != was.kind]


def _fact_changes(
    old: Mapping[tuple[str, str], FactState], new: Mapping[tuple[str, str], FactState]
) -> list[FactChange]:
    """Return the answers that differ between two versions, by subject and fact."""
    return [
        FactChange(subject=s, fact=k, old=old.get((s, k)), new=new.get((s, k)))
        for s, k in sorted(set(old) | set(new))
        if _comparable(old.get((s, k))) != _comparable(new.get((s, k)))
    ]


def _facts_read(*findings: Finding | None) -> list[str]:
    """Return the facts that decided the findings or that they still wait for, sorted."""
    return sorted(
        {
            fact
            for f in findings
            if f is not None
            for fact in (*(d.fact for d in f.decisive_facts), *(m.fact for m in f.missing_facts))
        }
    )


def _comparable(state: FactState | None) -> Any:
    if state is None:
        return None
    return (state.value, state.source)


def _side(report: Report, path: str) -> Side:
    return Side(
        path=path or (report.subjects[0].path if report.subjects else ""),
        as_of=report.as_of,
        catalog_sha256=report.catalog.sha256,
        inputs={s.path: s.sha256 for s in report.subjects},
    )


_ANSWERS = ("answers changed", "no longer answered", "newly answered")
"""How the reason of a finding that changed with its answers begins (:func:`_answers`)."""


def _answers(touched: list[FactChange]) -> str:
    """Say which answers behind a finding changed, which are gone and which are new, or ``""``.

    An answer gone (``no longer answered``) is one the new version does not give: taken out,
    or, read on a later date, no longer in force with nothing after it; that closes nothing.
    """
    groups: dict[str, list[str]] = {name: [] for name in _ANSWERS}
    for c in touched:
        name = _ANSWERS[1] if c.new is None else _ANSWERS[2] if c.old is None else _ANSWERS[0]
        groups[name].append(c.fact)
    return "; ".join(f"{name}: {', '.join(facts)}" for name, facts in groups.items() if facts)


def _reason(
    was: Finding | None,
    now: Finding | None,
    touched: list[FactChange],
    waiver_expired: bool,
    old: Report,
    new: Report,
) -> str:
    """Say why a finding changed, most specific cause first.

    A finding on one side only: its check, or its subject, is in one version only (a catalog
    that gained or dropped a check, a report that gained or lost a subject).
    """
    if was is None:
        waiver = now.waiver if now is not None else None
        return "newly checked" + (f"; {_waived_until(waiver)}" if waiver is not None else "")
    if now is None:
        return "no longer checked"
    if was.status is Status.WAIVED and now.waiver is None:
        return "the waiver expired" if waiver_expired else "the waiver no longer applies"
    if now.waiver is not None and was.waiver is None:
        return _waived_until(now.waiver)
    cause = _answers(touched) or _context_changed(old, new)
    if was.status is now.status:  # only what the verdict rests on changed
        basis = (
            "the verdict now rests on an answer not read in the text itself"
            if now.provisional
            else "the verdict now rests on the text itself"
        )
        return f"{cause}; {basis}" if cause else basis
    return cause or "answers changed"


def _waived_until(waiver: WaiverRef) -> str:
    return f"a waiver applies until {waiver.expires.isoformat()}"


def _context_changed(old: Report, new: Report) -> str:
    """Say what changed around the answers (the date read, the catalog), or ``""``."""
    if old.as_of != new.as_of:
        return f"as-of date {old.as_of} → {new.as_of}"
    if old.catalog.sha256 != new.catalog.sha256:
        return "the catalog changed"
    return ""


def report_from_doc(doc: YamlDoc) -> Report:
    """Return the report a parsed JSON report file holds, checked against the report schema.

    Raises:
        InputErrors: the file is not a valid report, each problem at its line and column.

    """
    raise_if_any(validate(doc, "report.schema.json", InputError))
    try:
        return Report.model_validate(jsonable(doc.data))
    except ValidationError as exc:
        problems = [
            InputError(doc.locate(tuple(e["loc"])), f"{'.'.join(map(str, e['loc']))}: {e['msg']}")
            for e in exc.errors()
        ]
        raise InputErrors(problems) from None


def is_report(doc: YamlDoc) -> bool:
    """Return whether a parsed file is a JSON report (rather than a subject profile)."""
    known = kind_of(doc)
    return known is not None and known[0] == "report"
