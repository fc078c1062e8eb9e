"""A hand-written plain-Python implementation of the request checks, the benchmark baseline.

It reads the same derived values as the engine and returns the same statuses (Kleene logic:
None is unknown), written the way a developer would without the engine: direct ``if``s.
"""

from __future__ import annotations

from typing import Any

MET, PARTIAL, GAP, UND, NA = "met", "partial", "gap", "undetermined", "not_applicable"
JUDGES = {"judge", "court", "investigating_judge"}


def _and(*xs: bool | None) -> bool | None:
    if False in xs:
        return False
    return None if None in xs else True


def _or(*xs: bool | None) -> bool | None:
    if True in xs:
        return True
    return None if None in xs else False


def _eq(v: dict[str, Any], key: str, lit: Any) -> bool | None:
    x = v.get(key)
    return None if x is None else x == lit


def _in(v: dict[str, Any], key: str, lits: set[str]) -> bool | None:
    x = v.get(key)
    return None if x is None else x in lits


def _has(v: dict[str, Any], key: str, lit: str) -> bool | None:
    x = v.get(key)
    return None if x is None else lit in x


def _any(v: dict[str, Any], key: str, lits: set[str]) -> bool | None:
    x = v.get(key)
    return None if x is None else not lits.isdisjoint(x)


def _le(v: dict[str, Any], key: str, lit: float) -> bool | None:
    x = v.get(key)
    return None if x is None else x <= lit


def _status(applies: bool | None, req: bool | None, part: bool | str | None = "-") -> str:
    if applies is None:
        return UND
    if applies is False:
        return NA
    if req is None:
        return UND
    if req:
        return MET
    if part == "-":
        return GAP
    return UND if part is None else PARTIAL if part else GAP


def statuses(v: dict[str, Any]) -> tuple[str, ...]:
    """Return the statuses of the request checks, in safeguard id order."""
    acted, produced = _eq(v, "derived.acted", True), _eq(v, "derived.produced", True)
    refused = _eq(v, "derived.refused", True)
    foreign = _eq(v, "derived.domestic", False)
    bio_present = _eq(v, "biometric_order.present", True)
    bio_before = _eq(v, "derived.biometric_order_before_processing", True)
    bio = _status(
        _any(v, "derived.sensitivity", {"biometric", "special_category", "children"}),
        _or(
            refused,
            _and(
                bio_present,
                _in(v, "biometric_order.issuer_type", JUDGES),
                bio_before,
                _eq(v, "derived.biometric_order_same_reference", False),
            ),
        ),
        _and(bio_present, _eq(v, "derived.biometric_order_before_processing", False)),
    )
    dpa = _eq(v, "cross_border.data_protection_assessment.performed", True)
    inc01 = _status(
        _and(foreign, produced),
        _and(
            dpa,
            _or(
                _eq(v, "cross_border.data_protection_assessment.conflict_found", False),
                _has(v, "outcome.pushback", "challenged_in_court"),
            ),
            _or(
                v.get("cross_border.data_protection_assessment.performed_at") is None,
                _eq(v, "derived.assessment_before_processing", True),
            ),
        ),
        _and(dpa, _eq(v, "derived.assessment_before_processing", False)),
    )
    disposition = v.get("outcome.disposition")
    inc02 = _status(
        None if disposition is None else disposition not in {"withdrawn", "redirected_to_customer"},
        _eq(v, "derived.within_deadline", True),
    )
    channel = v.get("cross_border.channel")
    emergency = _eq(v, "emergency.flag", True)
    jur = _status(
        _and(foreign, acted),
        _and(
            None if channel is None else channel != "direct_domestic",
            _or(
                _and(emergency, _eq(v, "derived.channel_accepted_for_emergency", True)),
                _and(_eq(v, "emergency.flag", False), _eq(v, "derived.channel_accepted", True)),
            ),
            _or(
                None if channel is None else channel != "eu_e_evidence",
                _and(
                    _eq(v, "derived.authority_bound_by_e_evidence", True),
                    _eq(v, "derived.provider_bound_by_e_evidence", True),
                    _or(
                        _eq(v, "derived.non_content_only", True),
                        v.get("cross_border.enforcing_authority_notified_at") is not None,
                        _eq(v, "derived.residence_in_issuing_state", True),
                    ),
                ),
            ),
        ),
    )
    not_disclosed = _and(_eq(v, "preservation.disclosed_before_follow_up", False))
    pre01 = _status(
        _eq(v, "legal_process.request_kind", "preservation"),
        _and(
            _le(v, "derived.preservation_hours", 24),
            v.get("preservation.expires_at") is not None,
            _le(v, "derived.preservation_days", 180),
            not_disclosed,
        ),
        _and(
            v.get("preservation.expires_at") is not None,
            _le(v, "derived.preservation_days", 180),
            not_disclosed,
        ),
    )
    lawful = _in(v, "confidentiality.type", {"court_order", "statutory"})
    honoured = _or(
        v.get("notice.sent_at") is None,
        _eq(v, "derived.notice_after_order_start", False),
        _eq(v, "derived.notice_before_order_end", False),
    )
    gagged = _and(_eq(v, "confidentiality.present", True), lawful)
    pre03 = _status(_and(_eq(v, "legal_process.request_kind", "preservation"), gagged), honoured)
    rti03 = _status(
        _and(
            _in(v, "legal_process.request_kind", {"real_time_collection", "interception"}),
            gagged,
        ),
        honoured,
    )
    has_basis = v.get("confidentiality.legal_basis") is not None
    tra15 = _status(
        _eq(v, "confidentiality.present", True),
        _and(
            lawful,
            has_basis,
            v.get("confidentiality.expires_at") is not None,
            _le(v, "derived.confidentiality_days", 180),
        ),
        _and(lawful, has_basis),
    )
    accepted = _eq(v, "derived.real_time_basis_accepted", True)
    judge = _in(v, "authorization.issuer_type", JUDGES)
    basis = v.get("real_time.basis_kind")
    rti = _status(
        _eq(v, "legal_process.access_mode", "real_time"),
        _or(
            refused,
            _and(
                accepted,
                _or(
                    _eq(v, "derived.domestic", True),
                    None if basis is None else basis != "domestic_law",
                ),
                judge,
                v.get("real_time.authorized_until") is not None,
                _le(v, "derived.real_time_days", 30),
            ),
        ),
        _and(accepted, judge),
    )
    kind = v.get("legal_process.request_kind")
    saf01 = _status(
        _and(
            acted,
            None if kind is None else kind != "preservation",
            _or(
                _any(v, "derived.tiers", {"traffic", "content"}),
                _any(v, "derived.sensitivity", {"location", "real_time", "biometric"}),
            ),
        ),
        _or(
            _in(v, "authorization.issuer_type", JUDGES | {"independent_authority"}),
            _and(emergency, _eq(v, "emergency.imminent_risk", True)),
        ),
    )
    cited = v.get("legal_basis.citation") is not None
    offence = v.get("offence.category")
    saf02 = _status(
        True,
        _or(
            refused,
            _and(
                cited,
                _eq(v, "legal_basis.grounds_stated", True),
                None if offence is None else offence != "not_stated",
            ),
        ),
        _and(cited, _eq(v, "legal_basis.grounds_stated", False)),
    )
    count = v.get("targets.identifiers_count")
    saf03 = _status(
        acted,
        _and(
            _eq(v, "targets.bulk", False),
            None if count is None else count >= 1,
            _eq(v, "derived.within_account_limit", True),
        ),
        _and(_eq(v, "targets.bulk", True), _has(v, "outcome.pushback", "narrowed")),
    )
    window = _and(v.get("scope.date_from") is not None, v.get("scope.date_to") is not None)
    saf04 = _status(
        _and(acted, _any(v, "derived.tiers", {"traffic", "content"})),
        _and(window, _le(v, "derived.date_range_days", 366)),
        window,
    )
    saf11 = _status(
        produced,
        _or(
            _eq(v, "derived.process_sufficient", True),
            _and(_eq(v, "legal_process.type", "eu_production_order"), judge),
        ),
    )
    saf12 = _status(
        produced,
        _and(
            _eq(v, "derived.produced_within_requested", True),
            _eq(v, "derived.produced_within_authorized", True),
        ),
    )
    escalated = v.get("review.escalated_to") is not None
    roles = v.get("derived.approver_roles")
    saf13 = _status(
        _and(
            acted,
            _or(
                _any(
                    v,
                    "derived.sensitivity",
                    {
                        "content",
                        "location",
                        "biometric",
                        "real_time",
                        "bulk",
                        "special_category",
                        "children",
                    },
                ),
                foreign,
            ),
        ),
        _and(escalated, None if roles is None else roles >= 2),
        escalated,
    )
    justified = _and(
        _eq(v, "emergency.imminent_risk", True),
        v.get("emergency.justification") is not None,
        v.get("emergency.approved_by") is not None,
    )
    saf14 = _status(
        _and(emergency, produced),
        _and(
            justified,
            _or(
                _eq(v, "emergency.followup_required", False),
                v.get("emergency.followup_request_id") is not None,
                _eq(v, "derived.followup_not_yet_due", True),
            ),
        ),
        justified,
    )
    status = v.get("notice.status")
    tra11 = _status(
        produced,
        _or(
            _in(v, "notice.status", {"sent", "handled_by_authority"}),
            _and(
                _in(v, "notice.status", {"deferred", "prohibited", "not_possible"}),
                v.get("notice.exception_reason") is not None,
            ),
        ),
    )
    tra12 = _status(
        None if status is None else status in {"deferred", "prohibited"},
        _or(v.get("notice.sent_at") is not None, _eq(v, "derived.notice_within_grace", True)),
    )
    return (
        bio,
        inc01,
        inc02,
        jur,
        pre01,
        pre03,
        rti,
        rti03,
        saf01,
        saf02,
        saf03,
        saf04,
        saf11,
        saf12,
        saf13,
        saf14,
        tra11,
        tra12,
        tra15,
    )
