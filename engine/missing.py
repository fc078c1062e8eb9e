"""Open questions of a profile, ranked by how many undetermined findings each answer settles.

The measure: for an unanswered fact F and an undetermined finding whose undecided part reads F
(see :func:`engine.whatif.open_facts`), the finding *would be settled* by F when at least one
trial answer to F (see :func:`engine.whatif.domain`) makes the real evaluator return a status
other than undetermined, every other answer left as it is. Questions are ranked by the number of
findings they would settle, then by the summed severity of those findings, then by the number of
undetermined findings they bear on, then in the order of the facts catalog.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from typing import Any

from engine.catalog import Catalog
from engine.evaluate import Options
from engine.models import FactSpec, Severity, Subject
from engine.whatif import base_values, open_facts, settling_values


@dataclass
class OpenQuestion:
    """An unanswered fact, the undetermined findings it bears on and those it alone settles."""

    spec: FactSpec
    order: int
    settles: list[tuple[str, Severity]] = field(default_factory=list)
    bears_on: list[tuple[str, Severity]] = field(default_factory=list)

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
    for check in catalog.checks_for(subject.kind):
        candidates = open_facts(catalog, check, base)
        if not candidates:
            continue
        undetermined += 1
        item = (check.safeguard.id, check.safeguard.severity)
        for fact in candidates:
            question = found.setdefault(fact, OpenQuestion(facts.facts[fact], order[fact]))
            question.bears_on.append(item)
            if settling_values(catalog, check, base, fact):
                question.settles.append(item)
    return sorted(found.values(), key=OpenQuestion.rank), undetermined


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), 92, initial_indent="   ", subsequent_indent="   ")


def _ids(items: list[tuple[str, Severity]]) -> str:
    return ", ".join(f"{sid} ({sev.value})" for sid, sev in items)


def render_text(subject: Subject, questions: list[OpenQuestion], undetermined: int) -> str:
    """Render the open questions for a person, most decisive first."""
    who = subject.name or subject.id
    if not questions:
        return f"{who}: no open question can change a verdict ({undetermined} undetermined).\n"
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
        if q.settles:
            lines += _wrap(f"settles on its own: {_ids(q.settles)}")
        others = [x for x in q.bears_on if x not in q.settles]
        if others:
            lines += _wrap(f"helps settle, with other answers: {_ids(others)}")
        lines.append(f"   answer: safeguards set {subject.path} {spec.key} VALUE")
        lines.append("")
    return "\n".join(lines)


def render_json(subject: Subject, questions: list[OpenQuestion], undetermined: int) -> str:
    """Render the open questions as JSON (same order as the text)."""
    rows: list[dict[str, Any]] = [
        {
            "fact": q.spec.key,
            "type": q.spec.type.value,
            "values": list(q.spec.values),
            "question": q.spec.question,
            "help": q.spec.help,
            "settles": [sid for sid, _ in q.settles],
            "bears_on": [sid for sid, _ in q.bears_on],
            "severity_weight": sum(sev.rank for _, sev in q.settles),
        }
        for q in questions
    ]
    body = {
        "subject": subject.id,
        "path": subject.path,
        "undetermined": undetermined,
        "questions": rows,
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
