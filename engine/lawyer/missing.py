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

from dataclasses import dataclass, field
from typing import Any

from safeguards.engine.catalog import Catalog
from safeguards.engine.lawyer.whatif import base_values, domain, open_facts, settling_values
from safeguards.engine.logic.evaluate import Options, evaluate_subject
from safeguards.engine.models import (
    DecisiveFact,
    FactSpec,
    Severity,
    Status,
    Subject,
    Unanswered,
    unanswered,
)


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
