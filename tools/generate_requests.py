"""Seeded generator of realistic data-request logs (JSONL), independent of the engine.

The shapes follow the research note (section 8): about 1.7 accounts per request with a long
tail, a US-heavy country mix, subpoenas and warrants first, some emergency, preservation,
real-time and biometric requests. About a quarter of the records break one safeguard on
purpose (no grounds, no notice, too many accounts, late, no additional court order for
biometric or health data, ...).

With ``--malformed F`` (for example 0.2) about that fraction of the lines are spoiled, drawn
from a second seeded stream so that the other lines stay the same: a record missing the
answers a verdict needs (undetermined findings), one that meets a safeguard only in part (a
basis cited without grounds, a bulk demand narrowed: partial findings), one that contradicts
itself (answered before it was received, produced although rejected), or a line that is not a
record at all (broken JSON, a JSON list, a record without an id).

    python tools/generate_requests.py N [--seed S] [--year 2026] [--malformed F] [-o FILE]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import sys
from collections.abc import Callable, Iterator
from typing import Any

Record = dict[str, Any]

COUNTRIES = [("US", 34), ("DE", 10), ("FR", 8), ("GB", 8), ("IN", 10), ("BR", 6), ("ES", 5)]
COUNTRIES += [("IT", 4), ("NL", 3), ("TR", 3), ("AU", 3), ("CA", 3), ("MX", 3)]
EU = {"DE", "FR", "ES", "IT", "NL"}
OFFENCES = ["fraud", "computer_misuse", "child_sexual_exploitation", "terrorism", "violent_crime"]
OFFENCES += ["organised_crime", "drugs", "threats_harassment", "theft_property", "other"]


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _base(rng: random.Random, country: str, received: dt.datetime) -> Record:
    """Return the parts every request shares (intake, authority, targets, review, ...)."""
    accounts = 1 if rng.random() < 0.7 else min(1 + int(rng.paretovariate(1.6)), 9)
    provider = "US" if country not in EU else "IE"
    channel = "direct_domestic" if country == provider else "mlat"
    processing = received + dt.timedelta(hours=rng.randint(6, 120))
    responded = processing + dt.timedelta(hours=rng.randint(2, 48))
    return {
        "intake": {
            "received_at": _iso(received),
            "channel": "portal",
            "authenticity_verified": True,
        },
        "authority": {"name": "Example authority", "type": "police", "country": country},
        "legal_basis": {"citation": "cited provision", "grounds_stated": True},
        "offence": {"category": rng.choice(OFFENCES)},
        "purpose": "criminal_investigation",
        "targets": {
            "identifier_types": ["account"],
            "identifiers_count": accounts,
            "accounts_count": accounts,
            "bulk": False,
        },
        "scope": {
            "date_from": (received - dt.timedelta(days=90)).date().isoformat(),
            "date_to": received.date().isoformat(),
        },
        "authorization": {"present": False, "issuer_type": "none"},
        "emergency": {"flag": False},
        "confidentiality": {"present": False},
        "cross_border": {
            "provider_entity_country": provider,
            "channel": channel,
            "data_protection_assessment": {"performed": True, "conflict_found": False},
        },
        "review": {
            "checks_performed": ["authenticity", "legal_sufficiency", "scope"],
            "escalated_to": "legal_counsel",
            "approvals": [
                {"role": "le_response_specialist", "person": "p-104", "decision": "approve"},
                {"role": "legal_counsel", "person": "p-017", "decision": "approve"},
            ],
        },
        "notice": {"status": "sent", "sent_at": _iso(processing - dt.timedelta(hours=1))},
        "timeline": {"processing_started_at": _iso(processing), "responded_at": _iso(responded)},
        "outcome": {"disposition": "produced_full", "accounts_produced": accounts},
    }


def _data(r: Record, categories: list[str], tiers: list[str]) -> None:
    r["data"] = {"categories_requested": categories, "tiers_requested": tiers}
    r["outcome"]["categories_produced"] = categories
    r["outcome"]["tiers_produced"] = tiers


def _subpoena(r: Record, rng: random.Random) -> None:
    r["legal_process"] = {"type": "subpoena", "request_kind": "disclosure", "access_mode": "stored"}
    _data(r, ["user.name", "user.contact.email"], ["subscriber"])


def _warrant(r: Record, rng: random.Random) -> None:
    r["legal_process"] = {
        "type": "search_warrant",
        "request_kind": "disclosure",
        "access_mode": "stored",
    }
    r["authorization"] = {
        "present": True,
        "issuer_type": "judge",
        "reference": "W-1",
        "issued_at": r["intake"]["received_at"][:10],
    }
    _data(r, ["user.content.private", "user.name"], ["subscriber", "content"])


EU_MEMBERS = ("DE", "FR", "ES", "IT", "NL")
"""The countries of the mix that can issue a European production order."""


def _epoc(r: Record, rng: random.Random) -> None:
    if r["authority"]["country"] not in EU_MEMBERS:
        r["authority"]["country"] = rng.choice(EU_MEMBERS)
    r["legal_process"] = {
        "type": "eu_production_order",
        "request_kind": "disclosure",
        "access_mode": "stored",
    }
    r["authority"]["type"] = "public_prosecutor"
    r["authorization"] = {
        "present": True,
        "issuer_type": "judge",
        "reference": "E-1",
        "issued_at": r["intake"]["received_at"][:10],
    }
    r["cross_border"].update(
        channel="eu_e_evidence", enforcing_authority_notified_at=r["intake"]["received_at"]
    )
    r["notice"] = {"status": "handled_by_authority"}
    _data(
        r, ["user.device.ip_address", "user.communications.traffic"], ["identification", "traffic"]
    )


def _foreign(r: Record, rng: random.Random) -> None:
    _warrant(r, rng)
    r["legal_process"]["type"] = "production_order"
    r["cross_border"]["channel"] = rng.choice(["mlat", "cloud_act_agreement"])


def _emergency(r: Record, rng: random.Random) -> None:
    _subpoena(r, rng)
    received = dt.datetime.fromisoformat(r["intake"]["received_at"])
    r["legal_process"]["type"] = "emergency_disclosure_request"
    r["purpose"] = "emergency_life_safety"
    r["emergency"] = {
        "flag": True,
        "imminent_risk": True,
        "justification": "risk to life",
        "approved_by": "le_duty_manager",
        "followup_required": True,
        "followup_due_at": _iso(received + dt.timedelta(days=5)),
        "followup_request_id": "DR-FOLLOW-UP",
    }
    r["timeline"]["processing_started_at"] = _iso(received + dt.timedelta(minutes=30))
    r["timeline"]["responded_at"] = _iso(received + dt.timedelta(hours=2))
    r["cross_border"]["channel"] = "voluntary"


def _preservation(r: Record, rng: random.Random) -> None:
    received = dt.datetime.fromisoformat(r["intake"]["received_at"])
    r["legal_process"] = {
        "type": "preservation_request",
        "request_kind": "preservation",
        "access_mode": "stored",
    }
    preserved = received + dt.timedelta(hours=rng.randint(1, 12))
    r["preservation"] = {
        "preserved_at": _iso(preserved),
        "expires_at": _iso(preserved + dt.timedelta(days=90)),
        "disclosed_before_follow_up": False,
    }
    r["cross_border"]["channel"] = "police_cooperation"
    r["notice"] = {"status": "not_required"}
    r["timeline"]["responded_at"] = _iso(preserved)
    r["outcome"] = {"disposition": "preserved_only", "tiers_produced": [], "accounts_produced": 0}
    r["data"] = {
        "categories_requested": ["user.name", "user.content.private"],
        "tiers_requested": ["subscriber", "content"],
    }


def _real_time(r: Record, rng: random.Random) -> None:
    r["legal_process"] = {
        "type": "non_judicial_demand",
        "request_kind": "real_time_collection",
        "access_mode": "real_time",
    }
    r["real_time"] = {"kind": "traffic_data", "basis_kind": "domestic_law"}
    r["data"] = {
        "categories_requested": ["user.communications.traffic"],
        "tiers_requested": ["traffic"],
    }
    r["notice"] = {"status": "not_required"}
    r["outcome"] = {
        "disposition": "rejected",
        "pushback": ["objected"],
        "rejection_reasons": ["invalid_channel"],
        "accounts_produced": 0,
    }


KINDS: list[tuple[Callable[[Record, random.Random], None], int]] = [
    (_subpoena, 40),
    (_warrant, 22),
    (_epoc, 10),
    (_foreign, 8),
    (_emergency, 4),
    (_preservation, 12),
    (_real_time, 4),
]


def _violate(r: Record, rng: random.Random) -> None:
    """Break one safeguard on purpose."""
    choice = rng.randrange(8)
    if choice == 0:
        r["legal_basis"] = {"grounds_stated": False}
    elif choice == 1:
        r["notice"] = {"status": "declined"}
    elif choice == 2:
        r["targets"]["accounts_count"] = r["targets"]["identifiers_count"] = 80
    elif choice == 3:
        received = dt.datetime.fromisoformat(r["intake"]["received_at"])
        r["timeline"]["responded_at"] = _iso(received + dt.timedelta(days=60))
    elif choice == 4:
        # Sensitive data without the additional court order (S14): a fingerprint, or health
        # data when several accounts are targeted (chosen without another draw, so the rest
        # of the seeded stream is unchanged).
        sensitive = (
            "user.health" if r["targets"]["accounts_count"] > 1 else "user.biometrics.fingerprint"
        )
        r["data"]["categories_requested"] = [sensitive, "user.name"]
        r["outcome"]["categories_produced"] = [sensitive, "user.name"]
        r["biometric_order"] = {"present": False}
    elif choice == 5:
        r["offence"] = {"category": "not_stated"}
    elif choice == 6:
        r["review"] = {"approvals": [{"role": "le_response_specialist", "decision": "approve"}]}
        r["authority"]["country"] = "IT"
    else:
        r["cross_border"]["data_protection_assessment"] = {"performed": False}
        r["authority"]["country"] = "MX"


def generate(n: int, seed: int = 7, year: int = 2026) -> Iterator[Record]:
    """Yield ``n`` request records; the same seed gives the same records."""
    rng = random.Random(seed)
    countries, cweights = zip(*COUNTRIES, strict=True)
    kinds, kweights = zip(*KINDS, strict=True)
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    for i in range(n):
        received = start + dt.timedelta(minutes=rng.randrange(0, 330 * 24 * 60))
        record = _base(rng, rng.choices(countries, cweights)[0], received)
        rng.choices(kinds, kweights)[0](record, rng)
        if rng.random() < 0.25:
            _violate(record, rng)
        yield {"id": f"DR-{year}-{i + 1:07d}", **copy.deepcopy(record)}


def _spoil(record: Record, rng: random.Random) -> str:
    """Return the line of a record made incomplete, half-compliant, contradictory or unreadable."""
    kind = rng.randrange(8)
    if kind == 0:  # incomplete: the answers most checks read are missing
        for key in ("legal_basis", "review", "outcome", "timeline"):
            record.pop(key, None)
    elif kind == 1:  # contradictory: answered before it was received
        received = dt.datetime.fromisoformat(record["intake"]["received_at"])
        record.setdefault("timeline", {})["responded_at"] = _iso(received - dt.timedelta(days=3))
    elif kind == 2:  # contradictory: data produced although the request was rejected
        record.setdefault("outcome", {}).update(
            disposition="rejected", categories_produced=["user.name"]
        )
    elif kind == 3:
        return json.dumps(record, separators=(",", ":"))[: rng.randrange(5, 60)]  # cut short
    elif kind == 4:
        return json.dumps([record["id"]])
    elif kind == 5:
        record.pop("id")
    elif kind == 6:  # half-compliant: a legal basis cited, but no grounds stated
        record["legal_basis"] = {"citation": "cited provision", "grounds_stated": False}
    else:  # half-compliant: a bulk demand narrowed before it was answered
        record["targets"]["bulk"] = True
        record.setdefault("outcome", {})["pushback"] = ["narrowed"]
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def lines(n: int, seed: int = 7, year: int = 2026, malformed: float = 0.0) -> Iterator[str]:
    """Yield the JSONL lines of ``n`` requests, about ``malformed`` of them spoiled."""
    spoiler = random.Random(seed + 1_000_003)
    for record in generate(n, seed, year):
        if malformed and spoiler.random() < malformed:
            yield _spoil(record, spoiler)
        else:
            yield json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def main(argv: list[str] | None = None) -> None:
    """Write the requested number of records."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--malformed", type=float, default=0.0, help="share of spoiled lines")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        for line in lines(args.n, args.seed, args.year, args.malformed):
            out.write(line + "\n")
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
