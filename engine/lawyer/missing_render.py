"""The open questions of :mod:`.missing` for people (text, Markdown) and for programs (JSON).

Every format says the same things in the same order: each question, what its answers settle on
their own (``no → gap``), the findings it helps settle with other open questions, the days no
answer covers, and the ``safeguards set`` command that answers it; then the answers still worth
confirming in the text. The text wraps for a terminal; the Markdown is a memo to hand to counsel
or paste into a document or an issue, with the date and the catalog it was computed on.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
from collections.abc import Sequence
from typing import Any

from safeguards.engine.catalog import Catalog
from safeguards.engine.errors import inert
from safeguards.engine.lawyer.explain import show
from safeguards.engine.lawyer.missing import OpenQuestion, ToConfirm
from safeguards.engine.models import FactType, Severity, Status, Subject, Unanswered
from safeguards.engine.text.citation import source_text
from safeguards.engine.text.markdown import code_span, esc, md_source
from safeguards.engine.text.wrap import prose_width, wrap
from safeguards.engine.version import __version__


def _wrap(text: str) -> list[str]:
    return wrap(text, prose_width(), "   ")


def _ids(items: list[tuple[str, Severity]]) -> str:
    return ", ".join(f"{sid} ({sev.value})" for sid, sev in items)


def _settled(q: OpenQuestion) -> list[str]:
    """Say which findings the answer settles on its own: whatever it is, or which answers do.

    A yes/no question often settles a finding one way only: "no" makes it a gap, while "yes"
    leaves it waiting for another answer (how long an order may last, say). Each such finding
    is named with the answers that settle it and the status each gives.
    """
    always = [x for x in q.settles if q.settles_always(x[0])]
    some = [x for x in q.settles if x not in always]
    said = []
    for head, items in (
        ("settles on its own", always),
        ("settles on its own for some answers", some),
    ):
        if items:
            said.append(
                f"{head}: "
                + "; ".join(f"{sid} ({sev.value}): {_outcomes(q, sid)}" for sid, sev in items)
            )
    return said


def _with_others(q: OpenQuestion) -> list[tuple[str, Severity]]:
    """Return the findings the question bears on but settles only with other answers."""
    return [x for x in q.bears_on if x not in q.settles]


def _helps(q: OpenQuestion) -> str | None:
    """Name the findings the question settles only with other answers, and those answers."""
    others = _with_others(q)
    return f"helps settle, with other answers: {_together(q, others)}" if others else None


def _kind(q: OpenQuestion) -> str:
    """Return the answer's type as the catalog declares it: ``bool``, ``enum: a, b``."""
    return q.spec.type.value + (f": {', '.join(q.spec.values)}" if q.spec.values else "")


def _answer_command(subject: Subject, q: OpenQuestion) -> str:
    """Return the command that answers the question, as a shell takes it (the path quoted).

    When the fact has dated answers, it adds an answer for exactly the days left open.
    """
    options = "".join(f" {o}" for o in set_options(q.gap)) if q.gap else ""
    return f"safeguards set {shlex.quote(subject.path)} {q.spec.key} VALUE{options}"


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
        lines.append(f"{i}. {spec.key}  [{_kind(q)}]")
        lines += _wrap(spec.question)
        if spec.help:
            lines += _wrap(spec.help)
        for said in _settled(q):
            lines += _wrap(said)
        if helps := _helps(q):
            lines += _wrap(helps)
        if q.gap is not None:
            lines += _wrap(q.gap.describe(subject.path))
        lines.append(f"   answer: {_answer_command(subject, q)}")
        lines.append("")
    return "\n".join(lines) + ("\n" + tail if tail else "")


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


def render_markdown(
    subject: Subject,
    questions: list[OpenQuestion],
    undetermined: int,
    confirm: list[ToConfirm] | None = None,
    *,
    on: dt.date | None = None,
    catalog: Catalog | None = None,
) -> str:
    """Render the open questions as a Markdown memo for counsel.

    Dated, with the catalog it was computed on; a table of the questions, then each in turn
    with the command that answers it, then the answers worth confirming. Text from the profile
    and the catalog is escaped, so that it shows as written and never becomes markup or a link.
    """
    who = f"{esc(subject.name)} ({esc(subject.id)})" if subject.name else esc(subject.id)
    meta = f"Profile {code_span(subject.path)}"
    meta += f", answers in force on {on}" if on else ", every answer without an end date"
    if catalog is not None:
        meta += f" · catalog {esc(catalog.version)} (sha256 `{catalog.sha256[:12]}`)"
    out = [f"# Open questions: {who}", "", f"{meta} · safeguards {__version__}", ""]
    if subject.note:
        out += [f"> {esc(subject.note)}", ""]
    if not questions:
        out += [f"No open question can change a verdict ({undetermined} undetermined).", ""]
    else:
        out += [
            f"{_counted(len(questions), 'open question')}"
            f" {'bears' if len(questions) == 1 else 'bear'} on"
            f" {_counted(undetermined, 'undetermined finding')}; the most decisive first.",
            "",
            "| # | Question | Settles on its own | Settles with other answers |",
            "|---:|---|---|---|",
        ]
        for i, q in enumerate(questions, 1):
            others = _ids(_with_others(q)) or "—"
            out.append(f"| {i} | {esc(q.spec.key)} | {_ids(q.settles) or '—'} | {others} |")
        out.append("")
        for i, q in enumerate(questions, 1):
            out += _question_markdown(subject, i, q)
    if confirm:
        out += _confirm_markdown(subject, confirm)
    return "\n".join(out).rstrip() + "\n"


def _question_markdown(subject: Subject, i: int, q: OpenQuestion) -> list[str]:
    out = [f"## {i}. {code_span(q.spec.key)}", "", esc(q.spec.question), ""]
    if q.spec.help:
        out += [esc(q.spec.help), ""]
    said = [f"type: {_kind(q)}", *_settled(q)]
    if helps := _helps(q):
        said.append(helps)
    if q.gap is not None:
        said.append(q.gap.describe(subject.path))
    out += [f"- {esc(x[:1].upper() + x[1:])}" for x in said]
    return [*out, f"- To answer: {code_span(_answer_command(subject, q))}", ""]


def _confirm_markdown(subject: Subject, confirm: list[ToConfirm]) -> list[str]:
    out = [
        "## Answers still worth confirming in the text",
        "",
        f"Verdicts rest on {_counted(len(confirm), 'answer')} taken from secondary commentary or"
        " recollection, not read in the text; those deciding the most (and most severe)"
        " verdicts first.",
        "",
        "| # | Answer | Basis | Decides | Cited | At |",
        "|---:|---|---|---|---|---|",
    ]
    for i, c in enumerate(confirm, 1):
        basis = c.answer.basis.label if c.answer.basis else "not stated"
        cited = (
            md_source(c.answer.source, basis=False) if c.answer.source else "asserted, no source"
        )
        at = esc(f"{subject.path}:{c.answer.line}") if c.answer.line else "—"
        answer = esc(f"{c.fact} = {_show(c.answer.value)}")
        out.append(f"| {i} | {answer} | {basis} | {_ids(c.decides)} | {cited} | {at} |")
    return [*out, ""]


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


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
