"""A safeguard in plain words and, for one subject, how its verdict came about.

The trace marks every condition of a check as holding, not holding or open, shows the answer
behind each (with its citation and line), and lists the single answers that would change the
verdict, found by running the real evaluator on each trial answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from safeguards.engine.catalog import Catalog, CompiledCheck
from safeguards.engine.catalog.predicate import Compiled, Leaf, Predicate, Truth
from safeguards.engine.errors import inert
from safeguards.engine.lawyer.whatif import Change, base_values, changes, with_derived
from safeguards.engine.logic.evaluate import Options, answers_in_force, explain, finding
from safeguards.engine.models import (
    Answer,
    Finding,
    Safeguard,
    Source,
    Status,
    Subject,
    unanswered,
)
from safeguards.engine.text.citation import reference_text, source_text
from safeguards.engine.text.wrap import prose_width, wrap

PROVISIONAL = (
    "the verdict rests on an answer not read in the text itself (secondary commentary or"
    " recollection); confirm it in the official text, or run with --min-basis faithful_copy"
    " to see the verdict without it."
)
MARKS = {True: "[yes]", False: "[no] ", None: "[ ? ]"}
_WORDS = {
    "equals": "is",
    "not_equals": "is not",
    "in": "is",
    "not_in": "is neither",
    "lt": "is less than",
    "lte": "is at most",
    "gt": "is more than",
    "gte": "is at least",
    "contains": "includes",
    "contains_any": "includes",
}


def show(value: Any) -> str:
    """Return an answer as a lawyer would read it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple | frozenset | set):
        items = sorted(show(v) for v in value)
        return ", ".join(items) if items else "nothing"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def condition(leaf: Leaf) -> str:
    """Return one condition as a sentence built on the fact's question."""
    question = f"“{' '.join(leaf.spec.question.split())}”"
    if leaf.op == "exists":
        return f"{question} is {'answered' if leaf.literal else 'not answered'}"
    literal = leaf.literal
    words = _WORDS[leaf.op]
    if isinstance(literal, frozenset | tuple):
        joiner = " nor " if leaf.op == "not_in" else " or "
        said = joiner.join(sorted(show(v) for v in literal))
        if leaf.op == "not_in" and len(literal) == 1:
            words = "is not"  # "neither" wants a "nor"
    else:
        said = show(literal)
    return f"{question} — the answer {words} {said}"


def truth(tree: Predicate, values: Mapping[str, Any]) -> Truth:
    """Return whether a (sub)predicate holds for the values: true, false or unknown."""
    return Compiled(tree, lambda _: None).trace(values).result


def sentences(tree: Predicate, indent: int = 4) -> list[str]:
    """Describe a predicate as indented lines, one condition per line."""
    return _lines(tree, indent, None, None)


def _lines(
    tree: Predicate,
    indent: int,
    values: Mapping[str, Any] | None,
    answer: Any,
) -> list[str]:
    pad = " " * indent
    mark = f"{MARKS[truth(tree, values)]} " if values is not None else ""
    if isinstance(tree, Leaf):
        out = _wrap(f"{mark}{condition(tree)}", pad, len(mark))
        if answer is not None:
            out += _wrap(answer(tree.fact), pad + " " * (len(mark) + 2), 2)
        return out
    head = {"all": "all of these hold:", "any": "at least one of these holds:"}
    out = [f"{pad}{mark}{head.get(tree.op, 'this does not hold:')}"]
    for child in tree.children:
        out += _lines(child, indent + 2, values, answer)
    return out


def _wrap(text: str, pad: str, hang: int) -> list[str]:
    return wrap(text, prose_width(), pad, hang, collapse=False)


def _parts(check: CompiledCheck) -> list[tuple[str, Compiled]]:
    named = [
        ("It applies when", check.applies_when),
        ("It is met when", check.require),
        ("It is partly met when", check.partial),
    ]
    return [(name, part) for name, part in named if part is not None]


def describe_safeguard(catalog: Catalog, safeguard: Safeguard) -> str:
    """Return a safeguard in plain words: the submission's ask, why, references, checks."""
    s = safeguard
    out = [
        f"{s.id} — {s.title}",
        f"Severity {s.severity.value} · family {s.family} · basis: {s.basis.replace('_', ' ')}"
        f" · proposals {', '.join(s.seed.ref)} ({s.seed.section})",
        "",
        "What the submission asks:",
    ]
    for quote in s.seed.quotes:
        out += _wrap(f"“{quote}”", "  ", 1)
    out += ["", "Why it matters:", *_wrap(s.rationale, "  ", 0), "", "References:"]
    for r in s.refs:
        flag = "[verified]  " if r.verified else "[unverified]"
        extra = (f" — {r.title}" if r.title else "") + (f" ({r.note})" if r.note else "")
        out += _wrap(f"{flag} {reference_text(r)}{extra}", "  ", 13)
    if not s.refs:
        out.append("  (none)")
    for check in s.checks:
        compiled = catalog.checks.get((s.id, check.kind))
        if compiled is None:
            continue
        out += ["", f"How a {check.kind} is checked:"]
        for name, part in _parts(compiled):
            out.append(f"  {name}:")
            out += sentences(part.tree)
        out.append(
            "  Otherwise there is a gap; while a needed answer is missing, it is undetermined."
        )
    out += ["", "What to do about a gap:", *_wrap(s.remediation, "  ", 0)]
    return "\n".join(out) + "\n"


def cite(source: Source | None) -> str:
    """Return a citation in one line, or "asserted" when the answer has none."""
    if source is None:
        return "asserted, no source"
    return "cited: " + source_text(source)


def _unanswered(subject: Subject, fact: str, options: Options) -> str:
    """Say why a fact has no answer counted on the date: none given, none then, or filtered out."""
    on = options.as_of or subject.as_of
    history = subject.answers.get(fact, ())
    given = next((a for a in history if a.in_force(on)), None)
    why = options.set_aside(given) if given is not None else None
    if given is not None and why is not None:  # in force, but the options set it aside
        return f"{fact}: the answer at {subject.path}:{given.line} is not counted: {why}"
    gap = unanswered(history, on)
    return f"{fact}: no answer" + (f"; {gap.describe(subject.path)}" if gap else "")


def _answer_line(
    catalog: Catalog,
    subject: Subject,
    answers: Mapping[str, Answer],
    values: Mapping[str, Any],
    options: Options,
) -> Any:
    def line(fact: str) -> str:
        spec = catalog.fact(subject.kind, fact)
        if spec is not None and spec.derive is not None:
            if fact not in values:
                return f"{fact}: unknown (derived from {', '.join(spec.derive.inputs())})"
            inputs = "; ".join(line(k) for k in spec.derive.inputs())
            return f"{fact} = {show(values[fact])}, derived from {inputs}"
        answer = answers.get(fact)
        if answer is None:
            return _unanswered(subject, fact, options)
        where = f"{subject.path}:{answer.line}"
        return f"{fact} = {show(answer.value)} ({where}; {cite(answer.source)})"

    return line


def verdict(
    catalog: Catalog, safeguard: Safeguard, subject: Subject, options: Options | None = None
) -> Finding:
    """Return the finding of a safeguard's check on one subject (what `explain` explains)."""
    options = options or Options()
    check = catalog.checks[(safeguard.id, subject.kind)]
    answers = answers_in_force(subject, options)
    values = with_derived(catalog, subject.kind, base_values(subject, options))
    return finding(catalog, check, subject.id, answers, values, profile=True)


def explain_subject(
    catalog: Catalog, safeguard: Safeguard, subject: Subject, options: Options | None = None
) -> str:
    """Return how a safeguard's check came out for one subject, and what would change it."""
    options = options or Options()
    check = catalog.checks[(safeguard.id, subject.kind)]
    answers = answers_in_force(subject, options)
    base = base_values(subject, options)
    values = with_derived(catalog, subject.kind, base)
    outcome = explain(check, values)
    on = options.as_of or subject.as_of
    when = f", answers in force on {on}" if on else ""
    message = check.check.messages.get(outcome.status.value, "")
    result = finding(catalog, check, subject.id, answers, values, profile=True)
    label = outcome.status.label.upper() + (" (provisional)" if result.provisional else "")
    out = [
        f"Verdict for {inert(subject.name or subject.id)} ({inert(subject.path)}{when}):",
        f"  {label}" + (f" — {message}" if message else ""),
        "",
        "How it was decided:",
    ]
    answer = _answer_line(catalog, subject, answers, values, options)
    for name, part in _parts(check):
        out.append(f"  {MARKS[truth(part.tree, values)]} {name}:")
        out += _lines(part.tree, 4, values, answer)
    if result.decisive_facts:
        out += ["", "Answers that decided it:"]
        shown: set[str] = set()  # a derived fact's line shows the answers it was computed from
        for fact in result.decisive_facts:
            if fact.fact not in shown:
                out += _wrap(answer(fact.fact), "  ", 2)
                shown.update(catalog.inputs_of(subject.kind, fact.fact))
    if result.missing_facts:
        out += ["", "Missing answers that keep it open:"]
        for gap in result.missing_facts:
            out += _wrap(f"{gap.fact}: {gap.question}", "  ", 2)
    if result.provisional:
        out += ["", "Provisional:", *_wrap(PROVISIONAL, "  ", 0)]
    out += ["", "What single answer would change the verdict:"]
    out += _changes(changes(catalog, check, base)) or ["  none: no one answer changes it"]
    return "\n".join(out) + "\n"


def _changes(found: list[Change]) -> list[str]:
    grouped: dict[tuple[str, Status], list[Any]] = {}
    for change in found:
        grouped.setdefault((change.fact, change.status), []).append(change.value)
    return [
        f"  {fact} = {' or '.join(_literal(v) for v in vals)} → {status.label}"
        for (fact, status), vals in grouped.items()
    ]


def _literal(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return show(value)
