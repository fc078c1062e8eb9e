"""safeguards engine: load a catalog and subjects, evaluate them, build gap reports.

The library API is what ``__all__`` names; everything else is internal and may change.
See ``docs/api.md`` for a runnable example.

The names are loaded on first use, so that importing one part of the engine (the command line
importing the catalog for ``rules list``, say) does not import the whole library. ``audit`` is
the function :func:`safeguards.engine.audit.logs.audit_logs`, never the subpackage of the same
name; import the subpackage's modules by their full names.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from safeguards.engine.version import __version__

if TYPE_CHECKING:  # the same names, eagerly, for type checkers and readers
    from safeguards.engine.api import check
    from safeguards.engine.audit.accumulate import Period
    from safeguards.engine.audit.database import Selection
    from safeguards.engine.audit.logs import audit_logs as audit
    from safeguards.engine.audit.transparency import compute_tables as transparency
    from safeguards.engine.catalog import Catalog, load_catalog
    from safeguards.engine.compare import build_matrix as matrix
    from safeguards.engine.compare import diff, facts_from_report, kind_clashes
    from safeguards.engine.models import Finding, Report, Severity, Status, Subject
    from safeguards.engine.models.audit import AuditSummary
    from safeguards.engine.models.compare import Diff, Matrix
    from safeguards.engine.models.transparency import TransparencyReport
    from safeguards.engine.subjects.load import load_subject

_WHERE: dict[str, tuple[str, str]] = {
    "AuditSummary": ("safeguards.engine.models.audit", "AuditSummary"),
    "Catalog": ("safeguards.engine.catalog", "Catalog"),
    "Diff": ("safeguards.engine.models.compare", "Diff"),
    "Finding": ("safeguards.engine.models", "Finding"),
    "Matrix": ("safeguards.engine.models.compare", "Matrix"),
    "Period": ("safeguards.engine.audit.accumulate", "Period"),
    "Report": ("safeguards.engine.models", "Report"),
    "Selection": ("safeguards.engine.audit.database", "Selection"),
    "Severity": ("safeguards.engine.models", "Severity"),
    "Status": ("safeguards.engine.models", "Status"),
    "Subject": ("safeguards.engine.models", "Subject"),
    "TransparencyReport": ("safeguards.engine.models.transparency", "TransparencyReport"),
    "audit": ("safeguards.engine.audit.logs", "audit_logs"),
    "check": ("safeguards.engine.api", "check"),
    "diff": ("safeguards.engine.compare", "diff"),
    "facts_from_report": ("safeguards.engine.compare", "facts_from_report"),
    "kind_clashes": ("safeguards.engine.compare", "kind_clashes"),
    "load_catalog": ("safeguards.engine.catalog", "load_catalog"),
    "load_subject": ("safeguards.engine.subjects.load", "load_subject"),
    "matrix": ("safeguards.engine.compare", "build_matrix"),
    "transparency": ("safeguards.engine.audit.transparency", "compute_tables"),
}
"""Where each public name is defined: (module, name there)."""

__all__ = [
    "AuditSummary",
    "Catalog",
    "Diff",
    "Finding",
    "Matrix",
    "Period",
    "Report",
    "Selection",
    "Severity",
    "Status",
    "Subject",
    "TransparencyReport",
    "__version__",
    "audit",
    "check",
    "diff",
    "facts_from_report",
    "kind_clashes",
    "load_catalog",
    "load_subject",
    "matrix",
    "transparency",
]
"""The public API: the names of :data:`_WHERE` and the version."""


def _load(name: str) -> Any:
    module, attribute = _WHERE[name]
    return getattr(importlib.import_module(module), attribute)


def __getattr__(name: str) -> Any:
    """Load a public name on first use (PEP 562) and keep it."""
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = _load(name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


class _Package(types.ModuleType):
    """The package's module type: ``audit`` stays the function once the subpackage loads.

    Importing ``safeguards.engine.audit.…`` binds the subpackage to the attribute ``audit`` of
    this package; that binding is dropped here, so the public name keeps its meaning.
    """

    @property
    def audit(self) -> Any:
        return _load("audit")

    @audit.setter
    def audit(self, value: Any) -> None:
        pass


sys.modules[__name__].__class__ = _Package
