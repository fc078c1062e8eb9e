"""Pydantic models of the catalog, subjects, findings and reports.

Every value that crosses a package boundary is one of these; renderers import nothing else.

The modules that define models do without ``from __future__ import annotations``: with it,
pydantic reads each field's type from its text (a compile per annotation) whenever a command
builds the models, which costs every command about 1 % of its start.
"""

from __future__ import annotations

from safeguards.engine.models.catalog import (
    Check,
    Derivation,
    FactGroup,
    FactsCatalog,
    FactSpec,
    FactType,
    Reference,
    Safeguard,
    SeedRef,
)
from safeguards.engine.models.core import (
    FALLS_SHORT,
    NEEDS_ACTION,
    NOT_MET,
    STATUS_ORDER,
    Frozen,
    Severity,
    Status,
    Value,
    by_value,
    tally,
)
from safeguards.engine.models.report import (
    REPORT_VERSION,
    CatalogInfo,
    DecisiveFact,
    Finding,
    MissingFact,
    Report,
    SafeguardInfo,
    SubjectInfo,
    ToolInfo,
    WaiverNote,
    WaiverRef,
    WaiverState,
)
from safeguards.engine.models.subject import (
    BASIS_RANK,
    Answer,
    Basis,
    Source,
    Subject,
    Unanswered,
    Waiver,
    unanswered,
)

__all__ = [
    "BASIS_RANK",
    "FALLS_SHORT",
    "NEEDS_ACTION",
    "NOT_MET",
    "REPORT_VERSION",
    "STATUS_ORDER",
    "Answer",
    "Basis",
    "CatalogInfo",
    "Check",
    "DecisiveFact",
    "Derivation",
    "FactGroup",
    "FactSpec",
    "FactType",
    "FactsCatalog",
    "Finding",
    "Frozen",
    "MissingFact",
    "Reference",
    "Report",
    "Safeguard",
    "SafeguardInfo",
    "SeedRef",
    "Severity",
    "Source",
    "Status",
    "Subject",
    "SubjectInfo",
    "ToolInfo",
    "Unanswered",
    "Value",
    "Waiver",
    "WaiverNote",
    "WaiverRef",
    "WaiverState",
    "by_value",
    "tally",
    "unanswered",
]
