"""Transparency tables (research note section 7) computed from request logs, streamed.

Requests belong to the period in which they were received. Percentages are over CLOSED
requests (pending ones are shown "in process"); preservation requests are counted in T4 only.
Memory is bounded: counters per table cell and response-time histograms in whole hours.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.audit import Auditor, context_values
from engine.auditlog import HashingReader, LogInput, log_format, open_log, read_log
from engine.catalog import Catalog
from engine.errors import UsageError
from engine.models import Frozen, Subject

Cell = int | float | str | None
CLOSED_NOTE = "Percentages are computed over closed requests only; pending requests are in process."


class Table(Frozen):
    """One transparency table: columns, rows of cells, and notes."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()


class TransparencyReport(Frozen):
    """Every table of one period, with what was counted and how."""

    period: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    min_cell: int
    inputs: tuple[LogInput, ...]
    requests_in_period: int
    outside_period: int
    unreadable: int
    notes: tuple[str, ...]
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Period:
    """A reporting period: [start, end)."""

    label: str
    start: dt.date
    end: dt.date

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read 2026, 2026-H1, 2026-Q3 or 2026-05.

        Raises:
            UsageError: anything else.

        """
        m = re.fullmatch(r"(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?", text.strip())
        if not m:
            raise UsageError(f"--period '{text}': use 2026, 2026-H1, 2026-Q3 or 2026-05")
        year, part = int(m.group(1)), m.group(2)
        if part is None:
            first, months = 1, 12
        elif part[0] == "H":
            first, months = 1 + 6 * (int(part[1]) - 1), 6
        elif part[0] == "Q":
            first, months = 1 + 3 * (int(part[1]) - 1), 3
        else:
            first, months = int(part), 1
            if not 1 <= first <= 12:
                raise UsageError(f"--period '{text}': no month {first}")
        last = first + months
        try:
            end = dt.date(year + (last > 12), (last - 1) % 12 + 1, 1)
            return cls(text.strip(), dt.date(year, first, 1), end)
        except (ValueError, OverflowError):
            raise UsageError(f"--period '{text}': the year must be from 0001 to 9998") from None


@dataclass
class Accumulator:
    """Counters for every table, fed one request at a time."""

    counts: dict[str, Counter[tuple[Any, ...]]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    hours: dict[tuple[Any, ...], Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    requests: int = 0

    def add(self, v: dict[str, Any]) -> None:
        """Count one request of the period."""
        self.requests += 1
        c = self.counts
        country = v.get("authority.country", "unknown")
        process = v.get("legal_process.type", "unknown")
        disposition = v.get("outcome.disposition", "unknown")
        closed = v.get("derived.closed") is True
        produced = v.get("derived.produced") is True
        accounts = v.get("targets.accounts_count", 0)
        preservation = v.get("legal_process.request_kind") == "preservation"
        if preservation:
            key = (country,)
            c["t4"][(*key, "requests")] += 1
            if v.get("derived.acted") is True:
                c["t4"][(*key, "accounts_preserved")] += accounts
            if v.get("preservation.follow_up_request_id") is not None:
                c["t4"][(*key, "converted")] += 1
            elif (end := v.get("derived.preservation_end")) and end < v["audit.as_of"]:
                c["t4"][(*key, "expired_unused")] += 1
        else:
            t1 = (country, process)
            c["t1"][(*t1, "requests")] += 1
            c["t1"][(*t1, "identifiers")] += v.get("targets.identifiers_count", 0)
            c["t1"][(*t1, "accounts")] += accounts
            c["t1"][(*t1, "in_process" if not closed else "closed")] += 1
            c["t1"][(*t1, "produced")] += closed and produced
            if closed:
                tiers = v.get("outcome.tiers_produced") or []
                split = {
                    "rejected": "rejected",
                    "no_data_found": "no_data_found",
                    "withdrawn": "other",
                    "redirected_to_customer": "other",
                }.get(disposition, "other")
                if produced:
                    split = "content" if "content" in tiers else "non_content_only"
                c["t2"][(country, split)] += 1
                c["t2"][(country, "closed")] += 1
        if v.get("emergency.flag") is True:
            c["t3"][(country, "requests")] += 1
            c["t3"][(country, "accounts")] += accounts
            c["t3"][(country, "closed")] += closed
            c["t3"][(country, "produced")] += closed and produced
            c["t3"][(country, "followed_up")] += v.get("emergency.followup_request_id") is not None
            if closed and (h := v.get("derived.response_hours")) is not None:
                self.hours[("t3", country)][int(h + 0.999999)] += 1
        mode = v.get("legal_process.access_mode", "unknown")
        kind = v.get("legal_process.request_kind", "unknown")
        c["t5"][(mode, kind, "requests")] += 1
        c["t5"][(mode, kind, "accounts")] += accounts
        for tier in v.get("derived.tiers") or []:
            c["t6"][(tier, "requested")] += 1
        for tier in v.get("outcome.tiers_produced") or []:
            c["t6"][(tier, "produced")] += 1
        for flag in v.get("derived.sensitivity") or []:
            c["t6"][(f"flag: {flag}", "requested")] += 1
            c["t6"][(f"flag: {flag}", "produced")] += produced
        self._notice(v)
        for push in v.get("outcome.pushback") or []:
            c["t9"][("pushback", push)] += 1
        for reason in v.get("outcome.rejection_reasons") or []:
            c["t9"][("rejection reason", reason)] += 1
        t10 = (v.get("offence.category", "unknown"), v.get("purpose", "unknown"))
        c["t10"][(*t10, "requests")] += 1
        c["t10"][(*t10, "accounts")] += accounts
        c["t10"][(*t10, "closed")] += closed
        c["t10"][(*t10, "produced")] += closed and produced
        if closed and (h := v.get("derived.response_hours")) is not None:
            group = (process, "emergency" if v.get("emergency.flag") else "regular")
            self.hours[("t11", *group)][int(h + 0.999999)] += 1
            c["t11"][(*group, "on_time")] += v.get("derived.within_deadline") is True
            c["t11"][(*group, "deadline_known")] += v.get("derived.within_deadline") is not None
        self._gates(v, closed, produced)

    def _notice(self, v: dict[str, Any]) -> None:
        c = self.counts["t8"]
        c[("all requests",)] += 1
        if v.get("confidentiality.present") is True:
            c[("with confidentiality order",)] += v.get("confidentiality.type") in {
                "court_order",
                "statutory",
            }
            c[("with confidentiality demand without legal force",)] += (
                v.get("confidentiality.type") == "authority_request"
            )
            c[("confidentiality orders lifted",)] += v.get("confidentiality.lifted_at") is not None
        status = v.get("notice.status")
        if status is not None:
            c[(f"notice {status.replace('_', ' ')}",)] += 1
        overdue = (
            status in {"deferred", "prohibited"}
            and v.get("notice.sent_at") is None
            and v.get("derived.notice_within_grace") is False
        )
        c[("notices overdue",)] += overdue

    def _gates(self, v: dict[str, Any], closed: bool, produced: bool) -> None:
        c = self.counts["t13"]
        refused = v.get("derived.refused") is True
        if "biometric" in (v.get("derived.sensitivity") or []):
            c[("biometric", "requests")] += 1
            c[("biometric", "additional court order")] += v.get("biometric_order.present") is True
            c[("biometric", "refused")] += refused
            c[("biometric", "produced without additional order")] += (
                produced and v.get("biometric_order.present") is not True
            )
        if v.get("legal_process.access_mode") == "real_time":
            basis = f"real-time ({v.get('real_time.basis_kind', 'basis not stated')})"
            c[(basis, "requests")] += 1
            c[(basis, "refused")] += refused
            c[(basis, "produced")] += produced


def compute_tables(
    catalog: Catalog,
    logs: Sequence[str],
    *,
    period: Period,
    min_cell: int = 0,
    as_of: dt.date,
    workflow: Subject | None = None,
    input_format: str | None = None,
) -> TransparencyReport:
    """Stream request logs and compute the transparency tables of one period.

    Raises:
        InputErrors: a log cannot be opened.

    """
    from engine.transparency_tables import build_tables

    auditor = Auditor(catalog, context_values(catalog, workflow, as_of), "transparency")
    acc = Accumulator()
    outside = unreadable = 0
    inputs: list[LogInput] = []
    start = dt.datetime(period.start.year, period.start.month, period.start.day, tzinfo=dt.UTC)
    end = dt.datetime(period.end.year, period.end.month, period.end.day, tzinfo=dt.UTC)
    for path in logs:
        fmt = log_format(path, input_format)
        with open_log(path) as stream:
            hashed = HashingReader(stream)
            for record in read_log(hashed, fmt, auditor.parser):
                if record.problem is not None:
                    unreadable += 1
                    continue
                received = record.values.get("intake.received_at")
                if received is None or not start <= received < end:
                    outside += 1
                    continue
                acc.add(auditor.values(record))
            inputs.append(LogInput(path=path, format=fmt, sha256=hashed.digest.hexdigest()))
    notes = [
        f"Requests received from {period.start.isoformat()} to "
        f"{(period.end - dt.timedelta(days=1)).isoformat()}.",
        CLOSED_NOTE,
        "Preservation requests are reported in T4 only, not in T1 and T2.",
    ]
    if min_cell:
        notes.append(f"Counts from 1 to {min_cell - 1} are suppressed and shown as '<{min_cell}'.")
    if outside or unreadable:
        notes.append(
            f"{outside} records outside the period (or undated) and {unreadable} unreadable "
            "records are not counted."
        )
    return TransparencyReport(
        period=period.label,
        start=period.start,
        end=period.end,
        as_of=as_of,
        min_cell=min_cell,
        inputs=tuple(inputs),
        requests_in_period=acc.requests,
        outside_period=outside,
        unreadable=unreadable,
        notes=tuple(notes),
        tables=tuple(build_tables(acc, min_cell)),
    )
