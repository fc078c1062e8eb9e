"""Loads waiver files: accepted exceptions with a justification, an approver and an expiry."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from safeguards.engine.errors import InputError, WaiverError, raise_if_any
from safeguards.engine.io.filekind import refuse_log, refuse_other_kind
from safeguards.engine.io.validation import dates_as_text, validate
from safeguards.engine.io.yamlsrc import load_yaml, read_text
from safeguards.engine.models import Waiver


def load_waivers(path: Path | str) -> list[Waiver]:
    """Load one waiver file.

    Raises:
        InputErrors: every problem in the file, sorted by line and column.

    """
    refuse_log(path, "waivers", WaiverError)
    text = read_text(Path(path), WaiverError)
    doc = load_yaml(Path(path), WaiverError, text)
    refuse_other_kind(doc, "waivers", WaiverError)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    problems: list[InputError] = validate(doc, "waivers.schema.json", WaiverError)
    if not problems:
        text_keys = ("safeguard", "subject", "justification", "approver")
        paths = [
            path
            for i, raw in enumerate(doc.data["waivers"])
            for path in (
                *(("waivers", i, k) for k in text_keys),
                *(("waivers", i, "requests", j) for j in range(len(raw.get("requests", ())))),
            )
        ]
        problems += dates_as_text(doc, paths, WaiverError)
    raise_if_any(problems)
    out: list[Waiver] = []
    for i, raw in enumerate(doc.data["waivers"]):
        granted = dt.date.fromisoformat(str(raw["granted"]))
        expires = dt.date.fromisoformat(str(raw["expires"]))
        if expires < granted:
            problems.append(
                WaiverError(doc.locate(("waivers", i, "expires")), "expires before it is granted")
            )
            continue
        out.append(
            Waiver(
                safeguard=raw["safeguard"],
                subject=raw["subject"],
                justification=raw["justification"].strip(),
                approver=raw["approver"].strip(),
                granted=granted,
                expires=expires,
                requests=tuple(raw.get("requests", ())),
                path=str(path),
                sha256=digest,
                line=doc.locate(("waivers", i)).line,
                column=doc.locate(("waivers", i)).column,
            )
        )
    raise_if_any(problems)
    return out
