"""Generates docs/catalog.md, the readable catalog, from the rules (run: make docs)."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.catalog.describe import check_lines
from safeguards.engine.catalog.lint import PROPOSALS
from safeguards.engine.io.output import write_atomic
from safeguards.engine.models import Safeguard
from safeguards.engine.text.citation import framework_name


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _safeguard(catalog: Catalog, s: Safeguard) -> list[str]:
    out = [f"### {s.id} — {s.title}", ""]
    basis = "binding law" if s.basis == "law" else "best practice"
    out += [
        f"Severity **{s.severity.value}** · {basis} · proposals {', '.join(s.seed.ref)} "
        f"({s.seed.section})",
        "",
    ]
    out += [f"> “{q.strip()}”" for q in s.seed.quotes]
    out += ["", "**Checks**", ""]
    lines = check_lines(catalog, s)
    out += [
        f"- {line.strip()}" if not line.startswith(" ") else f"  - {line.strip()}" for line in lines
    ]
    out += ["", f"**Why.** {s.rationale}", "", f"**Remediation.** {s.remediation}", ""]
    if s.refs:
        out += ["| Framework | Reference | Verified |", "|---|---|---|"]
        for r in s.refs:
            ref = r.ref + (f" — {r.title}" if r.title else "") + (f" ({r.note})" if r.note else "")
            flag = "yes" if r.verified else "**no — verify before relying on it**"
            out.append(f"| {framework_name(r.framework)} | {_cell(ref)} | {flag} |")
        out.append("")
    return out


def render(catalog: Catalog) -> str:
    """Return the Markdown text of the catalog, one section per family."""
    families: dict[str, list[Safeguard]] = defaultdict(list)
    for s in catalog.safeguards.values():
        families[s.family].append(s)
    encoded: dict[str, list[str]] = defaultdict(list)
    for s in catalog.safeguards.values():
        for ref in s.seed.ref:
            encoded[ref].append(s.id)
    out = [
        "# The safeguard catalog",
        "",
        "Generated from `rules/` by `make docs`; do not edit by hand (a test compares).",
        "",
        f"{len(catalog.safeguards)} safeguards in {len(families)} families, "
        f"{len(catalog.checks)} checks. References marked *no* were not verified in a source "
        "and must be confirmed by counsel before anyone relies on them.",
        "",
        "| Proposal | Safeguards |",
        "|---|---|",
    ]
    out += [f"| {p} | {', '.join(encoded.get(p, [])) or '—'} |" for p in PROPOSALS]
    out.append("")
    for family, items in sorted(families.items()):
        out += [f"## {family.replace('-', ' ').capitalize()}", ""]
        for s in items:
            out += _safeguard(catalog, s)
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str]) -> int:
    """Print the catalog page, or write it atomically to the path given."""
    text = render(load_catalog())
    if not argv:
        print(text, end="")
        return 0
    write_atomic(Path(argv[0]), text.encode("utf-8"))
    print(f"wrote {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
