"""Sets one answer of a profile in place, keeping every comment and every other byte of the file.

The edit is validated before anything is written: the value against the fact's declared type,
then the whole edited profile as ``safeguards check`` would load it, and finally every other
answer is compared with the original so that a slip of the splice can never change them. The
file is replaced atomically.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from safeguards.engine.catalog import Catalog
from safeguards.engine.catalog.facttypes import coerce
from safeguards.engine.errors import (
    InputErrors,
    SafeguardsError,
    SubjectError,
    UsageError,
    did_you_mean,
)
from safeguards.engine.io.lock import editing
from safeguards.engine.io.output import write_atomic
from safeguards.engine.io.validation import validate
from safeguards.engine.io.yamledit import LayoutError
from safeguards.engine.io.yamlscalars import MAX_DIGITS
from safeguards.engine.io.yamlsrc import load_yaml
from safeguards.engine.lawyer.splice import Change, Conflict, apply, last_open
from safeguards.engine.models import Answer, FactsCatalog, FactSpec, FactType
from safeguards.engine.subjects.load import load_subject, parse_facts


def parse_value(spec: FactSpec, raw: str) -> tuple[Any, str | None]:
    """Read a value typed on the command line as the fact's type; return it or a problem."""
    text = raw.strip()
    value: Any = text
    match spec.type:
        case FactType.BOOL:
            words = {"true": True, "yes": True, "y": True, "false": False, "no": False, "n": False}
            value = words.get(text.lower(), text)
        case FactType.INT | FactType.NUMBER:
            try:
                value = int(text) if text.lstrip("+-").isdigit() else float(text)
            except ValueError:
                value = text
        case FactType.LIST:
            inner = text[1:-1] if text.startswith("[") and text.endswith("]") else text
            value = [p.strip().strip("'\"") for p in inner.split(",") if p.strip()]
        case _:
            pass
    value, problem = coerce(spec, value)
    if problem is None and (problem := _too_large(spec, value)):
        return None, problem
    return value, problem


def kept_citation(history: tuple[Answer, ...], change: Change) -> Answer | None:
    """Return the answer whose citation (and note) a new value keeps, if any.

    An undated ``set`` without ``--source-*`` edits the value only: the answer's source and note
    stay, though they were given for the old value. The caller says so, so that the user can
    cite the text that gives the new value (or confirm that the same text does).
    """
    if change.source or change.dated or not history:
        return None
    at = 0 if len(history) == 1 else last_open(history)  # the answer the edit changes
    old = None if at is None else history[at]
    if old is None or old.source is None or old.value == change.value:
        return None
    return old


def _too_large(spec: FactSpec, value: Any) -> str | None:
    """Refuse a whole number the profile's YAML reader would refuse once written."""
    whole = isinstance(value, int) and not isinstance(value, bool)
    if whole and len(str(abs(value))) > MAX_DIGITS:
        return f"'{spec.key}': number too large: more than {MAX_DIGITS} digits"
    return None


def set_answer(path: Path, catalog: Catalog, change: Change) -> tuple[str, str]:
    """Set one answer of a profile file in place; return the old and the new text.

    Args:
        path: the profile (it must load without error before the edit).
        catalog: the catalog whose facts the profile answers.
        change: the answer to write.

    Raises:
        InputErrors: the profile does not load, or would not load after the edit.
        UsageError: the value does not fit the fact, the fact is unknown or derived, or the
            dates conflict with the answers already given.

    """
    with editing(path):
        subject = load_subject(path, catalog)
        raw = path.read_bytes()
        bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
        old = raw.decode("utf-8-sig")
        # the new text's parse is kept in the cache: the next command (check) finds it there
        new, _ = edit_answers(path, old, catalog.facts[subject.kind], change, keep=True)
        write_atomic(path, bom + new.encode("utf-8"), may_replace_input=True)
    return old, new


Answers = dict[str, tuple[Answer, ...]]
"""A profile's answers, by fact (see :func:`answers_of`)."""


def edit_answers(
    path: Path,
    text: str,
    facts: FactsCatalog,
    change: Change,
    before: Answers | None = None,
    *,
    keep: bool = False,
) -> tuple[str, Answers]:
    """Return a profile's text with one answer set, and the answers it then holds.

    The edit is checked as :func:`set_answer` describes.

    ``before``: the answers of ``text``, when the caller has them (``init``, which edits its
    profile answer after answer): the text is then not parsed again for them. ``keep``: keep
    the new text's parse in the user's cache (:mod:`safeguards.engine.io.yamlcache`), where
    the next command that reads the profile finds it.
    """
    spec = require_fact(facts, change.fact, path)
    if change.value is not None:
        _, problem = coerce(spec, change.value)
        if problem or (problem := _too_large(spec, change.value)):
            raise UsageError(problem)
    if before is None:
        before = answers_of(path, text, facts, "")
    try:
        new = apply(text, before.get(change.fact, ()), change)
    except (Conflict, LayoutError) as exc:  # at the answer in the way, or the part not edited
        place = f"{path}:{exc.line}:{exc.column}" if exc.line else str(path)
        raise UsageError(f"{place}: {exc}") from None
    except UsageError as exc:
        raise UsageError(f"{path}: {exc}") from None
    try:
        after = answers_of(path, new, facts, cached=keep)
    except InputErrors as exc:  # the splice met a layout it does not handle: write nothing
        problem = exc.errors[0].message
        msg = f"{path}: cannot set '{change.fact}' in this layout ({problem}); file left unchanged"
        raise UsageError(msg) from None
    _verify(before, after, change)
    return new, after


def require_fact(facts: FactsCatalog, fact: str, path: Path) -> FactSpec:
    """Return a fact's spec, or raise ``UsageError`` for unknown and derived facts."""
    spec = facts.facts.get(fact)
    if spec is None:
        hint = did_you_mean(fact, list(facts.facts))
        raise UsageError(f"{path}: unknown {facts.kind} fact '{fact}'{hint}")
    if spec.derive is not None:
        raise UsageError(f"'{fact}' is derived by the engine ({spec.derive.op}); answer its inputs")
    return spec


def answers_of(
    path: Path, text: str, facts: FactsCatalog, prefix: str = "", *, cached: bool = False
) -> Answers:
    """Parse a profile's text and return its answers, or raise ``InputErrors``.

    Args:
        path: the file the text belongs to (for error locations).
        text: the profile's text.
        facts: the facts catalog of the profile's kind.
        prefix: put before each error message (e.g. what the edit was).
        cached: read the parse from the user's cache, and keep it there.

    """
    doc = load_yaml(path, SubjectError, text=text, cached=cached)
    problems = validate(doc, "subject.schema.json", SubjectError, cached=cached)
    if not problems:
        answers, problems = parse_facts(
            doc.data["facts"] or {}, facts, lambda p, k: doc.locate(p, key=k), ("facts",)
        )
    if problems:
        raise InputErrors([SubjectError(e.location, prefix + e.message) for e in problems])
    return answers


def _same(a: tuple[Answer, ...], b: tuple[Answer, ...]) -> bool:
    drop = {"line", "column"}
    return [x.model_dump(exclude=drop) for x in a] == [x.model_dump(exclude=drop) for x in b]


def _verify(
    before: Mapping[str, tuple[Answer, ...]],
    after: Mapping[str, tuple[Answer, ...]],
    change: Change,
) -> None:
    """Refuse to write unless exactly the intended answer changed (a guard against bugs)."""
    others = set(before) | set(after)
    others.discard(change.fact)
    changed = sorted(k for k in others if not _same(before.get(k, ()), after.get(k, ())))
    new = after.get(change.fact, ())
    target = [a for a in new if a.effective_until is None]
    if change.dated:
        period = (change.effective_from, change.effective_until)
        target = [a for a in new if (a.effective_from, a.effective_until) == period]
    wanted = dict(change.source)
    done = [
        a
        for a in target
        if a.value == change.value
        and all(getattr(a.source, k, None) == v for k, v in wanted.items())
    ]
    if done and change.dated:  # the answers already given stay, only their open ends may move
        drop = {"line", "column", "effective_from", "effective_until"}
        kept = [a.model_dump(exclude=drop) for a in new if a is not done[0]]
        if kept != [a.model_dump(exclude=drop) for a in before.get(change.fact, ())]:
            changed.append(change.fact)
    ok = not changed and (bool(done) if change.value is not None else not new)
    if not ok:
        where = ", ".join(changed) or change.fact
        msg = f"internal error: the edit would also change {where}; file left unchanged"
        raise SafeguardsError(msg)
