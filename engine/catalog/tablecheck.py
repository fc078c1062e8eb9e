"""The rows of the lookup tables, checked against the facts they give their values to.

A table's schema only says that a row holds text, a number, a boolean or a list. What a row
may hold is the type of the fact it ends up in: a ``lookup`` derived fact takes a row of its
table as its value (a list fact: one of its values, or a list of them), and the policy
defaults (``policy_defaults``) stand for answers of the workflow facts they name, until a
workflow gives its own. A row that does not fit would make every audit fail on the first
record that reaches it, so it is refused at load, where it stands.
"""

from __future__ import annotations

from typing import Any

from safeguards.engine.catalog.facttypes import coerce
from safeguards.engine.errors import CatalogError, InputError
from safeguards.engine.io.yamlsrc import YamlDoc
from safeguards.engine.models import FactsCatalog, FactSpec, FactType

POLICY_DEFAULTS = "policy_defaults"
"""The table of the policy every audit starts from: rows named by workflow facts."""


def table_problems(docs: dict[str, YamlDoc], facts: dict[str, FactsCatalog]) -> list[InputError]:
    """Return a located error for every table row that does not fit the fact it is read as."""
    problems: list[InputError] = []
    for catalog in facts.values():
        for spec in catalog.facts.values():
            d = spec.derive
            if d is None or d.op != "lookup" or d.table not in docs:
                continue
            doc = docs[d.table]
            for key, value in doc.data["rows"].items():
                _, why = coerce(spec, [value] if _single(spec, value) else value)
                if why is not None:
                    msg = (
                        f"row '{key}' cannot be the value of '{spec.key}', which looks it up: {why}"
                    )
                    problems.append(CatalogError(doc.locate(("rows", key)), msg))
    defaults = docs.get(POLICY_DEFAULTS)
    workflow = facts.get("workflow")
    if defaults is not None and workflow is not None:
        for key, value in defaults.data["rows"].items():
            answered = workflow.facts.get(key)
            where = defaults.locate(("rows", key))
            if answered is None or answered.derive is not None:
                msg = f"'{key}' is no workflow fact (facts/workflow.yaml), which a default answers"
                problems.append(CatalogError(where, msg))
                continue
            _, why = coerce(answered, value)
            if why is not None:
                problems.append(CatalogError(where, f"the policy default {why}"))
    return problems


def _single(spec: FactSpec, value: Any) -> bool:
    """Whether a row gives a list fact one of its values alone (a text), not a list of them."""
    return spec.type is FactType.LIST and isinstance(value, str)
