"""Pure evaluation: catalog × subject × waivers → findings. No I/O, no clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from safeguards.engine.catalog import Catalog, CompiledCheck
from safeguards.engine.catalog.derive import apply_derivations
from safeguards.engine.catalog.predicate import Trace
from safeguards.engine.errors import did_you_mean_subject
from safeguards.engine.models import (
    NOT_MET,
    Answer,
    Basis,
    DecisiveFact,
    Finding,
    MissingFact,
    Status,
    Subject,
    Unanswered,
    Waiver,
    WaiverNote,
    WaiverRef,
    WaiverState,
    unanswered,
)

EXPIRY_WARNING_DAYS = 30
WAIVABLE = frozenset(NOT_MET)
"""The statuses a waiver can cover."""

DEFAULT_MESSAGES = {
    Status.MET: "The safeguard is met.",
    Status.PARTIAL: "The safeguard is only partly met.",
    Status.GAP: "The safeguard is not met.",
    Status.UNDETERMINED: "The answers given do not settle this safeguard.",
    Status.NOT_APPLICABLE: "The safeguard does not apply to this subject.",
}


@dataclass(frozen=True)
class Options:
    """How to read the subject's answers."""

    as_of: dt.date | None = None
    require_citations: bool = False
    min_basis: Basis | None = None
    """Treat answers whose source rests on less than this (or does not say) as unknown."""

    def admits(self, answer: Answer) -> bool:
        """Return whether an answer counts under these options (citation and basis floor)."""
        return self.set_aside(answer) is None

    def set_aside(self, answer: Answer) -> str | None:
        """Return why these options do not count an answer, or None when they count it."""
        if self.require_citations and not answer.cited:
            return "it cites no source (--require-citations)"
        if self.min_basis is None:
            return None
        basis = answer.source.basis if answer.source is not None else None
        if basis is not None and basis.rank >= self.min_basis.rank:
            return None
        said = basis.value if basis else "not stated"
        return f"its basis ({said}) is below --min-basis {self.min_basis.value}"


@dataclass(frozen=True)
class Outcome:
    """The raw verdict of one check before waivers: status plus the traces that decided it."""

    status: Status
    traces: tuple[Trace, ...]

    @cached_property
    def decisive(self) -> tuple[str, ...]:
        """The facts that decided it, in the order of its traces, once each."""
        return tuple(dict.fromkeys(f for trace in self.traces for f in trace.decisive))

    @cached_property
    def missing(self) -> tuple[str, ...]:
        """The facts whose answers would settle it: only while it is undetermined."""
        if self.status is not Status.UNDETERMINED:
            return ()
        return tuple(dict.fromkeys(f for trace in self.traces for f in trace.missing))


def answers_in_force(subject: Subject, options: Options) -> dict[str, Answer]:
    """Pick, for each fact, the answer in force on the as-of date (or the undated answer)."""
    chosen: dict[str, Answer] = {}
    on = options.as_of or subject.as_of
    for key, history in subject.answers.items():
        for answer in history:
            if answer.in_force(on) and options.admits(answer):
                chosen[key] = answer
                break
    return chosen


def fact_values(
    catalog: Catalog,
    kind: str,
    answers: Mapping[str, Answer],
    context: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the plain values of the answers over the context, plus every derived fact."""
    values = dict(context or {})
    values.update((k, a.value) for k, a in answers.items())
    apply_derivations(values, catalog.derivations.get(kind, []), catalog.tables)
    return values


def decide(check: CompiledCheck, values: Mapping[str, Any]) -> Status:
    """Return the status of one check (the fast path: no trace)."""
    if check.applies_when is not None:
        applies = check.applies_when.evaluate(values)
        if applies is None:
            return Status.UNDETERMINED
        if not applies:
            return Status.NOT_APPLICABLE
    met = check.require.evaluate(values)
    if met is None:
        return Status.UNDETERMINED
    if met:
        return Status.MET
    if check.partial is None:
        return Status.GAP
    part = check.partial.evaluate(values)
    if part is None:
        return Status.UNDETERMINED
    return Status.PARTIAL if part else Status.GAP


def explain(check: CompiledCheck, values: Mapping[str, Any]) -> Outcome:
    """Return the status of one check with the traces of the predicates that decided it."""
    traces: list[Trace] = []
    if check.applies_when is not None:
        applies = check.applies_when.trace(values)
        if applies.result is False:
            return Outcome(Status.NOT_APPLICABLE, (applies,))
        traces.append(applies)
        if applies.result is None:
            # Whether it applies is open; what it would require is worth asking as well.
            return Outcome(Status.UNDETERMINED, (applies, check.require.trace(values)))
    require = check.require.trace(values)
    traces.append(require)
    if require.result is None:
        return Outcome(Status.UNDETERMINED, tuple(traces))
    if require.result or check.partial is None:
        return Outcome(Status.MET if require.result else Status.GAP, tuple(traces))
    partial = check.partial.trace(values)
    traces.append(partial)
    if partial.result is None:
        return Outcome(Status.UNDETERMINED, tuple(traces))
    return Outcome(Status.PARTIAL if partial.result else Status.GAP, tuple(traces))


class ExplainMemo:
    """:func:`explain` of one check, remembered by the truth of every leaf it reads.

    The statuses and traces of a check (which facts decided it, which are missing) depend on
    its leaves' truths alone, and the records of a log repeat a few patterns of them: a
    pattern seen before costs one evaluation per leaf instead of a trace. At most ``kept``
    patterns are remembered (memory stays bounded); the others are explained each time.
    """

    def __init__(self, check: CompiledCheck, kept: int) -> None:
        """Prepare the leaves of the check's predicates (applies_when, require, partial)."""
        self.check = check
        self.kept = kept
        parts = (check.applies_when, check.require, check.partial)
        self.leaves = tuple(e for p in parts if p is not None for e in p.leaf_evaluators())
        self.seen: dict[tuple[bool | None, ...], Outcome] = {}

    def __call__(self, values: Mapping[str, Any]) -> Outcome:
        """Return the check's outcome on these values (remembered, or explained now)."""
        return self.keyed(values)[1]

    def keyed(self, values: Mapping[str, Any]) -> tuple[tuple[bool | None, ...] | None, Outcome]:
        """Return the pattern of leaf truths (None when not remembered) and the outcome."""
        key = tuple([leaf(values) for leaf in self.leaves])
        outcome = self.seen.get(key)
        if outcome is not None:
            return key, outcome
        outcome = explain(self.check, values)
        if len(self.seen) < self.kept:
            self.seen[key] = outcome
            return key, outcome
        return None, outcome


def evaluate_subject(
    catalog: Catalog,
    subject: Subject,
    options: Options = Options(),
    context: Mapping[str, Any] | None = None,
) -> list[Finding]:
    """Evaluate every check of the subject's kind; return one finding per check (unwaived).

    ``context`` holds facts the subject shares with others of its kind (for a request: the
    policy it is audited against and the audit date); the subject's own answers override it.
    """
    answers = answers_in_force(subject, options)
    values = fact_values(catalog, subject.kind, answers, context)
    found = [
        finding(catalog, check, subject.id, answers, values, profile=True)
        for check in catalog.checks_for(subject.kind)
    ]
    on = options.as_of or subject.as_of
    open_days = {
        fact: days
        for fact, history in subject.answers.items()
        if fact not in answers and (days := unanswered(history, on)) is not None
    }
    return [_with_open_days(f, open_days) for f in found] if open_days else found


def _with_open_days(f: Finding, open_days: Mapping[str, Unanswered]) -> Finding:
    """Return the finding with the open days of its missing facts that have dated answers."""
    if not any(m.fact in open_days for m in f.missing_facts):
        return f
    missing = tuple(
        m.model_copy(update={"unanswered": open_days[m.fact]}) if m.fact in open_days else m
        for m in f.missing_facts
    )
    return f.model_copy(update={"missing_facts": missing})


def finding(
    catalog: Catalog,
    check: CompiledCheck,
    subject_id: str,
    answers: Mapping[str, Answer],
    values: Mapping[str, Any],
    request: str | None = None,
    outcome: Outcome | None = None,
    *,
    profile: bool = False,
) -> Finding:
    """Build the finding of one check, with its decisive and missing facts.

    ``outcome``: the check's :func:`explain` on these values, when the caller has it already.
    ``profile``: the answers are a profile's, which a person gives and cites. A derived fact
    then stands for the answers it is computed from: those given follow it as its evidence
    (:func:`_with_inputs`), and those still open are asked instead of it (:func:`_open_inputs`).
    A log's records are values, without sources or questions: their findings name the derived
    facts alone, as the audit's fast path writes them.
    """
    if outcome is None:
        outcome = explain(check, values)
    kind = check.check.kind
    # The models are built without validation (model_construct): every field here comes from
    # the engine's own, already validated objects, and a finding is built for every non-met
    # check of every request of an audited log.
    facts = []
    decisive: Sequence[str] = outcome.decisive
    missing: Sequence[str] = outcome.missing
    if profile:
        decisive = _with_inputs(catalog, kind, decisive, answers)
        missing = _open_inputs(catalog, kind, missing, values)
    for key in decisive:
        answer = answers.get(key)
        spec = catalog.fact(kind, key)
        facts.append(
            DecisiveFact.model_construct(
                fact=key,
                value=values.get(key),
                cited=answer.cited if answer else False,
                source=answer.source if answer else None,
                line=answer.line if answer else None,
                derived=bool(spec and spec.derive),
            )
        )
    open_questions = []
    for key in missing:
        spec = catalog.fact(kind, key)
        question = spec.question if spec else key
        open_questions.append(MissingFact.model_construct(fact=key, question=question))
    safeguard = check.safeguard
    decided = outcome.status is not Status.UNDETERMINED
    return Finding.model_construct(
        subject=subject_id,
        safeguard=safeguard.id,
        kind=kind,
        status=outcome.status,
        severity=safeguard.severity,
        decisive_facts=tuple(facts),
        missing_facts=tuple(open_questions),
        message=check.check.messages.get(outcome.status.value, DEFAULT_MESSAGES[outcome.status]),
        remediation=safeguard.remediation,
        request=request,
        provisional=decided and any(f.provisional for f in facts),
    )


def _with_inputs(
    catalog: Catalog, kind: str, decisive: Sequence[str], answers: Mapping[str, Answer]
) -> list[str]:
    """Return the decisive facts, each derived one followed by the answers it was computed from.

    A derived fact has no source of its own: its evidence is the answers it reads, which are
    listed after it (those answered, each once), so that a verdict resting on them shows their
    sources and is provisional when they are.
    """
    out: dict[str, None] = {}
    for key in decisive:
        out[key] = None
        spec = catalog.fact(kind, key)
        if spec is not None and spec.derive is not None:
            out.update((k, None) for k in catalog.inputs_of(kind, key) if k in answers)
    return list(out)


def _open_inputs(
    catalog: Catalog, kind: str, missing: Sequence[str], values: Mapping[str, Any]
) -> list[str]:
    """Return the open questions, each derived fact replaced by its inputs still unanswered.

    A derived fact cannot be answered (``set`` refuses it): its question is the questions of
    the answers it is computed from. One whose inputs are all answered and that is still
    unknown (a ``select`` with nothing to select) stays as it is.
    """
    out: dict[str, None] = {}
    for key in missing:
        spec = catalog.fact(kind, key)
        if spec is None or spec.derive is None:
            out[key] = None
            continue
        open_ = [k for k in catalog.inputs_of(kind, key) if values.get(k) is None]
        out.update(dict.fromkeys(open_ or [key]))
    return list(out)


def apply_waivers(
    findings: Iterable[Finding],
    waivers: Iterable[Waiver],
    on: dt.date,
    subjects: Mapping[str, str | None] | None = None,
) -> tuple[list[Finding], list[WaiverNote]]:
    """Mark findings covered by a valid waiver as waived; say what became of each waiver.

    A waiver covers a gap, partial or undetermined finding of its safeguard and subject (and,
    when it names requests, only those requests) from the day it is granted to the day it
    expires, both included. ``subjects``: the id and the name (or None) of each subject
    checked; an unused waiver of another subject says so, naming the closest id, or the id of
    the subject whose name it wrote (a misspelt subject waives nothing).
    """
    waivers = list(waivers)
    used: set[int] = set()
    out: list[Finding] = []
    for f in findings:
        match = None
        if f.status in WAIVABLE:
            match = waiver_for(waivers, f.subject, f.safeguard, f.request, on)
        if match is None:
            out.append(f)
            continue
        used.add(match)
        out.append(waive(f, waivers[match]))
    notes = []
    for i, w in enumerate(waivers):
        if w.refused is not None:
            state = WaiverState.REFUSED
        elif on > w.expires:
            state = WaiverState.EXPIRED
        elif on < w.granted:
            state = WaiverState.NOT_YET_GRANTED
        else:
            state = WaiverState.APPLIED if i in used else WaiverState.UNUSED
        reason = w.refused
        if state is WaiverState.UNUSED and subjects and w.subject not in subjects:
            hint = did_you_mean_subject(w.subject, subjects)
            reason = f"no subject '{w.subject}' was checked{hint}"
        soon = (
            state in (WaiverState.APPLIED, WaiverState.UNUSED)
            and (w.expires - on).days <= EXPIRY_WARNING_DAYS
        )
        notes.append(
            WaiverNote(
                **w.model_dump(include=set(WaiverNote.model_fields)),
                state=state,
                reason=reason,
                expiring_soon=soon,
            )
        )
    return out, notes


SET_ASIDE = "set aside by --ignore-waivers; the finding it would waive is reported unwaived"
"""Why a waiver that would have applied did not, when the report is asked for the truth."""


def set_aside(notes: Iterable[WaiverNote]) -> list[WaiverNote]:
    """Return what became of each waiver when none is applied (``check --ignore-waivers``).

    A waiver that would have applied is unused, and says why: it was set aside, not short of
    a finding to waive. The others keep what became of them (expired, unused for want of a
    finding, and so on).
    """
    return [
        n.model_copy(update={"state": WaiverState.UNUSED, "reason": SET_ASIDE})
        if n.state is WaiverState.APPLIED
        else n
        for n in notes
    ]


def waiver_for(
    waivers: Iterable[Waiver], subject: str, safeguard: str, request: str | None, on: dt.date
) -> int | None:
    """Return the index of the first waiver valid on ``on`` that covers one finding, if any."""
    for i, w in enumerate(waivers):
        if w.refused is not None:
            continue
        if w.safeguard != safeguard or w.subject != subject or not w.granted <= on <= w.expires:
            continue
        if not w.requests or (request is not None and request in w.requests):
            return i
    return None


def waive(f: Finding, w: Waiver) -> Finding:
    """Return the finding marked waived, with the waiver and the unwaived status."""
    ref = WaiverRef(**w.model_dump(include=set(WaiverRef.model_fields)))
    # One line of prose in the message; the waiver keeps the justification as written.
    justification = " ".join(w.justification.split())
    message = (
        f"Waived until {w.expires.isoformat()}: {justification} "
        f"(without the waiver: {f.status.label})"
    )
    update = {"status": Status.WAIVED, "waived_status": f.status, "waiver": ref, "message": message}
    return f.model_copy(update=update)
