"""Safeguards and their checks in words, for `rules show`, docs and explanations."""

from __future__ import annotations

from safeguards.engine.catalog import Catalog
from safeguards.engine.models import Safeguard
from safeguards.engine.text.citation import reference_text


def check_lines(catalog: Catalog, safeguard: Safeguard) -> list[str]:
    """Describe each check of a safeguard as short sentences."""
    lines: list[str] = []
    for check in safeguard.checks:
        compiled = catalog.checks.get((safeguard.id, check.kind))
        if compiled is None:
            continue
        lines.append(f"{check.kind} check:")
        if compiled.applies_when is not None:
            lines.append(f"  applies when {compiled.applies_when.tree.describe()}")
        lines.append(f"  met when {compiled.require.tree.describe()}")
        if compiled.partial is not None:
            lines.append(f"  partly met when {compiled.partial.tree.describe()}")
    return lines


def show_safeguard(catalog: Catalog, safeguard: Safeguard) -> str:
    """Render one safeguard in full, references marked verified or unverified."""
    s = safeguard
    out = [
        f"{s.id} — {s.title}",
        f"family: {s.family}   severity: {s.severity.value}   basis: {s.basis.replace('_', ' ')}",
        f"proposals: {', '.join(s.seed.ref)} ({s.seed.section})",
        "",
        "The submission says:",
    ]
    out += [f"  “{q}”" for q in s.seed.quotes]
    out += ["", "Why it matters:", f"  {s.rationale}", "", "References:"]
    for r in s.refs:
        flag = "verified" if r.verified else "UNVERIFIED"
        title = f" — {r.title}" if r.title else ""
        note = f" ({r.note})" if r.note else ""
        out.append(f"  [{flag}] {reference_text(r)}{title}{note}")
    if not s.refs:
        out.append("  (none)")
    out += ["", "Checks:"]
    out += [f"  {line}" for line in check_lines(catalog, s)]
    out += ["", "Remediation:", f"  {s.remediation}", "", f"file: {s.path}"]
    return "\n".join(out) + "\n"
