"""The facts every request is judged with: the workflow's policy over the defaults, the audit date.

`audit` and `transparency` judge each record of a log with them; `check` of a ``kind: request``
file judges it with the same ones (the defaults, on the audit date), so that both front doors
give a request the same findings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguards.engine.catalog import Catalog
from safeguards.engine.errors import InputErrors, SourceLocation, SubjectError
from safeguards.engine.logic.evaluate import Options, answers_in_force
from safeguards.engine.models import Subject


def policy_values(catalog: Catalog, workflow: Subject | None, as_of: dt.date) -> dict[str, Any]:
    """Return the policy facts requests are audited against: the defaults, then the workflow's.

    Raises:
        InputErrors: the workflow is not a ``kind: workflow`` subject.

    """
    values = dict(catalog.tables.get("policy_defaults", {}))
    if workflow is not None:
        if workflow.kind != "workflow":
            where = SourceLocation(workflow.path, 1, 1)
            msg = f"--workflow needs a kind: workflow file, not kind: {workflow.kind}"
            raise InputErrors([SubjectError(where, msg)])
        answers = answers_in_force(workflow, Options(as_of=as_of))
        values.update({k: a.value for k, a in answers.items() if k.startswith("policy.")})
    return values


def context_values(catalog: Catalog, workflow: Subject | None, as_of: dt.date) -> dict[str, Any]:
    """Return the facts every record of an audit shares: the policy and the audit date."""
    values = policy_values(catalog, workflow, as_of)
    values["audit.as_of"] = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)
    return values
