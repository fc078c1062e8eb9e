"""safeguards engine: load a catalog and subjects, evaluate them, build gap reports.

The library API is what ``__all__`` names; everything else is internal and may change.
See ``docs/api.md`` for a runnable example.
"""

from __future__ import annotations

from engine.api import check
from engine.audit.accumulate import Period
from engine.audit.logs import audit_logs as audit
from engine.audit.transparency import compute_tables as transparency
from engine.catalog import Catalog, load_catalog
from engine.compare import build_matrix as matrix
from engine.compare import diff, facts_from_report
from engine.models import Finding, Report, Severity, Status, Subject
from engine.models.audit import AuditSummary
from engine.models.compare import Diff, Matrix
from engine.models.transparency import TransparencyReport
from engine.subjects.load import load_subject
from engine.version import __version__

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
