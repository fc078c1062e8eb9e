"""The derived facts and the checks of request logs, fused into one generated function.

The derivations (:mod:`safeguards.engine.logic.derivegen`) keep every fact they read or derive
in a local variable; the checks (:mod:`safeguards.engine.logic.codegen`) written after them in
the same function read their facts from those locals (a fact no derivation needs is looked up
once, before the first check that reads it), instead of one ``v.get`` per leaf in a function
per check. The values ``v`` still receive every derived fact: explanations and the log's
aggregates read them there. The result is that of ``derive`` followed by ``evaluate``: a unit
test holds the two equal on generated records.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from safeguards.engine.catalog import CompiledCheck
from safeguards.engine.catalog.derive import Tables
from safeguards.engine.logic.codegen import STATUS_NAMES, CheckSource, decide_lines
from safeguards.engine.logic.derivegen import derive_source
from safeguards.engine.models import FactSpec, Status

DeriveDecide = Callable[[dict[str, Any]], tuple[Status, ...]]
"""``f(values)``: derive every fact into ``values``, then return each check's status, in order."""


def compile_derive_decide(
    order: Sequence[FactSpec], tables: Tables, checks: Sequence[CompiledCheck]
) -> DeriveDecide:
    """Compile the derivations of ``order`` and the ``checks`` into one function.

    Args:
        order: the derived facts of one subject kind, in the order they are derived.
        tables: the catalog's lookup tables.
        checks: the compiled checks of that kind (their trees are already validated).

    Returns:
        ``f(values)``, which updates ``values`` as ``compile_derivations_source`` does and
        returns what ``compile_checks`` returns for the updated values.

    """
    body = derive_source(order, tables)
    checks_src = CheckSource(fact=body.read)
    after: list[str] = []
    for i, check in enumerate(checks):
        block = decide_lines(checks_src, check, f"s{i}", 1)
        after += [*body.read.take(), *block]
    statuses = "".join(f"s{i}, " for i in range(len(checks)))
    after.append(f"    return ({statuses})")
    body.constants.update(STATUS_NAMES)
    body.constants.update(checks_src.constants)
    function: DeriveDecide = body.compile("derive_decide", after, "<safeguards derive and decide>")
    return function
