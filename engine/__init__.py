"""safeguards engine: load a catalog and subjects, evaluate them, build gap reports.

The library API is what ``__all__`` names; everything else is internal and may change.
See ``docs/api.md`` for a runnable example.
"""

from __future__ import annotations

from safeguards.engine.api import check
from safeguards.engine.audit.accumulate import Period
from safeguards.engine.audit.logs import audit_logs as audit
from safeguards.engine.audit.transparency import compute_tables as transparency
from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.compare import build_matrix as matrix
from safeguards.engine.compare import diff, facts_from_report
from safeguards.engine.models import Finding, Report, Severity, Status, Subject
from safeguards.engine.models.audit import AuditSummary
from safeguards.engine.models.compare import Diff, Matrix
from safeguards.engine.models.transparency import TransparencyReport
from safeguards.engine.subjects.load import load_subject
from safeguards.engine.version import __version__

__all__ = [
    "AuditSummary",
    "Catalog",
    "Diff",
    "Finding",
    "Matrix",
    "Period",
    "Report",
    "Severity",
    "Status",
    "Subject",
    "TransparencyReport",
    "__version__",
    "audit",
    "check",
    "diff",
    "facts_from_report",
    "load_catalog",
    "load_subject",
    "matrix",
    "transparency",
]
