"""JSON report, following engine/schemas/report.schema.json."""

from __future__ import annotations

from typing import Any, ClassVar

from safeguards.engine.models import Report
from safeguards.reports.base import JsonRenderer
from safeguards.reports.rollup import requested, rollup, rollup_data


class JsonReport(JsonRenderer):
    """The whole report as JSON: the contract other tools read."""

    name: ClassVar[str] = "json"
    suffix: ClassVar[str] = ".json"
    description: ClassVar[str] = "machine-readable report (engine/schemas/report.schema.json)"

    def document(self, report: Report) -> dict[str, Any]:
        """Return the report's data, keys in model order."""
        data = report.model_dump(mode="json")
        by = requested(report)
        if by is not None:
            data["options"]["rollup"] = rollup_data(rollup(report, by))
        return data
