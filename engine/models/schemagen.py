"""Writes engine/schemas/report.schema.json from the Report model (run: make schemas)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from safeguards.engine.models import REPORT_VERSION, Report

TARGET = Path(__file__).parents[1] / "schemas" / "report.schema.json"


def report_schema() -> dict[str, Any]:
    """Return the JSON Schema of the JSON report, versioned with the report format."""
    schema = Report.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://safeguards.invalid/schemas/report-{REPORT_VERSION}.schema.json",
        "title": f"safeguards report, version {REPORT_VERSION}",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def render() -> str:
    """Return the schema file's text."""
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
