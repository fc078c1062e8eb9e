"""Waiver hygiene: unknown safeguards or subjects, missing reasons, stale or endless expiries.

A waiver is an exception a reviewer must be able to trust, so it needs a safeguard and subject
that exist, a justification and an approver, and an expiry that is neither past nor further
away than the maximum horizon for the safeguard's severity (:data:`MAX_DAYS`). Waivers that
expire within :data:`safeguards.engine.logic.evaluate.EXPIRY_WARNING_DAYS` days are warned about.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safeguards.engine.catalog import Catalog
from safeguards.engine.errors import (
    SourceLocation,
    WaiverError,
    did_you_mean,
    did_you_mean_subject,
    inert,
)
from safeguards.engine.io.filekind import refuse_log, refuse_other_kind
from safeguards.engine.io.validation import validate
from safeguards.engine.io.yamlsrc import YamlDoc, load_yaml
from safeguards.engine.logic.evaluate import EXPIRY_WARNING_DAYS
from safeguards.engine.models import Safeguard, Severity, Waiver

MAX_DAYS = {Severity.CRITICAL: 90, Severity.HIGH: 180, Severity.MEDIUM: 365, Severity.LOW: 730}
"""The longest a waiver may run, from grant to expiry, by the waived safeguard's severity."""

PLACEHOLDERS = frozenset({"todo", "tbd", "n/a", "na", "none", "-", "?", "xxx", "fixme", "later"})
_OWN_FIELDS = ("justification", "approver", "granted", "expires", "safeguard", "subject")


@dataclass(frozen=True, order=True)
class Problem:
    """One finding of the waiver lint, at a place in the waiver file."""

    location: SourceLocation
    message: str
    warning: bool = False

    def __str__(self) -> str:
        """Render as ``path:line:column: message`` (warnings say so), on one line.

        A message quotes the waiver (its subject, a placeholder): a line break there is shown
        (:func:`~safeguards.engine.errors.inert`), not a second located line.
        """
        return f"{self.location}: {'warning: ' if self.warning else ''}{inert(self.message)}"


def lint_waivers(
    path: Path,
    catalog: Catalog,
    on: dt.date,
    subjects: Mapping[str, str | None] | None = None,
) -> list[Problem]:
    """Check a waiver file; return its problems and warnings, sorted by place.

    Args:
        path: the waiver file.
        catalog: the catalog whose safeguards the waivers name.
        on: the date against which expiries are judged.
        subjects: the id and the name (or None) of each known subject (a waiver naming a
            subject by its name is told its id); ``None`` skips the subject check.

    Raises:
        InputErrors: the file cannot be read or is not YAML.

    """
    refuse_log(path, "waivers", WaiverError)
    doc = load_yaml(path, WaiverError)
    refuse_other_kind(doc, "waivers", WaiverError)
    problems = [
        Problem(e.location, e.message)
        for e in validate(doc, "waivers.schema.json", WaiverError)
        if not _own(e.message)
    ]
    items = doc.data.get("waivers") if isinstance(doc.data, dict) else None
    known = dict(sorted(subjects.items())) if subjects is not None else None
    seen: dict[tuple[str, str, tuple[str, ...]], int] = {}
    for i, raw in enumerate(items if isinstance(items, list) else []):
        if isinstance(raw, dict):
            problems += _one(doc, i, raw, catalog, on, known, seen)
    return sorted(problems)


def placeholder(text: str) -> bool:
    """Return whether a justification or approver is a placeholder ("TODO", "x", "n/a")."""
    plain = text.strip().lower().strip(".")
    return plain in PLACEHOLDERS or len(plain) < 2


def refusal(w: Waiver, severity: Severity) -> str | None:
    """Return why a loaded waiver may not apply, or None: the rule `check` and `audit` use."""
    who = f"the waiver of {w.safeguard} for {w.subject}"
    for name, text in (("justification", w.justification), ("approver", w.approver)):
        if placeholder(text):
            return f"{who} has a placeholder {name} ('{text.strip()}')"
    if w.expires < w.granted:
        return f"{who} expires ({w.expires}) before it is granted ({w.granted})"
    days, limit = (w.expires - w.granted).days, MAX_DAYS[severity]
    if days > limit:
        return (
            f"{who} runs {days} days; a {severity.value} safeguard may be waived for at most"
            f" {limit} days"
        )
    return None


def _own(message: str) -> bool:
    """Return whether a schema message is about a field this lint explains better itself."""
    fields = "|".join(_OWN_FIELDS)
    return re.match(rf"missing required key '({fields})'", message) is not None or (
        re.search(rf"\bwaivers\.\d+\.({fields})\b", message) is not None
    )


def _text(raw: dict[str, Any], name: str) -> str:
    value = raw.get(name)
    return value.strip() if isinstance(value, str) else ""


def _date(raw: dict[str, Any], name: str) -> dt.date | None:
    value = raw.get(name)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None


def _check_term(
    add: Callable[..., None],
    who: str,
    granted: dt.date,
    expires: dt.date,
    on: dt.date,
    safeguard: Safeguard | None,
) -> None:
    """Check a waiver's term: in order, not expired, not expiring soon, not too long."""
    if expires < granted:
        add("expires", f"{who} expires ({expires}) before it is granted ({granted})")
    elif expires < on:
        add("expires", f"{who} expired on {expires}; renew it or remove it")
    elif (expires - on).days <= EXPIRY_WARNING_DAYS:
        add("expires", f"{who} expires in {(expires - on).days} day(s), on {expires}", warning=True)
    if safeguard is not None:
        limit = MAX_DAYS[safeguard.severity]
        days = (expires - granted).days
        if days > limit:
            add(
                "expires",
                f"{who} runs {days} days; a {safeguard.severity.value} safeguard may be waived "
                f"for at most {limit} days",
            )


def _one(
    doc: YamlDoc,
    i: int,
    raw: dict[str, Any],
    catalog: Catalog,
    on: dt.date,
    known: dict[str, str | None] | None,
    seen: dict[tuple[str, str, tuple[str, ...]], int],
) -> list[Problem]:
    out: list[Problem] = []

    def add(name: str, message: str, warning: bool = False) -> None:
        where = doc.locate(("waivers", i, name)) if name in raw else doc.locate(("waivers", i))
        out.append(Problem(where, message, warning))

    sid, subject = _text(raw, "safeguard"), _text(raw, "subject")
    who = f"the waiver of {sid or '?'} for {subject or '?'}"
    safeguard = catalog.safeguards.get(sid)
    if not sid:
        add("safeguard", "a waiver must name the safeguard it waives")
    elif safeguard is None:
        add("safeguard", f"unknown safeguard '{sid}'" + did_you_mean(sid, catalog.safeguards))
    if not subject:
        add("subject", "a waiver must name the subject it covers")
    elif known is not None and subject not in known:
        hint = did_you_mean_subject(subject, known) or f" (known: {', '.join(known)})"
        add("subject", f"unknown subject '{subject}'{hint}")
    for name in ("justification", "approver"):
        text = _text(raw, name)
        if not text:
            add(name, f"{who} has no {name}")
        elif placeholder(text):
            add(name, f"{who} has a placeholder {name} ('{text}')")
    granted, expires = _date(raw, "granted"), _date(raw, "expires")
    for name, day in (("granted", granted), ("expires", expires)):
        if day is None:
            add(name, f"{who} needs a '{name}' date (YYYY-MM-DD)")
    if granted is None or expires is None:
        return out
    _check_term(add, who, granted, expires, on, safeguard)
    requests = raw.get("requests")
    key = (
        sid,
        subject,
        tuple(sorted(str(r) for r in requests)) if isinstance(requests, list) else (),
    )
    if key in seen:
        add("safeguard", f"{who} repeats the waiver on line {seen[key]}")
    seen.setdefault(key, doc.locate(("waivers", i)).line)
    return out
