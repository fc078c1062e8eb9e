"""The Jinja environment of the HTML formats: autoescaping, inert text, inline assets, a CSP."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from safeguards.engine.models import STATUS_ORDER, Status
from safeguards.reports.base import (
    article_label,
    is_web_url,
    reference_text,
    reveal_controls,
    show_value,
    unquoted,
)

if TYPE_CHECKING:
    from jinja2 import Environment


STATUS_COLOURS: dict[Status, str] = {
    Status.GAP: "#b91c1c",
    Status.PARTIAL: "#c2410c",
    Status.UNDETERMINED: "#7c3aed",
    Status.WAIVED: "#0369a1",
    Status.MET: "#15803d",
    Status.NOT_APPLICABLE: "#6b7280",
}
"""One colour per status; every coloured cell also says the status in words."""


def _finalize(value: Any) -> Any:
    """Make every interpolated value inert text: no None, no hidden bidi or control characters."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return reveal_controls(str(value))


@cache
def environment() -> Environment:
    """Return the shared environment; templates live in reports/templates/ (package data).

    Jinja is imported here, when a page is first rendered, not when the command line starts.
    """
    from jinja2 import Environment, PackageLoader, StrictUndefined  # heavy: only for HTML

    env = Environment(
        loader=PackageLoader("safeguards.reports", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        show_value=show_value,
        article_label=article_label,
        reference_text=reference_text,
        unquoted=unquoted,
        is_web_url=is_web_url,
        statuses=STATUS_ORDER,
        colour=lambda status: STATUS_COLOURS[Status(status)],
    )
    return env


def asset(name: str) -> str:
    """Return a static asset (stylesheet, script) from the templates folder."""
    return environment().get_template(name).render()


def csp(style: str, script: str | None) -> str:
    """Return a Content-Security-Policy that allows exactly the inline assets given, no network.

    Even text that slipped past escaping could neither run a script nor fetch anything.
    """

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    scripts = digest(script) if script is not None else "'none'"
    return (
        f"default-src 'none'; style-src {digest(style)}; script-src {scripts}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def bar_chart(tally: dict[Status, int], width: int = 220) -> dict[str, Any]:
    """Return the geometry of a horizontal bar chart of counts by status (for inline SVG)."""
    top = max(tally.values(), default=0) or 1
    rows = []
    for i, (status, n) in enumerate(tally.items()):
        rows.append(
            {
                "status": status.value,
                "label": status.label,
                "count": n,
                "y": 8 + i * 26,
                "width": round(width * n / top, 1),
                "colour": STATUS_COLOURS[status],
            }
        )
    return {"rows": rows, "height": 16 + 26 * len(rows), "bar_x": 120, "width": width + 170}
