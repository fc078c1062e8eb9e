"""Counting for the transparency tables (research note section 7): periods and the accumulator.

Percentages are over CLOSED
requests (pending ones are shown "in process"); preservation requests are counted in T4 only.
Memory is bounded: counters per table cell and response-time histograms in whole hours.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from safeguards.engine.errors import UsageError


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


NATIONAL_SECURITY = ("national_security_letter", "fisa_order")
"""Legal processes reported only in bands (T12), as is a demand for national security."""


@dataclass
class Accumulator:
    """Counters for every table, fed one request at a time."""

    counts: dict[str, Counter[tuple[Any, ...]]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    hours: dict[tuple[Any, ...], Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    requests: int = 0
    national_security: Counter[tuple[str, str]] = field(default_factory=Counter)
    """National-security demands by (legal process, requests | accounts): reported in T12 only."""

    def add(self, v: dict[str, Any]) -> None:
        """Count one request of the period (a national-security demand only in T12)."""
        c = self.counts
        country = v.get("authority.country", "unknown")
        process = v.get("legal_process.type", "unknown")
        if process in NATIONAL_SECURITY or v.get("purpose") == "national_security":
            # exact counts anywhere else would undo the bands of T12 (by subtraction)
            kind = process if process in NATIONAL_SECURITY else "other national-security demand"
            self.national_security[(kind, "requests")] += 1
            self.national_security[(kind, "accounts")] += v.get("targets.accounts_count", 0)
            return
        self.requests += 1
        closed = v.get("derived.closed") is True
        produced = v.get("derived.produced") is True
        accounts = v.get("targets.accounts_count", 0)
        if v.get("legal_process.request_kind") == "preservation":
            self._preservation(v, country, accounts)
        else:
            self._demand(v, country, process, accounts, closed, produced)
        if v.get("emergency.flag") is True:
            self._emergency(v, country, accounts, closed, produced)
        mode = v.get("legal_process.access_mode", "unknown")
        kind = v.get("legal_process.request_kind", "unknown")
        c["t5"][(mode, kind, "requests")] += 1
        c["t5"][(mode, kind, "accounts")] += accounts
        self._tiers(v, produced)
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

    def merge(self, other: Accumulator) -> None:
        """Add the counts of the requests that followed, counted apart (by a worker process).

        A cell first counted there comes after the cells counted here, as it would have had
        the requests been counted one after another: the tables come out the same.
        """
        for table, counter in other.counts.items():
            self.counts[table].update(counter)
        for group, histogram in other.hours.items():
            self.hours[group].update(histogram)
        self.requests += other.requests
        self.national_security.update(other.national_security)

    def _preservation(self, v: dict[str, Any], country: str, accounts: int) -> None:
        """Count a preservation request in T4 (and nowhere in T1 or T2)."""
        t4 = self.counts["t4"]
        t4[(country, "requests")] += 1
        if v.get("derived.acted") is True:
            t4[(country, "accounts_preserved")] += accounts
        if v.get("preservation.follow_up_request_id") is not None:
            t4[(country, "converted")] += 1
        elif (end := v.get("derived.preservation_end")) and end < v["audit.as_of"]:
            t4[(country, "expired_unused")] += 1

    def _demand(
        self,
        v: dict[str, Any],
        country: str,
        process: str,
        accounts: int,
        closed: bool,
        produced: bool,
    ) -> None:
        """Count a demand for data in T1 (by country and process), T2 (outcomes) and T7."""
        c = self.counts
        t1 = (country, process)
        c["t1"][(*t1, "requests")] += 1
        c["t1"][(*t1, "identifiers")] += v.get("targets.identifiers_count", 0)
        c["t1"][(*t1, "accounts")] += accounts
        c["t1"][(*t1, "in_process" if not closed else "closed")] += 1
        self._cross_border(v, country, closed, produced)
        c["t1"][(*t1, "produced")] += closed and produced
        if not closed:
            return
        tiers = v.get("outcome.tiers_produced") or []
        split = {
            "rejected": "rejected",
            "no_data_found": "no_data_found",
            "withdrawn": "other",
            "redirected_to_customer": "other",
        }.get(v.get("outcome.disposition", "unknown"), "other")
        if produced:
            split = "content" if "content" in tiers else "non_content_only"
        c["t2"][(country, split)] += 1
        c["t2"][(country, "closed")] += 1

    def _emergency(
        self, v: dict[str, Any], country: str, accounts: int, closed: bool, produced: bool
    ) -> None:
        """Count an emergency request in T3, with its response time."""
        t3 = self.counts["t3"]
        t3[(country, "requests")] += 1
        t3[(country, "accounts")] += accounts
        t3[(country, "closed")] += closed
        t3[(country, "produced")] += closed and produced
        t3[(country, "followed_up")] += v.get("emergency.followup_request_id") is not None
        if closed and (h := v.get("derived.response_hours")) is not None:
            self.hours[("t3", country)][int(h + 0.999999)] += 1

    def _tiers(self, v: dict[str, Any], produced: bool) -> None:
        """Count the tiers of data requested and produced, and the sensitive kinds, in T6."""
        t6 = self.counts["t6"]
        for tier in v.get("derived.tiers") or []:
            t6[(tier, "requested")] += 1
        for tier in v.get("outcome.tiers_produced") or []:
            t6[(tier, "produced")] += 1
        for flag in v.get("derived.sensitivity") or []:
            t6[(f"flag: {flag}", "requested")] += 1
            t6[(f"flag: {flag}", "produced")] += produced

    def _cross_border(self, v: dict[str, Any], country: str, closed: bool, produced: bool) -> None:
        """Count a request from abroad in T7, by legal channel and issuing country."""
        channel = v.get("cross_border.channel")
        provider = v.get("cross_border.provider_entity_country")
        foreign = provider is not None and country not in ("unknown", provider)
        if not (channel not in (None, "direct_domestic") or foreign):
            return
        key = (channel or "not stated", country)
        t7 = self.counts["t7"]
        t7[(*key, "requests")] += 1
        t7[(*key, "closed")] += closed
        t7[(*key, "produced")] += closed and produced
        stored = v.get("cross_border.data_location_countries") or []
        if "content" in (v.get("derived.tiers") or []) and any(s != country for s in stored):
            t7[(*key, "content_stored_abroad")] += 1

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
