"""JSON report, following engine/schemas/report.schema.json."""

from __future__ import annotations

from typing import ClassVar

from safeguards.engine.models import Report
from safeguards.reports.base import Renderer, json_text
from safeguards.reports.rollup import requested, rollup, rollup_data


class JsonReport(Renderer):
    """The whole report as JSON: the contract other tools read."""

    name: ClassVar[str] = "json"
    suffix: ClassVar[str] = ".json"
    description: ClassVar[str] = "machine-readable report (engine/schemas/report.schema.json)"

    def render(self, report: Report) -> str:
        """Return the report as indented JSON, keys in model order."""
        data = report.model_dump(mode="json")
        by = requested(report)
        if by is not None:
            data["options"]["rollup"] = rollup_data(rollup(report, by))
        return json_text(data)
