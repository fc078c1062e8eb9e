"""Open questions of a profile, ranked by how many undetermined findings each answer settles.

The measure: for an unanswered fact F and an undetermined finding whose undecided part reads F (see
:func:`safeguards.engine.lawyer.whatif.open_facts`), the finding *would be settled* by F when at
least one trial answer to F (see :func:`safeguards.engine.lawyer.whatif.domain`) makes the real
evaluator return a status other than undetermined, every other answer left as it is. Questions are
ranked by the number of findings they would settle, then by the summed severity of those findings,
then by the number of undetermined findings they bear on, then in the order of the facts catalog.

A fact whose dated answers all end before the as-of date (or begin after it) is open on that
date: its question says which answers border the days left unanswered, and the command it offers
adds an answer for those days (``set --effective-from`` the day after the last one ends,
``--effective-until`` the day before the next one begins).

Answers already given but resting on less than the text itself (basis secondary or
recollection) are still worth confirming: they are listed after the open questions, those that
decide the most (and most severe) verdicts first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from safeguards.engine.catalog import Catalog
from safeguards.engine.errors import inert
from safeguards.engine.lawyer.explain import show
from safeguards.engine.lawyer.whatif import base_values, domain, open_facts, settling_values
from safeguards.engine.logic.evaluate import Options, evaluate_subject
from safeguards.engine.models import (
    DecisiveFact,
    FactSpec,
    FactType,
    Severity,
    Status,
    Subject,
    Unanswered,
    unanswered,
)
from safeguards.engine.text.citation import source_text
from safeguards.engine.text.wrap import prose_width, wrap


@dataclass
class OpenQuestion:
    """An unanswered fact, the undetermined findings it bears on and those it alone settles."""

    spec: FactSpec
    order: int
    settles: list[tuple[str, Severity]] = field(default_factory=list)
    """The findings some answer to the fact settles on its own (see :attr:`outcomes`)."""
    bears_on: list[tuple[str, Severity]] = field(default_factory=list)
    outcomes: dict[str, list[tuple[Any, Status]]] = field(default_factory=dict)
    """For each finding in :attr:`settles`: the trial answers that settle it, with the status
    each gives. Answers not listed leave it waiting for other answers too."""
    trials: list[Any] = field(default_factory=list)
    """The trial answers tried, in order (:func:`~safeguards.engine.lawyer.whatif.domain`)."""
    open_with: dict[str, list[str]] = field(default_factory=dict)
    """For each finding in :attr:`bears_on`: the other open facts its undecided part reads,
    whose answers settle it together with this one's."""
    gap: Unanswered | None = None
    """Set when the fact has dated answers but none in force on the as-of date."""

    def settles_always(self, sid: str) -> bool:
        """Return whether every trial answer settles the finding ``sid`` on its own."""
        return len(self.outcomes.get(sid, ())) >= len(self.trials)

    def rank(self) -> tuple[int, int, int, int]:
        """Return the sort key: most settled, most severe, widest, then catalog order."""
        weight = sum(sev.rank for _, sev in self.settles)
        return (-len(self.settles), -weight, -len(self.bears_on), self.order)


def open_questions(
    catalog: Catalog, subject: Subject, options: Options | None = None
) -> tuple[list[OpenQuestion], int]:
    """Return the ranked open questions of a subject and its number of undetermined findings."""
    facts = catalog.facts[subject.kind]
    order = {key: i for i, key in enumerate(facts.facts)}
    base = base_values(subject, options)
    found: dict[str, OpenQuestion] = {}
    undetermined = 0
    on = (options.as_of if options else None) or subject.as_of
    for check in catalog.checks_for(subject.kind):
        candidates = open_facts(catalog, check, base)
        if not candidates:
            continue
        undetermined += 1
        item = (check.safeguard.id, check.safeguard.severity)
        for fact in candidates:
            question = found.get(fact)
            if question is None:
                gap = unanswered(subject.answers.get(fact, ()), on)
                spec = facts.facts[fact]
                trials = domain(catalog, subject.kind, spec)
                question = found[fact] = OpenQuestion(spec, order[fact], gap=gap, trials=trials)
            question.bears_on.append(item)
            question.open_with[item[0]] = [other for other in candidates if other != fact]
            settling = settling_values(catalog, check, base, fact)
            if settling:
                question.settles.append(item)
                question.outcomes[item[0]] = [(c.value, c.status) for c in settling]
    return sorted(found.values(), key=OpenQuestion.rank), undetermined


@dataclass
class ToConfirm:
    """A provisional answer (secondary or recollection) that decides at least one verdict."""

    fact: str
    answer: DecisiveFact
    decides: list[tuple[str, Severity]] = field(default_factory=list)

    def rank(self) -> tuple[int, int, str]:
        """Return the sort key: most verdicts decided, most severe, then fact name."""
        return (-len(self.decides), -sum(sev.rank for _, sev in self.decides), self.fact)


def to_confirm(
    catalog: Catalog, subject: Subject, options: Options | None = None
) -> list[ToConfirm]:
    """Return the provisional answers that decide verdicts, those deciding most first."""
    found: dict[str, ToConfirm] = {}
    for f in evaluate_subject(catalog, subject, options or Options()):
        if not f.provisional:
            continue
        for d in f.decisive_facts:
            if d.provisional:
                item = found.setdefault(d.fact, ToConfirm(d.fact, d))
                item.decides.append((f.safeguard, f.severity))
    return sorted(found.values(), key=ToConfirm.rank)


def _wrap(text: str) -> list[str]:
    return wrap(text, prose_width(), "   ")


def _ids(items: list[tuple[str, Severity]]) -> str:
    return ", ".join(f"{sid} ({sev.value})" for sid, sev in items)


def _settled_text(q: OpenQuestion) -> list[str]:
    """Say which findings the answer settles on its own: whatever it is, or which answers do.

    A yes/no question often settles a finding one way only: "no" makes it a gap, while "yes"
    leaves it waiting for another answer (how long an order may last, say). Each such finding
    is named with the answers that settle it and the status each gives.
    """
    always = [x for x in q.settles if q.settles_always(x[0])]
    some = [x for x in q.settles if x not in always]
    lines = []
    for head, items in (
        ("settles on its own", always),
        ("settles on its own for some answers", some),
    ):
        if items:
            said = "; ".join(f"{sid} ({sev.value}): {_outcomes(q, sid)}" for sid, sev in items)
            lines += _wrap(f"{head}: {said}")
    return lines


def _outcomes(q: OpenQuestion, sid: str) -> str:
    """Say which answers settle a finding, and how: ``no → gap``, ``at most 90 → met``.

    Answers giving one status are said together (``intake_agent or privacy_officer → gap``),
    so that every answer tried is named, however many values a choice has. A whole number is
    said in ranges: the trial answers lie on each side of every number the checks compare it
    with, so the status is the same between two of them. A list is said by what it holds
    (:func:`_list_outcomes`).
    """
    settled = q.outcomes[sid]
    if q.spec.type is FactType.INT:
        spans = _ranges(q.trials, settled)
    elif q.spec.type is FactType.LIST:
        spans = _list_outcomes(q.spec.values, settled)
    else:
        spans = _grouped([(show(value), status) for value, status in settled])
    return ", ".join(f"{span} → {status.label}" for span, status in spans)


def _grouped(said: list[tuple[str, Status]]) -> list[tuple[str, Status]]:
    """Join the answers that give one status (``a, b or c``), in the order first given."""
    groups: dict[Status, list[str]] = {}
    for words, status in said:
        groups.setdefault(status, []).append(words)
    return [(_either(names), status) for status, names in groups.items()]


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _list_outcomes(
    values: Sequence[str], settled: list[tuple[Any, Status]]
) -> list[tuple[str, Status]]:
    """Say list answers by what they hold: nothing, one item alone, or every item.

    Those are the answers tried (:func:`~safeguards.engine.lawyer.whatif.domain`): ``a or b
    alone → gap`` says that a list of ``a`` alone, and one of ``b`` alone, each make it a gap;
    ``any one item alone`` that every single item does.
    """
    empty = [(show([]), status) for value, status in settled if not value]
    alone: dict[Status, list[str]] = {}
    every = []
    for value, status in settled:
        if len(value) == 1 and show(value) not in alone.get(status, ()):
            alone.setdefault(status, []).append(show(value))  # one possible item: said once
        elif len(value) > 1 and len(value) == len(values):
            every.append(("every item", status))
    single = [(_alone(names, len(values)), status) for status, names in alone.items()]
    return empty + single + every


def _alone(names: list[str], of: int) -> str:
    return "any one item alone" if len(names) == of > 1 else f"{_either(names)} alone"


def _ranges(trials: list[Any], settled: list[tuple[Any, Status]]) -> list[tuple[str, Status]]:
    """Group whole-number trial answers into runs of one status: ``at most 90``, ``91 to 180``."""
    status = dict(settled)
    runs: list[tuple[int, int, Status]] = []  # first and last index into trials, and status
    for i, value in enumerate(trials):
        now = status.get(value)
        if now is None:
            continue
        if runs and runs[-1][1] == i - 1 and runs[-1][2] is now:
            runs[-1] = (runs[-1][0], i, now)
        else:
            runs.append((i, i, now))
    out = []
    for first, last, now in runs:
        low, high = trials[first], trials[last]
        if first == 0 and last == len(trials) - 1:
            span = "any number"
        elif first == 0:
            span = f"at most {high}"
        elif last == len(trials) - 1:
            span = f"{low} or more"
        else:
            span = f"{low}" if low == high else f"{low} to {high}"
        out.append((span, now))
    return out


def render_text(
    subject: Subject,
    questions: list[OpenQuestion],
    undetermined: int,
    confirm: list[ToConfirm] | None = None,
) -> str:
    """Render the open questions for a person, most decisive first, then what to confirm."""
    who = inert(subject.name or subject.id)
    tail = _confirm_text(subject, confirm or [])
    if not questions:
        head = f"{who}: no open question can change a verdict ({undetermined} undetermined).\n"
        return head + ("\n" + tail if tail else "")
    lines = [
        f"{who}: {len(questions)} open question(s) bear on {undetermined} undetermined "
        "finding(s); most decisive first.",
        "",
    ]
    for i, q in enumerate(questions, 1):
        spec = q.spec
        kind = spec.type.value + (f": {', '.join(spec.values)}" if spec.values else "")
        lines.append(f"{i}. {spec.key}  [{kind}]")
        lines += _wrap(spec.question)
        if spec.help:
            lines += _wrap(spec.help)
        lines += _settled_text(q)
        others = [x for x in q.bears_on if x not in q.settles]
        if others:
            lines += _wrap(f"helps settle, with other answers: {_together(q, others)}")
        if q.gap is not None:
            lines += _wrap(q.gap.describe(subject.path))
        options = "".join(f" {o}" for o in set_options(q.gap)) if q.gap else ""
        lines.append(f"   answer: safeguards set {subject.path} {spec.key} VALUE{options}")
        lines.append("")
    return "\n".join(lines) + tail


def _together(q: OpenQuestion, items: list[tuple[str, Severity]]) -> str:
    """Name each finding with the other open questions it waits on: ``SG-PPP-03 (low) with x``."""
    said = []
    for sid, sev in items:
        partners = q.open_with.get(sid, [])
        said.append(f"{sid} ({sev.value})" + (f" with {', '.join(partners)}" if partners else ""))
    return "; ".join(said)


def _confirm_text(subject: Subject, confirm: list[ToConfirm]) -> str:
    if not confirm:
        return ""
    lines = [
        f"{len(confirm)} answer(s) still worth confirming in the text: verdicts rest on them, but"
        " they were taken from secondary commentary or recollection.",
        "",
    ]
    for i, c in enumerate(confirm, 1):
        basis = c.answer.basis.label if c.answer.basis else "not stated"
        lines.append(f"{i}. {c.fact} = {_show(c.answer.value)}  [basis: {basis}]")
        if c.answer.source is not None:
            lines += _wrap(f"cited: {source_text(c.answer.source)}")
        else:
            lines += _wrap("asserted, no source")
        lines += _wrap(f"decides: {_ids(c.decides)}")
        if c.answer.line:
            lines.append(f"   confirm at: {subject.path}:{c.answer.line}")
        lines.append("")
    return "\n".join(lines)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def set_options(days: Unanswered) -> list[str]:
    """Return the ``set`` options that add an answer for exactly the days left open."""
    first, last = days.first_day, days.last_day
    options = ["--effective-from", first.isoformat()] if first else []
    return options + (["--effective-until", last.isoformat()] if last else [])


def _gap_json(gap: Unanswered | None) -> dict[str, Any] | None:
    if gap is None:
        return None
    first, last = gap.first_day, gap.last_day
    return {
        "from": first.isoformat() if first else None,
        "until": last.isoformat() if last else None,
        "after_line": gap.ended_line,
        "before_line": gap.resumes_line,
        "set_options": set_options(gap),
    }


def _plain(value: Any) -> Any:
    """Return a trial answer as JSON holds it (a date as its ISO text, a list sorted)."""
    if isinstance(value, list | tuple | frozenset | set):
        return sorted(_plain(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def render_json(
    subject: Subject,
    questions: list[OpenQuestion],
    undetermined: int,
    confirm: list[ToConfirm] | None = None,
) -> str:
    """Render the open questions as JSON (same order as the text), then what to confirm."""
    rows: list[dict[str, Any]] = [
        {
            "fact": q.spec.key,
            "type": q.spec.type.value,
            "values": list(q.spec.values),
            "question": q.spec.question,
            "help": q.spec.help,
            "settles": [sid for sid, _ in q.settles],
            "settled_by": {
                sid: [{"answer": _plain(v), "status": st.value} for v, st in q.outcomes[sid]]
                for sid, _ in q.settles
            },
            "settles_whatever_the_answer": [sid for sid, _ in q.settles if q.settles_always(sid)],
            "bears_on": [sid for sid, _ in q.bears_on],
            "open_with": {sid: q.open_with.get(sid, []) for sid, _ in q.bears_on},
            "severity_weight": sum(sev.rank for _, sev in q.settles),
            "unanswered": _gap_json(q.gap),
        }
        for q in questions
    ]
    body = {
        "subject": subject.id,
        "path": subject.path,
        "undetermined": undetermined,
        "questions": rows,
        "to_confirm": [
            {
                "fact": c.fact,
                "value": c.answer.value,
                "basis": c.answer.basis.value if c.answer.basis else None,
                "line": c.answer.line,
                "decides": [sid for sid, _ in c.decides],
                "severity_weight": sum(sev.rank for _, sev in c.decides),
            }
            for c in confirm or []
        ],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
