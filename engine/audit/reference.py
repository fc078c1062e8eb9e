"""The reference audit: every record the slow, plain way, the fast path's yardstick.

The audit's usual path (:func:`~safeguards.engine.audit.run.audit_records`) reads records with
readers generated for the catalog, derives and decides with one generated function, writes
met findings from byte templates and remembers plans, explanations and line templates. The
reference takes none of those shortcuts: the general parser reads each record (the caller's
:class:`RecordParser` made with ``generated=False``), each derived fact is worked out by its
operator (:func:`apply_derivations`), each check decided by the interpreted predicate
(:func:`decide`), every applicable finding built in full (:func:`finding`) and written from
its data by Python's ``json``. It writes the same findings file, byte for byte, and gives the
same tallies: ``safeguards audit --reference`` lets a user check that on their own logs, and
the tests hold the usual path to it on generated logs rich in undetermined, partial and
unreadable records.

What the two share is what a finding *is*, not how it is worked out: the records' lines as
:func:`~safeguards.engine.audit.readers.read_jsonl` splits and decodes them, the catalog, the
waivers' rule (:func:`waiver_for`, :func:`waive`), the tally the summary is made from, and
how an unreadable record is counted and written (:func:`readable`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from safeguards.engine.audit.findings import json_line, plain_line
from safeguards.engine.audit.records import Record
from safeguards.engine.audit.run import STATUS_WEIGHT, Run, Worst, readable
from safeguards.engine.catalog.derive import apply_derivations
from safeguards.engine.logic.evaluate import decide, finding, waive, waiver_for
from safeguards.engine.models import NOT_MET, Finding, Status


def met_summary(full: Finding) -> bytes:
    """Write a met finding without its evidence, as the audit writes met findings by default."""
    keys = ("subject", "safeguard", "kind", "status", "request", "severity", "message")
    data = full.model_dump(mode="json", include=set(keys))
    return json_line({key: data[key] for key in keys})


def reference_records(run: Run, records: Iterator[Record], path: str) -> None:
    """Audit a stream of records the reference way, into ``run`` (as ``audit_records`` does).

    Raises:
        InputErrors: ``run.strict`` and a record could not be read.

    """
    auditor, tally, sink = run.auditor, run.tally, run.sink
    catalog, subject, checks = auditor.catalog, auditor.subject, auditor.checks
    order = catalog.derivations.get("request", [])
    kinds = [(c.safeguard.id, c.check.kind) for c in checks]
    counters = [tally.statuses.setdefault(kind, Counter()) for kind in kinds]
    for record, rid in readable(run, records, path):
        values = {**auditor.context, **record.values}
        apply_derivations(values, order, catalog.tables)
        tally.count(values)
        statuses = [decide(check, values) for check in checks]
        acting = sum(status in NOT_MET for status in statuses)
        if acting and run.place is not None:
            run.place(rid, record.line, acting)
        score = 0
        issues: list[tuple[str, Status]] = []
        for check, status, counter in zip(checks, statuses, counters, strict=True):
            if status is Status.NOT_APPLICABLE and run.keep is None:
                counter[status] += 1
                continue
            full = finding(catalog, check, subject, {}, values, request=rid)
            if full.status is not status:  # the explanation and the decision disagree: a defect
                msg = f"{check.safeguard.id} on {rid}: explained {full.status}, decided {status}"
                raise RuntimeError(msg)
            if status in NOT_MET:
                used = waiver_for(run.waivers, subject, full.safeguard, rid, run.on)
                if used is not None:
                    tally.waivers_used.add(used)
                if used is not None and not run.ignore_waivers:
                    full = waive(full, run.waivers[used])
                else:
                    score += STATUS_WEIGHT[status] * full.severity.rank
                    issues.append((full.safeguard, status))
            counter[full.status] += 1
            if sink is not None and status is not Status.NOT_APPLICABLE:
                met_plain = status is Status.MET and not run.met_evidence
                sink(met_summary(full) if met_plain else plain_line(full, auditor.text_facts))
            if run.keep is not None:
                run.keep.append(full)
        if score:
            tally.rank(Worst(score, record.line, rid, tuple(issues), run.log))
