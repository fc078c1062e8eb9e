"""A hand-written plain-Python audit, end to end: the benchmark's baseline for the whole tool.

Read each JSONL line (orjson), flatten it to dotted facts, type the dates and times, derive the
facts the request checks read, decide the checks (`handwritten.statuses`), write one line per
applicable finding. Written the way a developer would without the engine: direct code for each
derived fact, no predicate language, no validation beyond what the checks need, no messages for
bad records (they are counted). The configuration a developer would copy by hand (the policy
defaults, the lookup tables, which facts are dates) is taken from the catalog once at start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import handwritten
import orjson

UTC = dt.UTC
EU = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip


class Config:
    """What the hand-written code needs to know: tables, policy, date fields, check names."""

    def __init__(
        self,
        tables: dict[str, dict[str, Any]],
        context: dict[str, Any],
        moments: Iterable[str],
        days: Iterable[str],
        checks: list[tuple[str, str]],
    ) -> None:
        self.tables, self.context = tables, context
        self.moments, self.days = frozenset(moments), frozenset(days)
        self.heads = [
            f'{{"subject":"bench","safeguard":"{sid}","kind":"{kind}","status":"'
            for sid, kind in checks
        ]


def _flatten(value: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    for key, inner in value.items():
        name = prefix + key
        if isinstance(inner, dict):
            _flatten(inner, name + ".", out)
        elif isinstance(inner, list) and inner and isinstance(inner[0], dict):
            for item in inner:  # a list of mappings: one list per field
                for field, x in item.items():
                    out.setdefault(f"{name}.{field}", []).append(x)
        elif inner is not None:
            out[name] = inner


def _moment(x: Any) -> dt.datetime:
    if isinstance(x, dt.datetime):
        return x if x.tzinfo else x.replace(tzinfo=UTC)
    return dt.datetime(x.year, x.month, x.day, tzinfo=UTC)


def _hours(a: Any, b: Any) -> float | None:
    if a is None or b is None:
        return None
    return round((_moment(b) - _moment(a)).total_seconds() / 3600, 6)


def _days(a: Any, b: Any) -> float | None:
    hours = _hours(a, b)
    return None if hours is None else round(hours / 24, 6)


def _le(a: Any, b: Any) -> bool | None:
    if a is None or b is None:
        return None
    if isinstance(a, dt.date) or isinstance(b, dt.date):
        if not (isinstance(a, dt.date) and isinstance(b, dt.date)):
            return None
        return _moment(a) <= _moment(b)
    return bool(a <= b)


def _lookup(table: dict[str, Any], x: Any) -> Any:
    if x is None:
        return None
    if isinstance(x, bool):
        x = "true" if x else "false"
    if isinstance(x, list):
        found: set[str] = set()
        for item in x:
            mapped = table.get(item)
            if mapped is not None:
                found.update(mapped if isinstance(mapped, list) else [mapped])
        return sorted(found)
    return table.get(x)


def _select(v: dict[str, Any], fact: str, prefix: str) -> Any:
    key = v.get(fact)
    if key is None:
        return None
    if isinstance(key, bool):
        key = "true" if key else "false"
    found = v.get(f"{prefix}.{key}")
    return v.get(f"{prefix}.default") if found is None else found


def _subset(x: Any, pool: Any) -> bool | None:
    if x is None or pool is None:
        return None
    return set([x] if isinstance(x, str) else x) <= set(pool)


def _same(a: Any, b: Any) -> bool | None:
    return None if a is None or b is None else a == b


def _among(x: Any, among: set[str]) -> bool | None:
    if x is None:
        return None
    return x in among if isinstance(x, str) else not among.isdisjoint(x)


def _first(*xs: Any) -> Any:
    return next((x for x in xs if x is not None), None)


def derive(v: dict[str, Any], t: dict[str, dict[str, Any]]) -> None:
    """Add the derived facts the request checks read (None: left out)."""
    g = v.get
    d: dict[str, Any] = {}
    d["derived.category_tiers"] = _lookup(t["data_category_tiers"], g("data.categories_requested"))
    tiers = _first(g("data.tiers_requested"), d["derived.category_tiers"])
    d["derived.tiers"] = tiers
    flags = [
        _lookup(t["data_category_flags"], g("data.categories_requested")),
        _lookup(t["access_mode_flags"], g("legal_process.access_mode")),
        _lookup(t["bulk_flags"], g("targets.bulk")),
    ]
    if all(f is not None for f in flags):
        d["derived.sensitivity"] = sorted(
            {x for f in flags for x in ([f] if isinstance(f, str) else f)}
        )
    disposition = g("outcome.disposition")
    d["derived.acted"] = _among(
        disposition, {"produced_full", "produced_partial", "preserved_only"}
    )
    d["derived.produced"] = _among(disposition, {"produced_full", "produced_partial"})
    d["derived.refused"] = _among(disposition, {"rejected", "withdrawn"})
    country, provider = g("authority.country"), g("cross_border.provider_entity_country")
    d["derived.domestic"] = _same(country, provider)
    hours = _hours(g("intake.received_at"), _first(g("timeline.responded_at"), g("audit.as_of")))
    v.update((k, x) for k, x in d.items() if x is not None)
    d.clear()
    d["derived.within_deadline"] = _le(
        hours, _select(v, "legal_process.type", "policy.deadlines_hours")
    )
    d["derived.date_range_days"] = _days(g("scope.date_from"), g("scope.date_to"))
    limit = _select(v, "legal_process.type", "policy.account_limit")
    d["derived.within_account_limit"] = _le(g("targets.accounts_count"), limit)
    allowed = _select(v, "legal_process.type", "policy.ladder")
    d["derived.process_sufficient"] = _subset(g("outcome.tiers_produced"), allowed)
    produced = g("outcome.categories_produced")
    requested = g("data.categories_requested")
    d["derived.produced_within_requested"] = _subset(produced, requested)
    authorized = _first(g("authorization.categories_authorized"), requested)
    d["derived.produced_within_authorized"] = _subset(produced, authorized)
    started = g("timeline.processing_started_at")
    d["derived.biometric_order_before_processing"] = _le(g("biometric_order.issued_at"), started)
    d["derived.biometric_order_same_reference"] = _same(
        g("biometric_order.reference"), g("authorization.reference")
    )
    d["derived.real_time_basis_accepted"] = _subset(
        g("real_time.basis_kind"), g("policy.real_time.allowed_bases")
    )
    d["derived.real_time_days"] = _days(
        g("real_time.authorized_from"), g("real_time.authorized_until")
    )
    preserved = g("preservation.preserved_at")
    d["derived.preservation_hours"] = _hours(g("intake.received_at"), preserved)
    end = _first(g("preservation.extended_until"), g("preservation.expires_at"))
    d["derived.preservation_days"] = _days(preserved, end)
    issued, expires = g("confidentiality.issued_at"), g("confidentiality.expires_at")
    lifted, sent = g("confidentiality.lifted_at"), g("notice.sent_at")
    d["derived.confidentiality_days"] = _days(issued, expires)
    d["derived.notice_after_order_start"] = _le(issued, sent)
    d["derived.notice_before_order_end"] = _le(sent, _first(lifted, expires))
    exception_end = _first(lifted, expires, g("notice.deferred_until"), g("timeline.closed_at"))
    since = _days(exception_end, g("audit.as_of"))
    d["derived.notice_within_grace"] = _le(since, g("policy.notice.grace_days"))
    d["derived.followup_not_yet_due"] = _le(g("audit.as_of"), g("emergency.followup_due_at"))
    channel = g("cross_border.channel")
    accepted = _select(v, "legal_process.request_kind", "policy.cross_border.channels")
    d["derived.channel_accepted"] = _subset(channel, accepted)
    d["derived.channel_accepted_for_emergency"] = _subset(
        channel, g("policy.cross_border.channels.emergency")
    )
    d["derived.authority_bound_by_e_evidence"] = _among(country, EU)
    d["derived.provider_bound_by_e_evidence"] = _among(provider, EU)
    d["derived.non_content_only"] = _subset(tiers, ("subscriber", "identification"))
    d["derived.residence_in_issuing_state"] = _same(
        country, g("cross_border.user_residence_country")
    )
    roles = g("review.approvals.role")
    d["derived.approver_roles"] = None if roles is None else len(set(roles))
    d["derived.assessment_before_processing"] = _le(
        g("cross_border.data_protection_assessment.performed_at"), started
    )
    v.update((k, x) for k, x in d.items() if x is not None)


def audit(log: Path, findings: Path, config: Config) -> tuple[int, int]:
    """Audit a JSONL log into ``findings``; return (records read, records unreadable)."""
    fromiso, moments, days = dt.datetime.fromisoformat, config.moments, config.days
    read = bad = 0
    with log.open("rb") as lines, findings.open("wb") as out:
        for line in lines:
            if not line.strip():
                continue
            try:
                raw = orjson.loads(line)
                rid = raw["id"]
                v = dict(config.context)
                _flatten(raw, "", v)
                for key in moments.intersection(v):
                    x = fromiso(v[key])
                    v[key] = x if x.tzinfo else x.replace(tzinfo=UTC)
                for key in days.intersection(v):
                    v[key] = dt.date.fromisoformat(v[key])
            except (ValueError, KeyError, TypeError, AttributeError):
                bad += 1
                continue
            read += 1
            derive(v, config.tables)
            tail = f'","request":{orjson.dumps(rid).decode()}}}\n'
            out.write(
                "".join(
                    head + status + tail
                    for head, status in zip(config.heads, handwritten.statuses(v), strict=True)
                    if status != "not_applicable"
                ).encode()
            )
    return read, bad
