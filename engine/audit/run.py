"""Streams request logs through the compiled request checks; keeps aggregates, never all findings.

Memory does not grow with the log: each record is parsed, derived, decided and written out, and
only counters, a bounded heap of the worst requests and a bounded list of unreadable records
are kept. Finding models (with their traces) are built only for the non-met findings written
to the findings file.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from safeguards.engine.audit import plans
from safeguards.engine.audit.findings import error_line, finding_line, json_bytes, met_line
from safeguards.engine.audit.places import PlaceLog
from safeguards.engine.audit.plans import Plan, count_plan, plan_for
from safeguards.engine.audit.records import Record, RecordParser
from safeguards.engine.audit.templates import REQUEST, LineTemplate, marked_values, template_of
from safeguards.engine.catalog import Catalog, CompiledCheck
from safeguards.engine.errors import InputError, InputErrors, SourceLocation, SubjectError
from safeguards.engine.logic.codegen import StatusFunction, compile_checks
from safeguards.engine.logic.derivegen import Derive, compile_derivations_source
from safeguards.engine.logic.evaluate import (
    DEFAULT_MESSAGES,
    ExplainMemo,
    finding,
    waive,
    waiver_for,
)
from safeguards.engine.logic.fused import compile_derive_decide
from safeguards.engine.models import (
    DecisiveFact,
    FactType,
    Finding,
    MissingFact,
    Status,
    Waiver,
    WaiverRef,
    by_value,
)

WORST_KEPT = 10
EXPLAINED_KEPT = 1024
"""How many patterns of leaf truths each request check remembers the explanation of."""
TEMPLATES_KEPT = 4096
"""How many line templates of non-met findings an audit remembers (see templates)."""
UNREADABLE_KEPT = 50
STATUS_WEIGHT = {Status.GAP: 100, Status.PARTIAL: 10, Status.UNDETERMINED: 1}
"""What a non-met finding adds to its request's score among the worst: times its severity's rank."""


@dataclass
class Worst:
    """A request among the worst of the log: its score and its non-met checks."""

    score: int
    line: int
    request: str
    issues: tuple[tuple[str, Status], ...]
    log: int = 0
    """The place of the request's log among the audit's logs (its line is that log's)."""


@dataclass
class Tally:
    """Aggregates of one audit, updated record by record."""

    statuses: dict[tuple[str, str], Counter[Status]] = field(default_factory=dict)
    requests: int = 0
    unreadable: int = 0
    unreadable_kept: list[InputError] = field(default_factory=list)
    worst: list[tuple[int, int, int, str, Worst]] = field(default_factory=list)
    closed: int = 0
    accountable: int = 0
    answered: int = 0
    on_time: int = 0
    waivers_used: set[int] = field(default_factory=set)

    def counters(self, kinds: list[tuple[str, str]]) -> list[Counter[Status]]:
        """Return the counts of each check (by safeguard and kind), added where missing."""
        statuses = self.statuses
        found = []
        for kind in kinds:
            counter = statuses.get(kind)
            if counter is None:
                counter = statuses[kind] = Counter()
            found.append(counter)
        return found

    def problem(self, error: InputError) -> None:
        """Count an unreadable record, keeping the first few for the summary."""
        self.unreadable += 1
        if len(self.unreadable_kept) < UNREADABLE_KEPT:
            self.unreadable_kept.append(error)

    def rank(self, worst: Worst) -> None:
        """Keep the ``WORST_KEPT`` highest scores (ties: the earlier log, then line, wins).

        The order is total, so the requests kept and their order do not depend on the order
        in which they were ranked (workers' tallies are merged in log order, a chunk's in the
        order of its heap).
        """
        entry = (worst.score, -worst.log, -worst.line, worst.request, worst)
        if len(self.worst) < WORST_KEPT:
            heapq.heappush(self.worst, entry)
        elif entry[:3] > self.worst[0][:3]:
            heapq.heapreplace(self.worst, entry)

    def worst_first(self) -> list[Worst]:
        """Return the kept requests, worst first."""
        return [e[4] for e in sorted(self.worst, key=lambda e: (-e[0], -e[1], -e[2]))]

    def merge(self, other: Tally) -> None:
        """Add another tally's counts (not its unreadable records, which the caller adds)."""
        for key, counter in other.statuses.items():
            self.statuses.setdefault(key, Counter()).update(counter)
        self.requests += other.requests
        self.closed += other.closed
        self.accountable += other.accountable
        self.answered += other.answered
        self.on_time += other.on_time
        self.waivers_used |= other.waivers_used
        for entry in other.worst:
            self.rank(entry[4])

    def count(self, values: dict[str, Any]) -> None:
        """Update the log-level counters from one request's facts."""
        self.requests += 1
        if values.get("derived.closed") is True:
            self.closed += 1
            self.accountable += values.get("derived.accountability_complete") is True
            on_time = values.get("derived.within_deadline")
            if on_time is not None:
                self.answered += 1
                self.on_time += on_time is True

    def log_values(self) -> dict[str, Any]:
        """Return the log-level facts (rules/facts/log.yaml) of the aggregates."""
        values: dict[str, Any] = {
            "log.requests": self.requests,
            "log.unreadable_records": self.unreadable,
            "log.closed_requests": self.closed,
            "log.answered_requests": self.answered,
        }
        if self.closed:
            values["log.accountability_coverage_pct"] = round(
                100 * self.accountable / self.closed, 4
            )
        if self.answered:
            values["log.within_deadline_pct"] = round(100 * self.on_time / self.answered, 4)
        return values

    def totals(self) -> dict[str, int]:
        """Count request findings by status, every status present."""
        total: Counter[Status] = Counter()
        for counter in self.statuses.values():
            total.update(counter)
        return by_value(total)


class Auditor:
    """Decides every request check on one record, fast; explains the non-met ones on demand."""

    def __init__(
        self, catalog: Catalog, context: dict[str, Any], subject: str, *, reference: bool = False
    ) -> None:
        """Compile the request checks once for the whole log.

        ``reference``: the records are audited by the reference evaluator
        (:mod:`~safeguards.engine.audit.reference`), in one process, and read with the
        general parser alone, not with the readers generated for the catalog.
        """
        self.reference = reference
        self.catalog = catalog
        self.context = context
        self.subject = subject
        self.checks: list[CompiledCheck] = catalog.checks_for("request")
        self.order = catalog.derivations.get("request", [])
        self.derive_decide = compile_derive_decide(self.order, catalog.tables, self.checks)
        """Derives every fact into a record's values and decides every check on them: the
        audit's path (:meth:`judge`)."""
        self.parser = RecordParser(catalog.facts["request"], generated=not reference)
        # The models of findings are built now, before any output is opened, not at the first
        # non-met finding: a signal that ends the audit while pydantic builds a model would
        # come out as pydantic's error (and a traceback) instead of the audit's clean exit.
        for model in (Finding, DecisiveFact, MissingFact, WaiverRef):
            model.model_rebuild()
        self.explained: dict[int, ExplainMemo] = {}
        self.templates: dict[tuple[int, Any, tuple[bool, ...]], LineTemplate | None] = {}
        self.text_facts = frozenset(
            k for k, spec in catalog.facts["request"].facts.items() if spec.type is FactType.TEXT
        )
        self.met_lines = [
            met_line(
                subject,
                c.safeguard.id,
                c.check.kind,
                c.safeguard.severity.value,
                c.check.messages.get("met", DEFAULT_MESSAGES[Status.MET]),
            )
            for c in self.checks
        ]
        self.kinds = [(c.safeguard.id, c.check.kind) for c in self.checks]
        """Each check's safeguard and kind: the key of its counts in a :class:`Tally`."""
        self.ranks = [c.safeguard.severity.rank for c in self.checks]

    @cached_property
    def met_bytes(self) -> list[bytes]:
        """The met lines as bytes, for the plans' templates.

        Encoded when the first log is read, not when the auditor is made: by then a subject
        taken from a log's file name is known to be UTF-8 text.
        """
        return [line.encode() for line in self.met_lines]

    @cached_property
    def derive(self) -> Derive:
        """Derives every fact into a record's values (the transparency tables' path)."""
        return compile_derivations_source(self.order, self.catalog.tables)

    @cached_property
    def decide_all(self) -> StatusFunction:
        """Decides every check on values already derived."""
        return compile_checks(self.checks) if self.checks else _no_checks

    def values(self, record: Record) -> dict[str, Any]:
        """Return the record's facts with the context and every derived fact."""
        values = dict(self.context)
        values.update(record.values)
        self.derive(values)
        return values

    def judge(self, record: Record) -> tuple[dict[str, Any], tuple[Status, ...]]:
        """Return :meth:`values` and the status of every check on them, in one call."""
        values = dict(self.context)
        values.update(record.values)
        return values, self.derive_decide(values)

    def _memo(self, check: CompiledCheck) -> ExplainMemo:
        explained = self.explained.get(id(check))
        if explained is None:
            explained = self.explained[id(check)] = ExplainMemo(check, EXPLAINED_KEPT)
        return explained

    def finding(self, check: CompiledCheck, request: str, values: dict[str, Any]) -> Finding:
        """Build the full finding (decisive and missing facts) of one check on one request."""
        outcome = self._memo(check)(values)
        return finding(self.catalog, check, self.subject, {}, values, request, outcome)

    def line(
        self, i: int, request_json: bytes, values: dict[str, Any]
    ) -> tuple[Status, bytes] | None:
        """Return the status and line of check ``i``'s non-met finding, from a template.

        None: the finding is met or not applicable, or its explanation or template is not
        remembered, or a value needs the usual path; then build it in full (:meth:`finding`).
        """
        check = self.checks[i]
        key, outcome = self._memo(check).keyed(values)
        if key is None or outcome.status is Status.MET or outcome.status is Status.NOT_APPLICABLE:
            return None
        decisive = outcome.decisive
        absent = tuple([values.get(k) is None for k in decisive])
        found = (i, key, absent)
        if found in self.templates:
            template = self.templates[found]
        else:
            marked, slots = marked_values(values, decisive, self.text_facts)
            full = finding(self.catalog, check, self.subject, {}, marked, REQUEST, outcome)
            template = template_of(full, slots, self.text_facts)
            if len(self.templates) < TEMPLATES_KEPT:
                self.templates[found] = template
        if template is None:
            return None
        filled = template.fill(values, request_json)
        return None if filled is None else (outcome.status, filled)


def _no_checks(values: Any) -> tuple[Status, ...]:
    return ()


Sink = Callable[[bytes], None]


class CopyInto(Protocol):
    """A findings file that can take bytes from another open file (``AtomicFile.copy_in``)."""

    def copy_in(self, source: int, size: int) -> None:
        """Append the first ``size`` bytes of the open file ``source``."""


@dataclass
class Run:
    """What stays the same across the logs of one audit."""

    auditor: Auditor
    tally: Tally
    sink: Sink | None = None
    waivers: list[Waiver] = field(default_factory=list)
    on: dt.date = dt.date(1970, 1, 1)
    strict: bool = False
    keep: list[Finding] | None = None
    ignore_waivers: bool = False
    """Note the waivers that would apply, but report every finding unwaived
    (``audit --ignore-waivers``)."""
    progress: Callable[[int], None] | None = None
    met_evidence: bool = False
    """Write met findings with their decisive facts too (slower: each needs its trace)."""
    copy_into: CopyInto | None = None
    """The findings file, when workers may hand their lines over as files (see pool)."""
    places: PlaceLog | None = None
    """Where the requests that need action stand, noted for SARIF and JUnit (see places)."""
    place: Callable[[str, int, int], None] | None = None
    """Notes where a record with findings that need action stands (see places): its id, its
    line and how many of its findings need action."""
    log: int = 0
    """The place of the log being read among the audit's logs."""
    plans: dict[tuple[Status, ...], Plan] = field(default_factory=dict)
    """The plan of each pattern of statuses met so far (at most ``plans.PLANS_KEPT``), kept
    across the logs of the audit and the chunks of a worker, so that a pattern is worked out
    once, not once per log. Each :func:`audit_records` adds up its own records' counts."""


def audit_records(run: Run, records: Iterator[Record], path: str) -> None:
    """Audit a stream of records; write one JSON line per applicable finding to the sink.

    Args:
        run: the compiled checks, aggregates, output and options of the audit.
        records: the parsed records of one log file.
        path: the log's file name, for error locations.

    Raises:
        InputErrors: ``run.strict`` and a record could not be read.

    """
    auditor, tally, sink, keep = run.auditor, run.tally, run.sink, run.keep
    checks, text_facts = auditor.checks, auditor.text_facts
    kinds, met_lines, ranks = auditor.kinds, auditor.met_bytes, auditor.ranks
    counters = tally.counters(kinds)
    explain_met = run.met_evidence and sink is not None
    templates = met_lines if sink is not None and not explain_met and keep is None else None
    templated = templates is not None  # non-met lines from templates too (Auditor.line)
    waivers, subject, on = run.waivers, auditor.subject, run.on
    known = run.plans
    touched: list[Plan] = []  # the kept plans this call's records followed: counted at its end
    place = run.place
    met, na = Status.MET, Status.NOT_APPLICABLE
    lines: list[bytes] = []  # one record's finding lines, written together
    write = lines.append
    try:
        for record, rid in readable(run, records, path):
            rid_json = json_bytes(rid)
            values, statuses = auditor.judge(record)
            tally.count(values)
            plan = known.get(statuses)
            if plan is None:
                plan = plan_for(statuses, templates, explain_met, keep is not None)
                if len(known) < plans.PLANS_KEPT:
                    known[statuses] = plan
                    touched.append(plan)
                else:  # a pattern beyond those kept: counted now, not remembered
                    count_plan(plan, counters, 1)
            elif not plan.records:
                touched.append(plan)
            plan.records += 1
            if plan.acting and place is not None:
                place(rid, record.line, plan.acting)
            score = 0
            issues: list[tuple[str, Status]] = []
            for step in plan.steps:
                if step.__class__ is tuple:
                    template, ids = step
                    write(template % ((rid_json,) * ids) if ids > 1 else template % rid_json)
                    continue
                i: int = step  # type: ignore[assignment]
                if templated and (
                    not waivers or waiver_for(waivers, subject, kinds[i][0], rid, on) is None
                ):
                    got = auditor.line(i, rid_json, values)
                    if got is not None:
                        status, line = got
                        score += STATUS_WEIGHT[status] * ranks[i]
                        issues.append((kinds[i][0], status))
                        counters[i][status] += 1
                        write(line)
                        continue
                full = auditor.finding(checks[i], rid, values)
                if full.status is met or full.status is na:
                    if full.status is met and explain_met:
                        write(finding_line(full, text_facts))
                    elif full.status is met and sink is not None:
                        write(met_lines[i] % rid_json)
                else:
                    used = waiver_for(run.waivers, auditor.subject, full.safeguard, rid, run.on)
                    if used is not None:
                        tally.waivers_used.add(used)
                    if used is not None and not run.ignore_waivers:
                        full = waive(full, run.waivers[used])
                    else:
                        score += STATUS_WEIGHT[full.status] * full.severity.rank
                        issues.append((full.safeguard, full.status))
                    counters[i][full.status] += 1
                    if sink is not None:
                        write(finding_line(full, text_facts))
                if keep is not None:
                    keep.append(full)
            if lines:
                if sink is not None:
                    sink(b"".join(lines))
                lines.clear()
            if score:
                tally.rank(Worst(score, record.line, rid, tuple(issues), run.log))
    finally:
        for plan in touched:
            count_plan(plan, counters, plan.records)
            plan.records = 0


def readable(run: Run, records: Iterator[Record], path: str) -> Iterator[tuple[Record, str]]:
    """Yield each record that could be read, with its request id (else its line's name).

    The others are counted and written as errors (or, ``run.strict``, stop the audit:
    :func:`count_unreadable`); ``run.progress`` hears of every 1,000 records.
    """
    for n, record in enumerate(records, start=1):
        if run.progress is not None and not n % 1000:
            run.progress(1000)
        if record.problem is not None:
            count_unreadable(run, record, path)
            continue
        yield record, record.id or f"line-{record.line}"


def count_unreadable(run: Run, record: Record, path: str) -> None:
    """Count (or, strict, raise) a record that could not be read, and write it as an error."""
    p = record.problem
    assert p is not None
    error = SubjectError(SourceLocation(path, p.line, p.column), p.message)
    if run.strict:
        raise InputErrors([error])
    run.tally.problem(error)
    if run.sink is not None:
        run.sink(error_line(run.auditor.subject, str(error.location), record.id, p.message))


def log_findings(catalog: Catalog, tally: Tally, subject: str) -> list[Finding]:
    """Evaluate the log-level checks on the aggregates of a whole audit."""
    values = tally.log_values()
    return [finding(catalog, check, subject, {}, values) for check in catalog.checks_for("log")]
