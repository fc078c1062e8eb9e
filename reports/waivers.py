"""What became of each waiver, in words: shared by the reports of `check`, `audit` and `matrix`."""

from __future__ import annotations

from collections.abc import Sequence

from safeguards.engine.models import WaiverNote, WaiverState
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


def waiver_lines(waivers: Sequence[WaiverNote]) -> list[str]:
    """Return one line for each waiver worth a look (:func:`worth_a_look`)."""
    return [waiver_line(w) for w in waivers if worth_a_look(w)]


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
