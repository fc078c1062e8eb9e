"""What became of each waiver, in words: shared by the reports of `check`, `audit` and `matrix`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from safeguards.engine.errors import did_you_mean_subject
from safeguards.engine.models import Report, WaiverNote, WaiverState
from safeguards.reports.base import md_value


def waiver_state(w: WaiverNote) -> str:
    """Say what became of a waiver: why it did not apply, or until when it applies."""
    if w.state is WaiverState.REFUSED:
        return f"refused: {w.reason}"
    if w.state is WaiverState.EXPIRED:
        return f"expired (its last day was {w.expires})"
    if w.state is WaiverState.NOT_YET_GRANTED:
        return f"not yet granted (it runs from {w.granted} to {w.expires})"
    if w.state is WaiverState.UNUSED:
        why = w.reason or "no gap, partial or undetermined finding to waive"
        until = f"until {w.expires}" + (": expires within 30 days" if w.expiring_soon else "")
        return f"unused: {why} ({until})"
    return f"applied until {w.expires}" + (" (expires within 30 days)" if w.expiring_soon else "")


def worth_a_look(w: WaiverNote) -> bool:
    """Return whether a waiver needs a reader's eye: all but those applied, not expiring soon."""
    return w.state is not WaiverState.APPLIED or w.expiring_soon


def waiver_level(w: WaiverNote) -> str:
    """Return how loudly a CI format flags a waiver worth a look, as a SARIF level.

    ``warning`` when it is refused, expired or expiring within 30 days (a finding it waived
    fails, or soon will); ``note`` when it is unused or not yet granted (nothing fails
    because of it).
    """
    quiet = w.state in (WaiverState.UNUSED, WaiverState.NOT_YET_GRANTED)
    return "note" if quiet else "warning"


def waiver_line(w: WaiverNote) -> str:
    """Return one line naming a waiver and saying what became of it."""
    return f"Waiver {w.safeguard} for {w.subject}: {waiver_state(w)}"


def waiver_lines(
    waivers: Sequence[WaiverNote], checked: Mapping[str, str | None] | None = None
) -> list[str]:
    """Return one line for each waiver worth a look (:func:`worth_a_look`).

    ``checked``: the ids of the subjects checked and their names; the waivers unused only
    because their subjects were not (:func:`not_checked_here`) are named together in one
    last line.
    """
    shown, elsewhere = one_by_one(waivers, checked)
    return [waiver_line(w) for w in shown] + ([elsewhere] if elsewhere else [])


def one_by_one(
    waivers: Sequence[WaiverNote], checked: Mapping[str, str | None] | None = None
) -> tuple[list[WaiverNote], str]:
    """Return the waivers worth a look to name one by one, and a line naming the others.

    The others are unused only because their subject was not among ``checked`` (the ids of
    the subjects checked, with their names: :func:`checked_names`), and their subject is close
    to no id or name of those (no misspelling to suspect, as the report's reason says): a
    waiver file shared by many profiles, checked against a few (a pre-commit hook or a pull
    request's job on the files changed), would otherwise name every waiver of every other
    profile, before the findings. They are counted by subject in the line (empty when there
    are none).
    """
    shown: list[WaiverNote] = []
    elsewhere: Counter[str] = Counter()
    for w in filter(worth_a_look, waivers):
        if checked and not_checked_here(w, checked):
            elsewhere[w.subject] += 1
        else:
            shown.append(w)
    if not elsewhere:
        return shown, ""
    named = ", ".join(f"{subject} ({n})" for subject, n in sorted(elsewhere.items()))
    return shown, f"Waivers of subjects not checked here, so unused: {named}"


def checked_names(report: Report) -> dict[str, str | None]:
    """Return the id and the name of each subject a report checked.

    A waiver naming a subject by its name (``Belgium`` for ``BE``), or by something close to
    it, is a mistake to show on its own, not a waiver of a subject checked elsewhere.
    """
    return {s.id: s.name for s in report.subjects}


def not_checked_here(w: WaiverNote, checked: Mapping[str, str | None]) -> bool:
    """Whether a waiver is unused only because its subject, close to none checked, was not.

    One that expires within 30 days is not: its expiry is worth a look wherever it is seen.
    """
    return (
        w.state is WaiverState.UNUSED
        and not w.expiring_soon
        and w.subject not in checked
        and not did_you_mean_subject(w.subject, checked)
    )


def waiver_table(waivers: Sequence[WaiverNote]) -> list[str]:
    """Return the Markdown section listing every waiver and what became of it (none: none)."""
    if not waivers:
        return []
    out = [
        "## Waivers",
        "",
        "| Safeguard | Subject | Approver | Expires | State |",
        "|---|---|---|---|---|",
    ]
    for w in waivers:
        state = w.state.value.replace("_", " ") + (
            " (expires within 30 days)" if w.expiring_soon else ""
        )
        if w.reason:
            state += f": {md_value(w.reason)}"
        out.append(
            f"| {md_value(w.safeguard)} | {md_value(w.subject)} | {md_value(w.approver)} "
            f"| {w.expires} | {state} |"
        )
    return out
