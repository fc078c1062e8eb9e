"""Hand mutations: small, behaviour-changing edits that the test suite must notice.

Each mutation replaces one exact snippet of the source (found by its text, wherever the module
lives) with a plausible mistake: an off-by-one at a boundary, a lost unknown, a dropped count.
The suite kills a mutant when some test fails with the edit applied. A surviving mutant is a
behaviour no test pins down.

    python tools/mutants.py            run every mutant, print the kill rate (make mutants)
    python tools/mutants.py --check    only verify that every snippet is still found once
    python tools/mutants.py -k at_most run the mutants whose name contains a word

The run works on a scratch copy of the tracked files, never on the checkout. For speed each
mutant first runs the tests named beside it; if they all pass, the whole suite (browser tests
excepted) runs before the mutant is declared a survivor.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("engine", "reports")


@dataclass(frozen=True)
class Mutant:
    """One edit: where (by its text), what it becomes, and the tests to try first."""

    name: str
    original: str
    mutated: str
    tests: tuple[str, ...] = ()


U = "tests/unit/"
MUTANTS: tuple[Mutant, ...] = (
    # Waivers: the days they are in force, what they may cover, when they warn.
    Mutant(
        "waiver-not-on-expiry-day",
        "not w.granted <= on <= w.expires",
        "not w.granted <= on < w.expires",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "waiver-not-on-granted-day",
        "not w.granted <= on <= w.expires",
        "not w.granted < on <= w.expires",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "undetermined-not-waivable",
        "WAIVABLE = frozenset(NOT_MET)",
        "WAIVABLE = frozenset(NOT_MET[:2])",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "report-expiry-warning-off-by-one",
        "and (w.expires - on).days <= EXPIRY_WARNING_DAYS",
        "and (w.expires - on).days < EXPIRY_WARNING_DAYS",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "lint-expiry-warning-off-by-one",
        "elif (expires - on).days <= EXPIRY_WARNING_DAYS:",
        "elif (expires - on).days < EXPIRY_WARNING_DAYS:",
        (U + "test_boundaries.py", U + "test_waiverlint.py"),
    ),
    Mutant(
        "lint-horizon-off-by-one",
        "        if days > limit:",
        "        if days >= limit:",
        (U + "test_boundaries.py", U + "test_waiverlint.py"),
    ),
    Mutant(
        "lint-expired-on-expiry-day",
        "    elif expires < on:",
        "    elif expires <= on:",
        (U + "test_waiverlint.py", U + "test_boundaries.py"),
    ),
    # Dated answers.
    Mutant(
        "answers-overlap-on-boundary-day",
        "        if start2 <= end1:",
        "        if start2 < end1:",
        (U + "test_boundaries.py", U + "test_bad_input.py"),
    ),
    Mutant(
        "answer-not-in-force-on-last-day",
        "return not (self.effective_until is not None and on > self.effective_until)",
        "return not (self.effective_until is not None and on >= self.effective_until)",
        (U + "test_evaluate.py", "tests/bdd"),
    ),
    Mutant(
        "answer-in-force-before-first-day",
        "if self.effective_from is not None and on < self.effective_from:",
        "if self.effective_from is not None and on < self.effective_from - dt.timedelta(days=1):",
        (U + "test_evaluate.py", "tests/bdd"),
    ),
    # Three-valued logic.
    Mutant(
        "all-unknown-as-true",
        "            return None if unknown else True",
        "            return True",
        (U + "test_predicate.py",),
    ),
    Mutant(
        "any-unknown-as-false",
        "        return None if unknown else False",
        "        return False",
        (U + "test_predicate.py",),
    ),
    Mutant(
        "lte-as-lt",
        "return lambda v: None if (x := v.get(key)) is None else x <= lit",
        "return lambda v: None if (x := v.get(key)) is None else x < lit",
        (U + "test_predicate.py", U + "test_codegen.py"),
    ),
    Mutant(
        "gte-as-gt",
        "return lambda v: None if (x := v.get(key)) is None else x >= lit",
        "return lambda v: None if (x := v.get(key)) is None else x > lit",
        (U + "test_predicate.py", U + "test_codegen.py"),
    ),
    Mutant(
        "unknown-partial-as-gap",
        "    part = check.partial.evaluate(values)\n    if part is None:\n"
        "        return Status.UNDETERMINED",
        "    part = check.partial.evaluate(values)\n    if part is None:\n"
        "        return Status.GAP",
        (U + "test_evaluate.py", U + "test_soundness.py"),
    ),
    Mutant(
        "unknown-applicability-as-not-applicable",
        "        if applies is None:\n            return Status.UNDETERMINED",
        "        if applies is None:\n            return Status.NOT_APPLICABLE",
        (U + "test_evaluate.py", U + "test_soundness.py"),
    ),
    # Derivations: the reference operators and the fused code the audit runs.
    Mutant(
        "at-most-strict",
        "    return all(a <= b for a, b in itertools.pairwise(found))",
        "    return all(a < b for a, b in itertools.pairwise(found))",
        (U + "test_fused_derivations.py",),
    ),
    Mutant(
        "fused-at-most-false-on-equal-dates",
        '"            r = MOMENT(x) <= MOMENT(y)",',
        '"            r = MOMENT(x) < MOMENT(y)",',
        (U + "test_fused_derivations.py",),
    ),
    Mutant(
        "fused-same-value-false-for-unknown",
        '"    r = None if x is None or y is None else x == y"]',
        '"    r = False if x is None or y is None else x == y"]',
        (U + "test_fused_derivations.py",),
    ),
    Mutant(
        "same-value-false-for-unknown",
        "    if any(x is None for x in found):\n        return None\n"
        "    return all(x == found[0] for x in found[1:])",
        "    if any(x is None for x in found):\n        return False\n"
        "    return all(x == found[0] for x in found[1:])",
        (U + "test_fused_derivations.py",),
    ),
    Mutant(
        "hours-rounded-to-whole",
        "    return round((_moment(end) - _moment(start)).total_seconds() / 3600, 6)",
        "    return round((_moment(end) - _moment(start)).total_seconds() / 3600)",
        (U + "test_fused_derivations.py",),
    ),
    Mutant(
        "subset-strict",
        "    return set(items) <= set(pool)",
        "    return set(items) < set(pool)",
        (U + "test_fused_derivations.py",),
    ),
    Mutant(
        "first-known-skips-false",
        "return next((x for name in d.facts if (x := v.get(name)) is not None), None)",
        "return next((x for name in d.facts if (x := v.get(name))), None)",
        (U + "test_fused_derivations.py",),
    ),
    Mutant(
        "select-without-default",
        '    return v.get(f"{d.prefix}.default") if chosen is None else chosen',
        "    return chosen",
        (U + "test_fused_derivations.py",),
    ),
    Mutant(
        "lookup-bool-key-unmapped",
        '        key = "true" if key else "false"\n    if isinstance(key, list):',
        "        pass\n    if isinstance(key, list):",
        (U + "test_fused_derivations.py",),
    ),
    # Answers typed at their bounds.
    Mutant(
        "minimum-exclusive",
        "(lo is not None and raw < lo)",
        "(lo is not None and raw <= lo)",
        (U + "test_facttypes.py", U + "test_bad_input.py"),
    ),
    Mutant(
        "maximum-exclusive",
        "(hi is not None and raw > hi)",
        "(hi is not None and raw >= hi)",
        (U + "test_facttypes.py",),
    ),
    Mutant(
        "min-basis-strict",
        "if basis is not None and basis.rank >= self.min_basis.rank:",
        "if basis is not None and basis.rank > self.min_basis.rank:",
        (U + "test_basis.py",),
    ),
    # Inert output.
    Mutant(
        "csv-formula-after-space-live",
        "    if text.startswith(start) or text.lstrip().startswith(start):",
        "    if text.startswith(start):",
        (U + "test_reports_csv.py", U + "test_transparency.py", U + "test_reports_hostile.py"),
    ),
    Mutant(
        "request-id-breaks-its-line",
        '                lines += self._items(f"{one_line(w.request)} ({where}):", issues)',
        '                lines += self._items(f"{w.request} ({where}):", issues)',
        (U + "test_audit_hostile.py",),
    ),
    Mutant(
        "audit-junit-keeps-bidi",
        "                    reveal_controls(f\"{f.safeguard} [{f.request or 'log'}]\"),",
        "                    f\"{f.safeguard} [{f.request or 'log'}]\",",
        (U + "test_audit_hostile.py",),
    ),
    Mutant(
        "transparency-page-keeps-controls",
        "    return html.escape(reveal_controls(str(value)))",
        "    return html.escape(str(value))",
        (U + "test_audit_hostile.py",),
    ),
    Mutant(
        "explain-page-keeps-controls",
        "click.echo(inert_lines(explain_subject(catalog, safeguard, subject, options)), nl",
        "click.echo(explain_subject(catalog, safeguard, subject, options), nl",
        (U + "test_lawyer_hostile.py",),
    ),
    Mutant(
        "csv-unclosed-quote-read-as-an-id",
        "    reader = csv.reader(chain((first,), lines), delimiter=delimiter, strict=True)",
        "    reader = csv.reader(chain((first,), lines), delimiter=delimiter)",
        (U + "test_audit.py",),
    ),
    Mutant(
        "byte-order-mark-kept",
        "    return chain((first[len(BOM) :] if first.startswith(BOM) else first,), rest)",
        "    return chain((first,), rest)",
        (U + "test_audit.py",),
    ),
    Mutant(
        "config-value-shown-raw",
        '            lines.append(f"    {key}: {inert(shown)}")',
        '            lines.append(f"    {key}: {shown}")',
        (U + "test_config.py",),
    ),
    Mutant(
        "memo-waiver-path-escaped-in-code-span",
        'out += [f"Waiver file {code_span(p)} (sha256',
        'out += [f"Waiver file `{esc(p)}` (sha256',
        (U + "test_reports_hostile.py",),
    ),
    Mutant(
        "invalid-document-remembered-valid",
        "    if key and not problems:",
        "    if key:",
        (U + "test_yamlcache.py",),
    ),
    Mutant(
        "derived-fact-read-from-before-its-derivation",
        "        return self._name(key)\n",
        '        self.count += 1\n        return f"f{self.count}"\n',
        (U + "test_fused_derivations.py",),
    ),
    Mutant(
        "cache-positions-counted-as-entries",
        'if n.endswith((".json", ".valid")) and not n.endswith(_POSITIONS)',
        'if n.endswith((".json", ".valid"))',
        (U + "test_yamlcache.py",),
    ),
    Mutant(
        "cached-positions-of-another-node",
        '        values = {tuple(p): (line, col) for p, line, col in stored["values"]}',
        '        values = {tuple(p[:-1]): (line, col) for p, line, col in stored["values"]}',
        (U + "test_yamlcache.py",),
    ),
    Mutant(
        "chunks-do-not-shrink-near-the-end",
        "        return max(least, min(most, math.ceil(left / (2 * jobs))))",
        "        return most",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "worker-reads-past-its-range",
        "            self.left -= size\n",
        "            self.left -= 1\n",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "linked-one-round-only",
        "        out |= added\n    return out",
        "        out |= added\n        break\n    return out",
        (U + "test_linked_suppression.py", U + "test_transparency.py"),
    ),
    Mutant(
        "audit-record-lines-kept",
        '                    sink(b"".join(lines))\n                lines.clear()',
        '                    sink(b"".join(lines))',
        (U + "test_reference_audit.py",),
    ),
    Mutant(
        "audit-unremembered-pattern-not-counted",
        "                    count_plan(plan, counters, 1)",
        "                    pass",
        (U + "test_reference_audit.py",),
    ),
    Mutant(
        "audit-plan-counts-lost",
        "            count_plan(plan, counters, plan.records)",
        "            pass",
        (U + "test_reference_audit.py",),
    ),
    Mutant(
        "native-int-beyond-64-bits-kept",
        'src.add(at + 1, "return None  # orjson reads it as a float: the usual path decides")',
        'src.add(at + 1, "pass")',
        (U + "test_nativeread.py",),
    ),
    Mutant(
        "native-text-list-not-joined",
        "return spec.type is FactType.BOOL or (spec.type is FactType.ENUM and bool(spec.values))",
        "return spec.type in (FactType.BOOL, FactType.TEXT) or (spec.type is FactType.ENUM)",
        (U + "test_nativeread.py",),
    ),
    Mutant(
        "finding-line-exponent-floats-by-pydantic",
        "        return value == 0.0 or 1e-4 <= abs(value) < 1e16",
        "        return True",
        (U + "test_reference_audit.py",),
    ),
    Mutant(
        "spans-long-line-ending-in-a-block-unchecked",
        "            _check_length(reader, offset + first + 1 - line_start, ended + 1)",
        "            pass",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "blocks-line-across-blocks-of-max-length-overlong",
        "lines[0] = head + first if length <= limit + 1 else OVERLONG",
        "lines[0] = head + first if length <= limit else OVERLONG",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "blocks-lines-before-an-endless-one-lost",
        "                            yield from lines[:i]\n",
        "                            pass\n",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "templated-line-ignores-waivers",
        "not waivers or waiver_for(waivers, subject, kinds[i][0], rid, on) is None",
        "True",
        (U + "test_audit.py", U + "test_reference_audit.py"),
    ),
    Mutant(
        "template-writes-exponent-floats-as-pydantic-does",
        "            if not plain(value):\n                return None",
        "            if False:\n                return None",
        (U + "test_reference_audit.py",),
    ),
    Mutant(
        "explain-memo-key-ignores-applies-when",
        "        parts = (check.applies_when, check.require, check.partial)\n        self.leaves",
        "        parts = (check.require, check.partial)\n        self.leaves",
        (U + "test_evaluate.py", U + "test_reference_audit.py"),
    ),
    Mutant(
        "tracer-every-part-decisive",
        "return Trace(decider, _union(t.decisive for t in traces if t.result is decider), [])",
        "return Trace(decider, _union(t.decisive for t in traces), [])",
        (U + "test_predicate.py",),
    ),
    Mutant(
        "spans-last-line-without-newline-lost",
        "    if offset > line_start:  # a last line without its newline",
        "    if offset > line_start + 1:  # a last line without its newline",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "fused-and-unknown-as-true",
        "(2 if {a} + {b} == 4 else 1)",
        "(2 if {a} + {b} >= 3 else 1)",
        (U + "test_codegen.py",),
    ),
    Mutant(
        "fused-or-unknown-lost",
        "else {a} | {b})",
        "else {a} & {b})",
        (U + "test_codegen.py",),
    ),
    Mutant(
        "database-undecodable-name-raised-bare",
        "    except (sqlite3.Error, UnicodeDecodeError) as exc:\n        # a view that refers",
        "    except sqlite3.Error as exc:\n        # a view that refers",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-authorizer-decode-failure-printed",
        "        elif not isinstance(unraisable.exc_value, UnicodeDecodeError):",
        "        elif True:",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-undecodable-value-stops-the-audit",
        "            if again is None or not _undecodable_value(exc):",
        "            if True:",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-rows-read-again-from-the-start",
        "        while skip:",
        "        while False:",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "yamlcache-seal-not-checked",
        "    if _seal(payload) != seal:",
        "    if False:",
        (U + "test_yamlcache.py",),
    ),
    Mutant(
        "closed-standard-output-left-none",
        "    if sys.stdout is None:\n        sys.stdout = io.TextIOWrapper(",
        "    if False:\n        sys.stdout = io.TextIOWrapper(",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "write-failing-outside-a-command-raised-bare",
        "    except OSError as exc:  # writing help, the version or a note failed",
        "    except ImportError as exc:  # writing help, the version or a note failed",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "database-range-read-again-skips-rows-before-the-range",
        "            cursor = _read_again(again, number - before, path, number)",
        "            cursor = _read_again(again, number, path, number)",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "closed-standard-output-found-only-after-the-other-outputs",
        "            if stream == 1 and streams.closed(sys.stdout):",
        "            if False:",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "table-row-misfit-for-its-lookup-accepted",
        'if d is None or d.op != "lookup" or d.table not in docs:',
        'if d is None or d.op != "lookup" or d.table in docs:',
        (U + "test_table_rows.py",),
    ),
    Mutant(
        "policy-default-of-no-workflow-fact-accepted",
        "            if answered is None or answered.derive is not None:",
        "            if answered is None and answered is not None:",
        (U + "test_table_rows.py",),
    ),
    Mutant(
        "config-true-taken-as-a-value",
        '    if isinstance(item, bool):\n        return f"takes {_kind(param)}',
        '    if isinstance(item, bytes):\n        return f"takes {_kind(param)}',
        (U + "test_config.py",),
    ),
    Mutant(
        "config-number-for-a-path-left-a-number",
        "            item = str(item)  # `output: 2026`: a folder named by a number",
        "            pass",
        (U + "test_config.py",),
    ),
    Mutant(
        "fused-unknown-partial-as-gap",
        'f"{at}    {target} = PARTIAL if p == 2 else UND if p == 1 else GAP"',
        'f"{at}    {target} = PARTIAL if p == 2 else GAP"',
        (U + "test_derive_decide.py", U + "test_codegen.py"),
    ),
    Mutant(
        "fused-unknown-applicability-as-not-applicable",
        'f"{at}    {target} = UND if a == 1 else NA"',
        'f"{at}    {target} = NA"',
        (U + "test_derive_decide.py", U + "test_codegen.py"),
    ),
    Mutant(
        "parallel-spool-left-behind",
        "            shutil.rmtree(self.spool, ignore_errors=True)",
        "            pass",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "copy-in-reads-past-its-size",
        "os.read(source, min(size - offset, 1 << 20))",
        "os.read(source, 1 << 20)",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "key-ends-spaced-keys-missed",
        "return line.translate(None, _SPACE).count(b'\":')",
        "return line.count(b'\":')",
        (U + "test_log_conflicts.py",),
    ),
    Mutant(
        "fastread-int-unbounded",
        "            if limit is not None\n",
        "            if limit is not None and False\n",
        (U + "test_fastread.py",),
    ),
    Mutant(
        "fastread-unknown-top-key-accepted",
        'src.add(2, "if known != len(raw):")',
        'src.add(2, "if known > len(raw):")',
        (U + "test_fastread.py",),
    ),
    Mutant(
        "bounds-small-cells-from-zero",
        "(1, min_cell - 1) if small else (min_cell, None)",
        "(0, min_cell - 1) if small else (min_cell, None)",
        (U + "test_linked_suppression.py",),
    ),
    Mutant(
        "bounds-complements-from-one",
        "(1, min_cell - 1) if small else (min_cell, None)",
        "(1, min_cell - 1) if small else (1, None)",
        (U + "test_linked_suppression.py",),
    ),
    Mutant(
        "bounds-sums-one-sided",
        "for sign, cells in ((1, left), (-1, right)):",
        "for sign, cells in ((1, left), (1, right)):",
        (U + "test_linked_suppression.py",),
    ),
    Mutant(
        "bounds-one-round",
        "    for _ in range(len(hidden) + 2):",
        "    for _ in range(1):",
        (U + "test_linked_suppression.py",),
    ),
    Mutant(
        "heading-prints-the-exact-total",
        'return build.out, build.linked("t8", ("all requests",))',
        'return build.out, build.c["t8"][("all requests",)]',
        (U + "test_linked_suppression.py", U + "test_transparency.py"),
    ),
    Mutant(
        "linked-sums-one-sided",
        "for sign, side in ((1, left), (-1, right)):",
        "for sign, side in ((1, left), (1, right)):",
        (U + "test_linked_suppression.py",),
    ),
    Mutant(
        "bidi-override-shown",
        "\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069",
        "\\u061c\\u200e\\u200f\\u2066-\\u2069",
        (U + "test_inert_messages.py",),
    ),
    Mutant(
        "line-feed-in-message",
        '    "\\x00-\\x1f\\x7f-\\x9f',
        '    "\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f',
        (U + "test_inert_messages.py",),
    ),
    # Hostile YAML.
    Mutant(
        "huge-number-accepted",
        "MAX_DIGITS = 18",
        "MAX_DIGITS = 400",
        (U + "test_bad_input.py",),
    ),
    Mutant(
        "leading-zeros-accepted",
        '    if len(digits) > 1 and digits.startswith("0") and digits.isdigit():',
        "    if False:",
        (U + "test_bad_input.py",),
    ),
    Mutant(
        "alias-loop-followed",
        "            if id(node) in self.active:",
        "            if False:",
        (U + "test_bad_input.py",),
    ),
    Mutant(
        "answered-twice-accepted",
        "            if key in seen:",
        "            if False:",
        (U + "test_bad_input.py",),
    ),
    # Text that is no text: half a surrogate pair, a file name that is not UTF-8.
    Mutant(
        "yaml-surrogate-kept",
        "        found = _SURROGATE.search(text)\n        if found is None:",
        "        found = None\n        if found is None:",
        (U + "test_bad_input.py",),
    ),
    Mutant(
        "json-surrogate-kept",
        "    if _ESCAPE.search(text) is not None and _holds_surrogate(value):",
        "    if False:",
        (U + "test_fastjson.py",),
    ),
    Mutant(
        "json-big-whole-kept-whole",
        "    return value if _LOWEST <= value <= _HIGHEST else _real(text)",
        "    return value",
        (U + "test_fastjson.py",),
    ),
    Mutant(
        "file-name-not-utf8-read",
        "    if undecoded(str(path)):\n        stream.close()",
        "    if False:\n        stream.close()",
        (U + "test_bad_input.py",),
    ),
    Mutant(
        "argument-not-utf8-passed",
        "            _refuse_undecodable(kwargs)\n",
        "",
        (U + "test_hostile_cli.py",),
    ),
    Mutant(
        "csv-carriage-returns-read-as-one-line",
        "    if ends >= 0:  # a carriage return inside the first line",
        "    if False:  # a carriage return inside the first line",
        (U + "test_log_conflicts.py",),
    ),
    Mutant(
        "file-named-twice-checked-twice",
        "        if key is not None and key in seen:\n            continue",
        "        if key is not None and key in seen:\n            pass",
        (U + "test_subject_folders.py",),
    ),
    Mutant(
        "transparency-repeat-counted",
        "first)\n                    continue\n",
        "first)\n",
        (U + "test_transparency.py",),
    ),
    Mutant(
        "seen-id-probe-stops-at-first-slot",
        "            i = (i + 1) & mask\n        return i\n",
        "            break\n        return i\n",
        (U + "test_seen_ids.py",),
    ),
    Mutant(
        "full-disk-output-unnamed",
        "        return OSError(exc.errno, exc.strerror or str(exc), name)",
        "        return exc",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "yaml-file-read-as-a-log",
        '    if path.lower().endswith((".yaml", ".yml")):',
        "    if False:",
        (U + "test_log_conflicts.py",),
    ),
    Mutant(
        "request-log-parsed-as-a-profile",
        '    refuse_log(path, "profile", SubjectError)\n',
        "",
        (U + "test_bad_input.py",),
    ),
    Mutant(
        "output-folder-slash-dropped",
        '            folder = "/" if text.endswith("/") else ""',
        '            folder = ""',
        (U + "test_cli.py",),
    ),
    Mutant(
        "word-memo-printed-on-a-terminal",
        "        if formats[0] in BINARY and sys.stdout.isatty():",
        "        if False:",
        (U + "test_hostile_cli.py",),
    ),
    Mutant(
        "compressed-log-read-as-text",
        "        _refuse_compressed(head, path)\n",
        "",
        (U + "test_log_conflicts.py",),
    ),
    Mutant(
        "summary-between-piped-findings",
        "    if piped and output is None:  # standard output holds the findings: the summary",
        "    if False:  # standard output holds the findings: the summary",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "piped-profile-read-twice",
        "    known = streamed(source)\n",
        "    known = None\n",
        (U + "test_streamed_inputs.py",),
    ),
    Mutant(
        "redirected-stdin-not-remembered",
        "        remember(stdin, path)\n        return stdin",
        "        return stdin",
        (U + "test_streamed_inputs.py",),
    ),
    Mutant(
        "cut-short-line-at-column-one",
        "        if text is not None and plain.pos >= len(text) and words != _NOT_UTF8:",
        "        if False:",
        (U + "test_streamed_inputs.py",),
    ),
    Mutant(
        "stdin-read-as-two-inputs",
        '    if first != role:\n        where = SourceLocation("-", 1, 1)',
        '    if False:\n        where = SourceLocation("-", 1, 1)',
        (U + "test_streamed_inputs.py",),
    ),
    Mutant(
        "interrupted-temporary-file-kept",
        "            with contextlib.suppress(OSError):\n                os.unlink(name)\n"
        "            _OPEN.discard(name)",
        "            _OPEN.discard(name)",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "output-named-by-its-temporary-file",
        "            raise OSError(exc.errno, exc.strerror, str(self.path)) from None",
        "            raise",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "pipe-text-kept-by-name-alone",
        "    return name, info.st_dev, info.st_ino",
        "    return name, 0, 0",
        (U + "test_streamed_inputs.py",),
    ),
    Mutant(
        "typed-line-not-utf8-kept",
        "            if not undecoded(typed):\n                return typed",
        "            if True:\n                return typed",
        (U + "test_init_interrupted.py",),
    ),
    Mutant(
        "typed-line-decoded-strictly",
        '        reconfigure = getattr(sys.stdin, "reconfigure", None)',
        "        reconfigure = None",
        (U + "test_init_interrupted.py",),
    ),
    Mutant(
        "csv-parted-by-commas-only",
        "any(name in known for name in names):\n            return mark",
        'any(name in known for name in names):\n            return ","',
        (U + "test_audit.py",),
    ),
    Mutant(
        "csv-read-as-jsonl-unnoticed",
        "                if number == 1 and _csv_header(line, parser):",
        "                if False:",
        (U + "test_log_conflicts.py",),
    ),
    Mutant(
        "tsv-read-as-jsonl",
        '    return "csv" if path.lower().endswith((".csv", ".tsv")) else "jsonl"',
        '    return "csv" if path.lower().endswith(".csv") else "jsonl"',
        (U + "test_log_conflicts.py",),
    ),
    Mutant(
        "worker-signals-unblocked-at-fork",
        "    before = hold(signal.SIG_BLOCK, _ENDING)",
        "    before = hold(signal.SIG_BLOCK, [])",
        (U + "test_pool_signals.py",),
    ),
    Mutant(
        "database-query-may-write",
        "    return _OK if action in _READS else _DENY",
        "    return _OK",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-booleans-only-as-text",
        "        if name in booleans and value in (0, 1):",
        "        if False:",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-whole-reals-kept-as-reals",
        "        elif isinstance(value, float) and value.is_integer():",
        "        elif False:",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-known-by-suffix-only",
        "        if input_format is None and head.startswith(MAGIC):",
        "        if False:",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-from-standard-input",
        '        if fmt == "sqlite" and (is_stdin(path) or not is_regular(stream)):',
        '        if fmt == "sqlite" and not is_regular(stream):',
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-damage-located-at-row-1",
        "            raise _located(path, number + 1, exc, after=number) from None",
        "            raise _located(path, 1, exc, after=number) from None",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-rows-called-lines",
        '    return "row" if formats == {"sqlite"} else "line"',
        '    return "line"',
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-query-deaf-to-signals",
        "    connection.set_progress_handler(_go_on_unless_heard(interrupts.noted()), _STEPS)\n",
        "",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-signal-reported-as-damage",
        "                if heard:  # the query was stopped by a signal: end as the signal asks",
        "                if False:",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "ctrl-c-exits-as-findings",
        'click.echo("interrupted", err=True)\n        sys.exit(EXIT_INTERRUPTED)',
        'click.echo("interrupted", err=True)\n        sys.exit(EXIT_FINDINGS)',
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "row-reader-booleans-swapped",
        '_BOOLS = {"true": True, "false": False, 1: True, 0: False}',
        '_BOOLS = {"true": True, "false": False, 1: False, 0: True}',
        (U + "test_rowread.py",),
    ),
    Mutant(
        "row-reader-unknown-column-ignored",
        "        if spec is None:  # a prefix, a computed or unknown fact: the general parser's\n"
        '            src.add(2, "return None")',
        "        if spec is None:  # a prefix, a computed or unknown fact: the general parser's\n"
        '            src.add(2, "pass")',
        (U + "test_rowread.py",),
    ),
    Mutant(
        "row-reader-id-unchecked",
        '            src.add(1, f"if {value}.__class__ is not str or not {value}:")',
        '            src.add(1, f"if {value} is None:")',
        (U + "test_rowread.py",),
    ),
    Mutant(
        "row-reader-enum-unchecked",
        '        src.add(at, f"if {value}.__class__ is str and {value} in {allowed}:")',
        '        src.add(at, f"if {value}.__class__ is str:")',
        (U + "test_rowread.py",),
    ),
    Mutant(
        "database-empty-text-an-answer",
        '    nested = {n: v for n, v in zip(names, row, strict=True) if v is not None and v != ""}',
        "    nested = {n: v for n, v in zip(names, row, strict=True) if v is not None}",
        (U + "test_rowread.py",),
    ),
    Mutant(
        "terminal-input-not-asked-for",
        '    if "told" not in _STDIN and _terminal(sys.stdin):',
        "    if False:",
        (U + "test_streamed_inputs.py",),
    ),
    Mutant(
        "signal-handler-swapped-back-after-commit",
        "        _done(self)\n\n    def seal",
        "        _done(self)\n"
        "        signal.signal(signal.SIGTERM, _BEFORE.get(signal.SIGTERM, signal.SIG_DFL))\n"
        "\n    def seal",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "signal-handler-before-not-called",
        "    if callable(before):\n        before(signum, frame)",
        "    if False:\n        before(signum, frame)",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "signal-while-file-made-acts-as-before",
        "    if _OPEN or _WRITING:",
        "    if _OPEN:",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "flat-reader-columns-problem-ignored",
        '        src.add(body + 1, f"if {read_columns}({value}, {key!r}, out):")',
        '        src.add(body + 1, f"if {read_columns}({value}, {key!r}, out) and False:")',
        (U + "test_fastread.py",),
    ),
    Mutant(  # (a list not of mappings read as columns is equivalent: the reader's except leaves it)
        "flat-reader-column-keys-uncounted",
        'src.add(body + 1, f"seen += sum(map(len, {value}))")',
        'src.add(body + 1, "pass")',
        (U + "test_fastread.py",),
    ),
    Mutant(
        "flat-reader-unknown-key-accepted",
        'src.add(2, "if len(raw) != known:  # a key that is no flat answer")',
        'src.add(2, "if len(raw) < known:  # a key that is no flat answer")',
        (U + "test_fastread.py",),
    ),
    Mutant(
        "database-sniffing-opens-a-fifo",
        "    if is_stdin(path) or not Path(path).is_file():\n        return False",
        "    if is_stdin(path):\n        return False",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-progress-by-its-bytes",
        '            reading(stream, sized=fmt != "sqlite")',
        "            reading(stream)",
        (U + "test_progress.py",),
    ),
    Mutant(
        "lost-signal-exit-ignored-at-commit",
        "        if ended is not None:\n",
        "        if False:\n",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "csv-chunk-ends-inside-a-quoted-cell",
        "                    if quotes % 2:  # inside a quoted cell",
        "                    if False:  # inside a quoted cell",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "csv-row-run-out-of-its-chunk-taken-as-read",
        "    if ended_open:  # a CSV chunk that ended inside a quoted cell\n",
        "    if False:\n",
        (U + "test_csv_parallel.py",),
    ),
    Mutant(
        "csv-row-run-out-of-its-chunk-dropped",
        "            raise _EndedOpen\n",
        "            return\n",
        (U + "test_csv_parallel.py",),
    ),
    Mutant(
        "database-file-opened-again-while-read",
        "                _check_columns(names, parser)\n",
        '                _check_columns(names, parser)\n                open(path, "rb").close()\n',
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "rowid-ranges-without-probing-the-file-system",
        '        sqlite3.connect(f"file:probe?mode=memory&vfs={UNLOCKED_VFS}", uri=True).close()\n',
        "        pass\n",
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "rowid-ranges-read-looking-for-a-journal-to-undo",
        '    lockless = f"&vfs={UNLOCKED_VFS}&immutable=1"\n',
        '    lockless = f"&vfs={UNLOCKED_VFS}"\n',
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "database-command-suggested-with-the-path-unquoted",
        "    shell = shlex.quote(path)\n",
        "    shell = path\n",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "database-unfinished-write-said-unreadable",
        '    elif getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":\n',
        "    elif False:\n",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "rowid-ranges-read-from-a-replaced-file",
        "            if not before == _identity(self.path) == self.identity:\n",
        "            if False:\n",
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "rowid-ranges-a-worker-could-not-open-left-unread",
        "    if part is None or not job.collect(part):\n",
        "    if part is not None and not job.collect(part):\n",
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "byte-ranges-read-from-the-file-now-at-the-path",
        '            _STATE["fd"], offset, length, crc, path=_STATE["path"], first=start\n',
        '            os.open(_STATE["path"], os.O_RDONLY), offset, length, crc,'
        ' path=_STATE["path"], first=start\n',
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "rowid-range-first-row-error-located-at-the-row",
        "            before = max(first - 2, 0)\n",
        "            before = max(first - 1, 0)\n",
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "rowid-range-rows-numbered-from-one",
        "        yield from _rows(cursor, self.path, before=first - 1, again=again)\n",
        "        yield from _rows(cursor, self.path, again=again)\n",
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "rowid-ranges-in-write-ahead-log-mode",
        '    if header[18:20] != b"\\x01\\x01":  # the file\'s write and read versions'
        ": 1, a journal\n",
        "    if False:\n",
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "rowid-taken-from-a-column-named-so",
        "    key = next((alias for alias in _ROWID_NAMES if alias not in taken), None)\n",
        '    key = "rowid"\n',
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "rowid-ranges-over-a-view",
        '        if kind != [("table",)]:  # a view\'s "rowid" may be NULL\n',
        "        if False:\n",
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "rowid-scan-damage-left-unread",
        "            yield read + 1, _FIRST_ROWID if last is None else last + 1, _LAST_ROWID\n",
        "            return\n",
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "reading-error-raised-before-the-chunks-handed-out",
        "            _collect_before_stop(job, path, pending)\n",
        "            pass\n",
        (U + "test_parallel_error_order.py",),
    ),
    Mutant(
        "write-back-never-started",
        "            if self.mode == \"atomic\":  # not a device's, a FIFO's, standard output's\n"
        "                start_write_back(self.handle.fileno())",
        "            if self.mode == \"atomic\":  # not a device's, a FIFO's, standard output's\n"
        "                pass",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "write-back-of-copies-not-counted",
        "        self._handed(size)\n",
        "        pass\n",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "shortened-range-audited-as-it-is",
        "    if reader.consumed < length:\n",
        "    if False:\n",
        ("tests/unit/test_boundaries.py",),
    ),
    Mutant(
        "shortened-range-keeps-its-cut-line",
        '        if lines and not lines[-1].endswith(b"\\n"):  # cut off by the file\'s new end\n'
        "            lines.pop()\n",
        "",
        ("tests/unit/test_boundaries.py",),
    ),
    Mutant(
        "read-on-past-a-changed-log",
        "            raise ranges.changed(path, start + read[0])\n",
        "            pass\n",
        ("tests/unit/test_boundaries.py",),
    ),
    Mutant(
        "chunk-error-taken-for-a-reading-stop",
        "                reopen = _collect_next(job, pending)  # a chunk's error: raised from "
        "here\n",
        "                try:\n"
        "                    reopen = _collect_next(job, pending)\n"
        "                except InputErrors:\n"
        "                    _collect_before_stop(job, path, pending)\n"
        "                    raise\n",
        (U + "test_parallel_error_order.py",),
    ),
    Mutant(
        "cpu-limit-rounded-down",
        "    return math.ceil(min(limits)) if limits else None\n",
        "    return int(min(limits)) if limits else None\n",
        (U + "test_cores.py",),
    ),
    Mutant(
        "cpu-limit-of-groups-above-ignored",
        "        if folder == top or folder == folder.parent:\n",
        "        if True:\n",
        (U + "test_cores.py",),
    ),
    Mutant(
        "cpu-limit-raises-the-cores",
        "    return max(1, min(cores, limit) if limit is not None else cores)\n",
        "    return max(1, limit if limit is not None else cores)\n",
        (U + "test_cores.py",),
    ),
    Mutant(
        "spool-refusal-taken-for-the-outputs",
        '            raise OSError(exc.errno, f"{exc.strerror} {SPOOL_HINT}", self.spool) '
        "from None\n",
        "            raise\n",
        ("tests/unit/test_boundaries.py",),
    ),
    Mutant(
        "places-not-noted-by-workers",
        "            run.place = noted.note\n",
        "            pass\n",
        (U + "test_audit_places.py",),
    ),
    Mutant(
        "places-of-this-process-put-before-a-worker-s",
        "            self._segments.append((len(self.paths) - 1, entries))\n"
        "            self._open = None\n",
        "            self._segments.append((len(self.paths) - 1, entries))\n",
        (U + "test_audit_places.py",),
    ),
    Mutant(
        "places-not-checked-against-the-request",
        "        if in_step and (f.request is None or checksum(f.request) != code):\n",
        "        if in_step and f.request is None:\n",
        (U + "test_audit_places.py",),
    ),
    Mutant(
        "places-count-met-findings-too",
        "acting=sum(status in NOT_MET for status in statuses)",
        "acting=sum(status is not Status.NOT_APPLICABLE for status in statuses)",
        (U + "test_audit_places.py", "tests/test_golden.py"),
    ),
    Mutant(
        "places-give-a-database-row-a-line",
        '            run.places.start(path, lined=fmt != "sqlite")\n',
        "            run.places.start(path, lined=True)\n",
        (U + "test_reports_sarif.py",),
    ),
    Mutant(
        "findings-read-back-from-a-device",
        "    passed_on = findings is not None and (piped or written_through(findings))\n",
        "    passed_on = findings is not None and piped\n",
        (U + "test_reports_sarif.py",),
    ),
    Mutant(
        "report-temporary-file-refusal-unnamed",
        '        raise OSError(exc.errno, f"{exc.strerror} {REPORT_HINT}", folder) from None\n',
        "        raise\n",
        (U + "test_reports_sarif.py",),
    ),
    Mutant(
        "ctrl-c-while-loading-unheard",
        "hear_early()\n",
        "pass\n",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "readback-status-taken-from-the-last-key",
        "            at = raw.find(key)\n",
        "            at = raw.rfind(key)\n",
        (U + "test_readback.py",),
    ),
    Mutant(
        "readback-skips-a-line-it-cannot-read-the-status-of",
        "            if at >= 0 and raw.startswith(_SKIPPED, at + after):\n",
        "            if at < 0 or raw.startswith(_SKIPPED, at + after):\n",
        (U + "test_readback.py",),
    ),
    Mutant(
        "junit-case-attribute-keeps-its-line-feeds",
        '    ("\\n", "&#10;"),\n',
        "",
        (U + "test_reports_junit.py",),
    ),
    Mutant(
        "byte-range-written-over-goes-unnoticed",
        "    if crc is not None and reach.crc != crc:  # which of its lines changed is not known\n",
        "    if False:\n",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "csv-first-chunk-checksum-takes-the-header",
        "        header = layout.length if layout is not None else 0\n",
        "        header = 0\n",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "worker-error-pickled-as-its-text",
        "        return type(self), (self.errors,)\n",
        "        return super().__reduce__()\n",
        (U + "test_parallel_error_order.py",),
    ),
    Mutant(
        "range-lines-placed-from-line-one",
        '            _STATE["fd"], offset, length, crc, path=_STATE["path"], first=start\n',
        '            _STATE["fd"], offset, length, crc, path=_STATE["path"], first=1\n',
        (U + "test_parallel_error_order.py",),
    ),
    Mutant(
        "worker-that-cannot-open-the-database-stops-the-audit",
        "            except InputErrors:  # no database there now (a file renamed over it, say)\n",
        "            except FileReplaced:  # no database there now (a file renamed over it, say)\n",
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "csv-read-on-unchecked",
        '        reach = ranges.Checked(_STATE["fd"], parts, path)\n',
        '        reach = ranges.Range(_STATE["fd"], parts[0][1])\n',
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "csv-read-on-stops-at-the-rest-s-error-before-its-rows",
        "        except InputErrors as exc:\n            stopped = exc\n",
        "        except InputErrors:\n            raise\n",
        (U + "test_parallel_error_order.py",),
    ),
    Mutant(
        "sarif-limit-keeps-the-first-results",
        "        if taken[rank] < kept[rank]:\n",
        "        if sum(taken) < sum(kept):\n",
        (U + "test_reports_sarif.py",),
    ),
    Mutant(
        "sarif-limit-keeps-the-least-severe",
        "    for n in counts:\n        kept.append(min(n, left))\n",
        "    for n in reversed(counts):\n        kept.insert(0, min(n, left))\n",
        (U + "test_reports_sarif.py",),
    ),
    Mutant(
        "sarif-limit-not-applied",
        "            kept = _kept_per_rank(counts, self.max_results)\n",
        "            kept = counts\n",
        (U + "test_reports_sarif.py",),
    ),
    Mutant(
        "sarif-results-of-a-stream-run-together",
        '            out((b"[" if first else b",") + _RESULT_BREAK + data)\n',
        '            out((b"[" if first else b",") + data)\n',
        ("tests/test_golden.py",),
    ),
    Mutant(
        "junit-cases-of-a-check-run-together",
        '        self.file.write(((_CASE_LINE if self.tests else "") + case).encode())\n',
        "        self.file.write(case.encode())\n",
        ("tests/test_golden.py",),
    ),
    Mutant(
        "junit-suite-counts-one-outcome",
        '        self.skipped += outcome == "skipped"\n',
        '        self.skipped += outcome == "failure"\n',
        (U + "test_reports_junit.py", "tests/test_golden.py"),
    ),
    Mutant(
        "sarif-bidi-left-raw-by-orjson",
        "    if _BIDI_BYTES.search(data):\n",
        "    if False:\n",
        (U + "test_indented_json.py",),
    ),
    Mutant(
        "query-deaf-to-a-lost-interrupt",
        "        return 0 if interrupts.noted() == before else 1\n",
        "        return 0\n",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "read-only-output-replaced",
        "        if info is not None:\n            _refuse_read_only(self.path, info)\n",
        "",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "read-only-asked-of-the-mode-alone",
        "    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):\n",
        "    if not info.st_mode & 0o222:\n",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "read-only-summary-refused-after-the-audit",
        "            _refuse_read_only(Path(path), info)\n",
        "",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "csv-header-read-as-a-row-by-a-worker",
        "            spans = ranges.after_header(spans, layout.length)\n",
        "            pass\n",
        (U + "test_csv_parallel.py",),
    ),
    Mutant(
        "csv-log-never-parted",
        "    first = _first_line(lines, path)\n",
        "    return False\n",
        (U + "test_csv_parallel.py",),
    ),
    Mutant(
        "database-never-parted",
        "        if not (parallel and in_workers(",
        '        if not (parallel and fmt != "sqlite" and in_workers(',
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "database-rows-numbered-per-chunk",
        "        yield from typed_rows(names, enumerate(lines, start=start), parser)\n",
        "        yield from typed_rows(names, enumerate(lines, start=1), parser)\n",
        (U + "test_database_parallel.py",),
    ),
    Mutant(
        "wrapped-signal-raised-as-is",
        "            if signum is None:\n                raise\n",
        "            if True:\n                raise\n",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "lost-ctrl-c-ignored-at-commit",
        "        if interrupts.last() == signal.SIGINT:",
        "        if False:",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "ctrl-c-not-noted",
        "    heard(signum)\n    raise KeyboardInterrupt\n",
        "    raise KeyboardInterrupt\n",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "parallel-progress-leaves-out-unreadable-records",
        "            run.progress(tally.requests + tally.unreadable)",
        "            run.progress(tally.requests)",
        (U + "test_progress.py",),
    ),
    Mutant(
        "pool-ended-in-the-main-thread",
        "    ender.start()\n    ender.join(TERMINATE_SECONDS)\n",
        "    ender.run()\n    ender.join(TERMINATE_SECONDS)\n",
        (U + "test_pool_signals.py",),
    ),
    Mutant(
        "pool-workers-left-running-after-a-hung-end",
        "    if ender.is_alive():\n",
        "    if False:\n",
        (U + "test_pool_signals.py",),
    ),
    Mutant(
        "transparency-id-of-an-earlier-chunk-counted-again",
        "        if not self.seen.add_new(later.firsts):\n            return False\n",
        "        self.seen.add_new(later.firsts)\n",
        (U + "test_transparency_parallel.py",),
    ),
    Mutant(
        "seen-ids-of-a-refused-batch-kept",
        "                self._forget(mark)\n",
        "                pass\n",
        (U + "test_seen_ids.py",),
    ),
    Mutant(
        "seen-ids-taken-back-keep-their-slots",
        "            slots[i] = 0\n",
        "            pass\n",
        (U + "test_seen_ids.py",),
    ),
    Mutant(
        "transparency-parts-lose-their-response-hours",
        "            self.hours[group].update(histogram)",
        "            pass",
        (U + "test_transparency_parallel.py",),
    ),
    Mutant(
        "transparency-repeats-shown-beyond-the-limit",
        "        self.repeated += later.repeated[: REPEATS_SHOWN - len(self.repeated)]",
        "        self.repeated += later.repeated",
        (U + "test_transparency_parallel.py",),
    ),
    Mutant(
        "csv-stream-chunk-ended-where-the-quote-marks-are-odd",
        "        if len(chunk) >= CHUNK_LINES and (not quotes % 2 or len(chunk) >= OPEN_LINES):",
        "        if len(chunk) >= CHUNK_LINES:",
        (U + "test_csv_parallel.py",),
    ),
    Mutant(
        "csv-stream-read-on-skips-the-chunks-handed-out",
        "read_csv_part(chain(chunk, ahead, more), job.parser, layout, start)",
        "read_csv_part(chain(chunk, more), job.parser, layout, start)",
        (U + "test_csv_parallel.py",),
    ),
    Mutant(
        "docx-template-unchecked",
        "        problem = template_problem(template) if template is not None else None",
        "        problem = None",
        (U + "test_hostile_cli.py",),
    ),
    # The parallel audit.
    Mutant(
        "worker-counts-dropped",
        "        self.requests += other.requests\n        self.closed += other.closed\n",
        "        self.closed += other.closed\n",
        (U + "test_boundaries.py", U + "test_audit.py"),
    ),
    Mutant(
        "worker-statuses-dropped",
        "            self.statuses.setdefault(key, Counter()).update(counter)",
        "            self.statuses.setdefault(key, Counter())",
        (U + "test_boundaries.py", U + "test_audit.py"),
    ),
    # init: the answers a session keeps are those of its current text.
    Mutant(
        "init-keeps-the-answers-of-the-text-before-the-edit",
        "        self.text, self.parsed_text, self.parsed_answers = text, text, after",
        "        self.text, self.parsed_text = text, text",
        (U + "test_questionnaire.py",),
    ),
    # The Word memo: a style a template lacks is left out, not asked for by name.
    Mutant(
        "docx-takes-every-style-for-known",
        "        known[name] = name if _has_style(doc, name) else None",
        "        known[name] = name",
        (U + "test_reports_docx.py",),
    ),
    # A command's outputs: all of them, or none.
    Mutant(
        "outputs-put-in-place-one-by-one",
        "        for out in outputs:\n            out.seal()\n",
        "        for out in outputs:\n            out.commit()\n",
        (U + "test_outputs_together.py",),
    ),
    Mutant(
        "audit-shows-its-summary-after-the-files-are-in-place",
        "        commit_together(outputs, then=lambda: _show(text, fmt, output, piped))",
        "        commit_together(outputs)\n        _show(text, fmt, output, piped)",
        (U + "test_outputs_together.py",),
    ),
    Mutant(
        "set-keeps-no-parse-for-the-next-command",
        "        new, _ = edit_answers(path, old, catalog.facts[subject.kind], change, keep=True)",
        "        new, _ = edit_answers(path, old, catalog.facts[subject.kind], change, keep=False)",
        (U + "test_edit.py",),
    ),
    Mutant(
        "edit-writes-yaml-1-1-line-breaks-raw",
        "    return _UNSAFE.sub(_escaped, json.dumps(text, ensure_ascii=False))",
        "    return json.dumps(text, ensure_ascii=False)",
        (U + "test_yamlemit.py", U + "test_questionnaire.py"),
    ),
    # The reference audit: taken by --reference, and a reading of its own.
    Mutant(
        "reference-audit-takes-the-usual-path",
        "    if not run.auditor.reference:\n        return audit_records",
        "    if True:\n        return audit_records",
        (U + "test_reference_audit.py",),
    ),
    Mutant(
        "reference-audit-ignores-waivers",
        "                used = waiver_for(run.waivers, subject, full.safeguard, rid, run.on)",
        "                used = None",
        (U + "test_reference_audit.py",),
    ),
    # JSON reports by orjson: only the floats it writes alike; the console script's collector.
    Mutant(
        "orjson-writes-tiny-floats",
        "            item == 0.0 or _SMALLEST_ALIKE <= abs(item) <= sys.float_info.max\n",
        "            abs(item) <= sys.float_info.max\n",
        (U + "test_indented_json.py",),
    ),
    Mutant(
        "orjson-writes-infinities",
        "            item == 0.0 or _SMALLEST_ALIKE <= abs(item) <= sys.float_info.max\n",
        "            item == 0.0 or _SMALLEST_ALIKE <= abs(item)\n",
        (U + "test_indented_json.py",),
    ),
    Mutant(
        "orjson-floats-in-subclassed-lists-unseen",
        "            push(item.values() if isinstance(item, dict) else item)\n",
        "            pass\n",
        (U + "test_indented_json.py",),
    ),
    Mutant(
        "console-script-collects-as-often-as-python",
        "    gc.set_threshold(*GC_THRESHOLDS)\n",
        "",
        (U + "test_cli.py",),
    ),
    # Many logs in one audit: plans kept across logs, small logs without workers.
    Mutant(
        "plans-counted-again-in-the-next-log",
        "            plan.records = 0\n",
        "",
        (U + "test_reference_audit.py",),
    ),
    Mutant(
        "plans-of-an-earlier-log-not-counted",
        "            elif not plan.records:\n                touched.append(plan)\n",
        "",
        (U + "test_reference_audit.py",),
    ),
    Mutant(
        "workers-for-a-log-of-exactly-too-few-lines",
        '        return newlines + (not sample.endswith(b"\\n")) < PARALLEL_MIN_LINES\n',
        '        return newlines + (not sample.endswith(b"\\n")) <= PARALLEL_MIN_LINES\n',
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "reckoned-lines-off-by-one",
        "    return newlines > 0 and size * newlines // len(sample) < PARALLEL_MIN_LINES\n",
        "    return newlines > 0 and size * newlines // len(sample) <= PARALLEL_MIN_LINES\n",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "small-logs-read-by-workers",
        '    if fmt != "sqlite" and _few_lines(lines):\n        return False\n',
        "",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "first-chunk-full-length",
        "            return least\n",
        "            return most\n",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "plan-not-applicable-not-counted",
        "        if status is Status.MET or status is Status.NOT_APPLICABLE\n    )",
        "        if status is Status.MET\n    )",
        (U + "test_reference_audit.py",),
    ),
    Mutant(
        "tally-counts-of-a-check-started-anew",
        "            if counter is None:\n                counter = statuses[kind] = Counter()",
        "            if True:\n                counter = statuses[kind] = Counter()",
        (U + "test_reference_audit.py",),
    ),
    Mutant(
        "folder-hidden-files-read",
        '    return not name.startswith(".") and name.lower().endswith(LOG_SUFFIXES)',
        "    return name.lower().endswith(LOG_SUFFIXES)",
        (U + "test_log_folders.py",),
    ),
    Mutant(
        "folder-logs-in-listing-order",
        "            names = sorted(e.name for e in entries if wanted(e.name) and _a_file(e))",
        "            names = list(e.name for e in entries if wanted(e.name) and _a_file(e))",
        (U + "test_log_folders.py", U + "test_subject_folders.py"),
    ),
    Mutant(
        "folder-without-logs-read-as-nothing",
        '    return names, None if names else error(where, f"folder holds no {kind}")',
        "    return names, None",
        (U + "test_log_folders.py", U + "test_subject_folders.py"),
    ),
    Mutant(
        "folder-logs-not-reserved-from-outputs",
        "    logs = tuple(log_files(logs))  # a folder: the logs in it, listed once\n"
        "    # '-' read as the file --stdin-filename names\n",
        "    # '-' read as the file --stdin-filename names\n",
        (U + "test_log_folders.py",),
    ),
    Mutant(
        "whole-logs-not-taken-before-another-log",
        "                            whole.drain()\n"
        "                            whole.close(failed=False)\n",
        "                            whole.close(failed=False)\n",
        (U + "test_whole_logs.py",),
    ),
    Mutant(
        "whole-logs-error-before-own-error-lost",
        "  # an error of a log handed out before this one comes first\n"
        "                    whole.drain()\n",
        "\n                    pass\n",
        (U + "test_whole_logs.py",),
    ),
    Mutant(
        "whole-logs-later-errors-taken-after-one",
        "            self.pending.clear()\n            raise raised(error)\n",
        "            raise raised(error)\n",
        (U + "test_whole_logs.py",),
    ),
    Mutant(
        "whole-logs-places-not-started",
        "        if self.before is not None:\n            self.before(path, fmt)\n",
        "",
        (U + "test_whole_logs.py",),
    ),
    Mutant(
        "whole-logs-unusable-part-used",
        "        if part is None or not job.collect(part):  # read here, as one process reads it\n",
        "        if part is None:  # read here, as one process reads it\n",
        (U + "test_whole_logs.py",),
    ),
    Mutant(
        "whole-logs-always-worth-workers",
        "    return lines >= PARALLEL_MIN_LINES\n",
        "    return True\n",
        (U + "test_whole_logs.py",),
    ),
    Mutant(
        "whole-logs-declined-for-good",
        "        whole.declined = False  # a run of small logs after this one is judged afresh\n",
        "",
        (U + "test_whole_logs.py",),
    ),
    Mutant(
        "worst-ties-across-logs-by-insertion",
        "        entry = (worst.score, -worst.log, -worst.line, worst.request, worst)",
        "        entry = (worst.score, 0, -worst.line, worst.request, worst)",
        (U + "test_whole_logs.py",),
    ),
    Mutant(
        "progress-logs-read-forgotten",
        "        self.done_before += self.current\n",
        "        self.done_before += 0\n",
        (U + "test_progress.py",),
    ),
    Mutant(
        "folder-audit-named-after-its-first-log",
        "    subject = workflow.id if workflow is not None else named or first\n",
        "    subject = workflow.id if workflow is not None else first\n",
        (U + "test_log_folders.py",),
    ),
    Mutant(
        "worst-request-named-after-the-first-log",
        "                log=inputs[w.log].path,\n",
        "                log=inputs[0].path,\n",
        (U + "test_log_folders.py",),
    ),
    Mutant(
        "worst-request-log-left-out-of-markdown",
        '                log = f" {md_value(w.log)} |" if several else ""\n',
        '                log = ""\n',
        (U + "test_log_folders.py",),
    ),
    Mutant(
        "worst-request-log-left-out-of-text",
        '                where = f"{one_line(w.log)}:{w.line}" if several else ',
        '                where = f"{one_line(w.log)}:{w.line}" if False else ',
        (U + "test_log_folders.py",),
    ),
    Mutant(
        "folder-link-to-nowhere-skipped",
        " or (entry.is_symlink() and not os.path.exists(entry.path))\n",
        "\n",
        (U + "test_log_folders.py", U + "test_subject_folders.py"),
    ),
    Mutant(
        "folder-link-loop-skipped",
        "    except OSError:  # a loop of links\n        return True\n",
        "    except OSError:  # a loop of links\n        return False\n",
        (U + "test_log_folders.py", U + "test_subject_folders.py"),
    ),
    Mutant(
        "worst-request-log-named-for-one-log",
        "    return len(summary.inputs) > 1\n",
        "    return len(summary.inputs) > 0\n",
        (U + "test_log_folders.py",),
    ),
    Mutant(
        "deep-block-placed-one-level-early",
        "        past = MAX_DEPTH + 2 - len(open_at)\n",
        "        past = MAX_DEPTH + 1 - len(open_at)\n",
        (U + "test_yaml_depth.py",),
    ),
    Mutant(
        "deep-block-scalar-lines-counted",
        "        if entries is None and _KEY.match(content) is None:\n            continue\n",
        "",
        (U + "test_yaml_depth.py",),
    ),
    Mutant(
        "deep-block-crlf-lines-not-split",
        "    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):\n",
        '    for number, raw in enumerate(text.split("\\n"), start=1):\n',
        (U + "test_yaml_depth.py",),
    ),
    Mutant(
        "deep-block-inner-entries-not-counted",
        "            return number, indent + dashes[max(past, 0)] + 1\n",
        "            return number, indent + 1\n",
        (U + "test_yaml_depth.py",),
    ),
    Mutant(
        "deep-block-unplaced",
        "        line, col = _too_deep_block(text)\n",
        "        line, col = 1, 1\n",
        (U + "test_yaml_depth.py", U + "test_bad_input.py"),
    ),
    Mutant(
        "pyproject-unparsed-passed-over",
        "        return _KEY_LINE.search(text) is not None\n",
        "        return False\n",
        (U + "test_config.py",),
    ),
    Mutant(
        "pyproject-unclosed-header-passed-over",
        """safeguards\\1[ \\t]*(?:[.=\\]]|$)\"\"\"""",
        """safeguards\\1[ \\t]*[.=\\]]\"\"\"""",
        (U + "test_config.py",),
    ),
    Mutant(
        "pyproject-any-mention-configures",
        '    return isinstance(tool, dict) and "safeguards" in tool\n',
        "    return True\n",
        (U + "test_config.py",),
    ),
    Mutant(
        "diff-kinds-not-compared",
        "if now is not None and now.kind != was.kind]",
        "if now is not None and False]",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "diff-kind-clash-placed-at-the-start",
        '    return report, facts, lambda _: doc.locate(("kind",))\n',
        "    return report, facts, lambda _: doc.locate(())\n",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "diff-kind-clash-placed-at-the-subjects",
        'lambda sid: doc.locate(("subjects", index.get(sid, 0), "kind")),',
        'lambda sid: doc.locate(("subjects",)),',
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "matrix-title-always-jurisdiction",
        """    return f"Safeguards by {kinds.pop() if len(kinds) == 1 else 'subject'}"\n""",
        """    return "Safeguards by jurisdiction"\n""",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "dated-answer-at-its-fact-key",
        "    where = locate(path, not isinstance(path[-1], int))\n",
        "    where = locate(path, True)\n",
        (U + "test_evaluate.py", U + "test_edit.py", U + "test_reports_sarif.py"),
    ),
    Mutant(
        "set-conflict-unplaced",
        '        place = f"{path}:{exc.line}:{exc.column}" if exc.line else str(path)\n',
        "        place = str(path)\n",
        (U + "test_edit.py",),
    ),
    Mutant(
        "wrong-file-of-the-wanted-kind-refused",
        "    if known is None or known[0] == wanted:\n",
        "    if known is None:\n",
        (U + "test_wrong_files.py",),
    ),
    Mutant(
        "wrong-file-profile-with-waivers-key-taken-for-waivers",
        '    if "waivers" in data and "facts" not in data:\n',
        '    if "waivers" in data:\n',
        (U + "test_wrong_files.py",),
    ),
    Mutant(
        "wrong-file-log-by-name-not-refused",
        "    if Path(path).suffix.lower() not in LOG_SUFFIXES:\n        return\n",
        "    return\n",
        (U + "test_wrong_files.py",),
    ),
    Mutant(
        "wrong-file-placed-at-the-value",
        "    where = doc.locate((key,), key=True)\n",
        "    where = doc.locate((key,))\n",
        (U + "test_wrong_files.py",),
    ),
    Mutant(
        "set-until-trims-an-answer-ending-that-day",
        "        elif start is None and a_start is None and a_hi > hi:\n",
        "        elif start is None and a_start is None and a_hi >= hi:\n",
        (U + "test_edit.py",),
    ),
    Mutant(
        "set-until-later-answer-starts-that-day",
        '            trims[i] = ("effective_from", hi + dt.timedelta(days=1))\n',
        '            trims[i] = ("effective_from", hi)\n',
        (U + "test_edit.py",),
    ),
    Mutant(
        "set-from-and-until-trims-an-open-answer",
        "        if end is None and a_end is None and a_lo < lo:\n",
        "        if a_end is None and a_lo < lo:\n",
        (U + "test_edit.py",),
    ),
    Mutant(
        "set-older-answer-appended",
        "        return insert_item(text, path, later[0] if later else None, new_item, step)\n",
        "        return insert_item(text, path, None, new_item, step)\n",
        (U + "test_edit.py",),
    ),
    Mutant(
        "set-older-answer-after-a-single-one",
        "        return listify(text, path, extra, new_item, step, new_first=bool(later))\n",
        "        return listify(text, path, extra, new_item, step)\n",
        (U + "test_edit.py",),
    ),
    Mutant(
        "insert-item-below-its-comment",
        '        if not doc.text[above:at].lstrip().startswith("#"):\n',
        "        if True:\n",
        (U + "test_edit.py",),
    ),
    Mutant(
        "set-period-reversed-accepted",
        "    if start is not None and end is not None and end < start:\n",
        "    if False:\n",
        (U + "test_edit.py",),
    ),
    Mutant(
        "set-dated-guard-ignores-the-facts-history",
        "        if kept != [a.model_dump(exclude=drop) for a in before.get(change.fact, ())]:\n",
        "        if False:\n",
        (U + "test_edit.py",),
    ),
    Mutant(
        "missing-gap-starts-on-the-last-answered-day",
        "        return self.ended_on + dt.timedelta(days=1) if self.ended_on else None\n",
        "        return self.ended_on if self.ended_on else None\n",
        (U + "test_open_days.py", U + "test_missing.py"),
    ),
    Mutant(
        "missing-gap-ends-on-the-next-answered-day",
        "        return self.resumes_on - dt.timedelta(days=1) if self.resumes_on else None\n",
        "        return self.resumes_on if self.resumes_on else None\n",
        (U + "test_open_days.py", U + "test_missing.py"),
    ),
    Mutant(
        "missing-gap-borders-not-the-nearest",
        "    before = max(ended, key=lambda a: a.effective_until or dt.date.min, default=None)\n",
        "    before = min(ended, key=lambda a: a.effective_until or dt.date.min, default=None)\n",
        (U + "test_missing.py",),
    ),
    Mutant(
        "missing-gap-later-border-not-the-nearest",
        "    after = min(starts, key=lambda a: a.effective_from or dt.date.max, default=None)\n",
        "    after = max(starts, key=lambda a: a.effective_from or dt.date.max, default=None)\n",
        (U + "test_missing.py",),
    ),
    Mutant(
        "missing-gap-command-without-dates",
        '    options = "".join(f" {o}" for o in set_options(q.gap)) if q.gap else ""\n',
        '    options = ""\n',
        (U + "test_missing.py",),
    ),
    Mutant(
        "explain-no-answer-without-its-neighbours",
        '    return f"{fact}: no answer" + (f"; {gap.describe(subject.path)}" if gap else "")\n',
        '    return f"{fact}: no answer"\n',
        (U + "test_explain.py",),
    ),
    Mutant(
        "explain-set-aside-answer-said-missing",
        "    if given is not None and why is not None:  # in force, but the options set it aside\n",
        "    if False:\n",
        (U + "test_explain.py",),
    ),
    Mutant(
        "init-resume-skips-ended-answers",
        "        gap = session.open_days(spec.key) if spec.key in answered else None\n",
        "        gap = None\n",
        (U + "test_questionnaire.py",),
    ),
    Mutant(
        "init-resume-answer-not-dated",
        "        first, last = (gap.first_day, gap.last_day) if gap else (None, None)\n",
        "        first, last = (None, None)\n",
        (U + "test_questionnaire.py",),
    ),
    Mutant(
        "yaml-10-and-11-directives-kept",
        '_OTHER_1X = re.compile(r"^%YAML[ \\t]+1\\.(?:[013-9]|\\d\\d+)(?=[ \\t#]|$)", re.M)\n',
        '_OTHER_1X = re.compile(r"^%YAML[ \\t]+1\\.(?:[3-9]|\\d\\d+)(?=[ \\t#]|$)", re.M)\n',
        (U + "test_bad_input.py",),
    ),
    Mutant(
        "yaml-null-tag-drops-a-value",
        "            if text not in _NULLS:  # !!null on a value: never dropped unsaid\n",
        "            if False:\n",
        (U + "test_bad_input.py",),
    ),
    Mutant(
        "yaml-bool-tag-reads-yes-as-false",
        '            if text not in _BOOLS:  # an explicit !!bool on "yes", "on", "1"\n',
        '            return text.lower() == "true"\n            if False:\n',
        (U + "test_bad_input.py",),
    ),
    Mutant(
        "report-open-days-not-attached",
        "    return [_with_open_days(f, open_days) for f in found] if open_days else found\n",
        "    return found\n",
        (U + "test_open_days.py", "tests/test_golden.py"),
    ),
    Mutant(
        "open-days-while-an-answer-is-in-force",
        "    if not history or any(a.in_force(on) for a in history):\n",
        "    if not history:\n",
        (U + "test_open_days.py",),
    ),
    Mutant(
        "edit-number-too-long-written",
        "    if problem is None and (problem := _too_large(spec, value)):\n",
        "    if False:\n",
        (U + "test_edit.py", U + "test_questionnaire.py"),
    ),
    Mutant(
        "diff-ignores-a-verdict-come-to-rest-on-the-text",
        "    return f.status, f.provisional",
        "    return f.status, False",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "diff-says-the-basis-moved-the-wrong-way",
        """            "the verdict now rests on an answer not read in the text itself"
            if now.provisional""",
        """            "the verdict now rests on an answer not read in the text itself"
            if not now.provisional""",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "diff-text-drops-the-provisional-mark",
        "{_label(f.old, f.old_provisional)} → {_label(f.new, f.new_provisional)}  {f.title}",
        "{_label(f.old, f.old_provisional)} → {_label(f.new)}  {f.title}",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "diff-keeps-no-old-provisional-mark",
        "                old_provisional=was.provisional if was else False,",
        "                old_provisional=False,",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "csv-provisional-column-always-false",
        '                "true" if f.provisional else "false",\n',
        '                "false",\n',
        (U + "test_reports_csv.py",),
    ),
    Mutant(
        "oscal-provisional-property-dropped",
        "    if f.provisional:  # the verdict rests on commentary or recollection",
        "    if False:  # the verdict rests on commentary or recollection",
        (U + "test_reports_oscal.py",),
    ),
    Mutant(
        "diff-calls-a-confirmed-gap-new",
        '        if self.old is self.new:\n            return "basis changed"\n',
        "",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "diff-calls-a-waived-gap-closed",
        '        if self.new is Status.WAIVED:\n            return "waived"\n',
        "",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "markdown-links-no-source",
        "    if is_web_url(url) and _PLAIN_ADDRESS.fullmatch(url):\n",
        "    if False:\n",
        (U + "test_markdown_rendered.py",),
    ),
    Mutant(
        "markdown-links-an-address-it-cannot-take-whole",
        "    if is_web_url(url) and _PLAIN_ADDRESS.fullmatch(url):\n",
        "    if is_web_url(url):\n",
        (U + "test_markdown_rendered.py",),
    ),
    Mutant(
        "database-query-stopped-by-a-signal-handled-before",
        "        return 0 if interrupts.noted() == before else 1\n",
        "        return 0 if interrupts.noted() == 0 else 1\n",
        (U + "test_database_logs.py",),
    ),
    Mutant(
        "github-annotation-broken-by-a-line-feed",
        '    return text.replace("%", "%25").replace("\\r", "%0D").replace("\\n", "%0A")\n',
        '    return text.replace("%", "%25").replace("\\r", "%0D")\n',
        (U + "test_reports_forges.py",),
    ),
    Mutant(
        "gitlab-lists-a-waived-gap",
        "        for f, path, line, info in placed(report, NOT_MET):\n",
        "        for f, path, line, info in placed(report, (*NOT_MET, type(NOT_MET[0]).WAIVED)):\n",
        (U + "test_reports_forges.py",),
    ),
    Mutant(
        "audit-github-hides-unreadable-records",
        '                out(workflow_command("error", path, line, title, u.message).encode())\n',
        "                pass\n",
        (U + "test_reports_forges.py",),
    ),
    Mutant(
        "github-annotations-in-report-order",
        "    for f in worst_first([f for f in report.findings if f.status in statuses]):\n",
        "    for f in [f for f in report.findings if f.status in statuses]:\n",
        (U + "test_reports_forges.py",),
    ),
    Mutant(
        "audit-github-annotations-in-log-order",
        "            for rank in sorted(spools):\n",
        "            for rank in spools:\n",
        (U + "test_reports_forges.py",),
    ),
    Mutant(
        "github-summary-last",
        '        return workflow_command("notice", "", None, "safeguards", text) + "".join(out)\n',
        '        return "".join(out) + workflow_command("notice", "", None, "safeguards", text)\n',
        (U + "test_reports_forges.py",),
    ),
    Mutant(
        "github-limit-forgets-the-summary-notice",
        '    if max(kinds["error"], kinds["warning"], kinds["notice"] + 1) > SHOWN_PER_KIND:\n',
        '    if max(kinds["error"], kinds["warning"], kinds["notice"]) > SHOWN_PER_KIND:\n',
        (U + "test_reports_forges.py",),
    ),
    Mutant(
        "diff-calls-a-dropped-check-a-closed-gap",
        '        if self.new is None:\n            return "not checked"\n',
        '        if False:\n            return "not checked"\n',
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "diff-says-a-new-check-changed-answers",
        "    if was is None:\n        waiver = now.waiver if now is not None else None\n",
        "    if False:\n        waiver = now.waiver if now is not None else None\n",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "github-unreadable-record-without-its-line",
        "    return (u.path, u.line) if u.path else (u.location, None)\n",
        "    return (u.path, None) if u.path else (u.location, None)\n",
        (U + "test_reports_forges.py",),
    ),
    Mutant(
        "lookup-without-a-table-said-twice",
        '    if op == "lookup" and "table" in params and params["table"] not in tables:\n',
        '    if op == "lookup" and params.get("table") not in tables:\n',
        (U + "test_bad_input.py",),
    ),
    Mutant(
        "fact-declared-twice-forgotten",
        "            if key in specs:\n",
        "            if False:\n",
        (U + "test_bad_input.py",),
    ),
    Mutant(
        "derived-cycle-unseen",
        "    if cycle:\n        where = doc.locate",
        "    if False:\n        where = doc.locate",
        (U + "test_bad_input.py",),
    ),
    Mutant(
        "config-group-section-not-checked",
        "                if self.mapping(section, (*path, name)):\n",
        "                if True:\n",
        (U + "test_config.py",),
    ),
    Mutant(
        "config-waivers-list-taken-for-the-command",
        "            if name in commands and (name not in known or isinstance(raw, dict)):\n",
        "            if name in commands:\n",
        (U + "test_config.py",),
    ),
    Mutant(
        "hard-links-unsaid",
        "    if others:\n        links = ",
        "    if False:\n        links = ",
        (U + "test_set_safety.py", U + "test_init_interrupted.py"),
    ),
    Mutant(
        "config-shared-settings-stop-at-groups",
        "                    out[name] = self.group(command, section, (*path, name), shared)\n",
        "                    out[name] = self.group(command, section, (*path, name), {})\n",
        (U + "test_config.py",),
    ),
    Mutant(
        "any-change-from-a-gap-closes-it",
        "        if self.old is Status.GAP and self.new in (Status.MET, Status.NOT_APPLICABLE):\n",
        "        if self.old is Status.GAP:\n",
        (U + "test_reports_compare.py", "tests/bdd"),
    ),
    Mutant(
        "answers-gone-or-new-called-changed",
        "name = _ANSWERS[1] if c.new is None else _ANSWERS[2] if c.old is None else _ANSWERS[0]",
        "name = _ANSWERS[0]",
        ("tests/test_golden.py", "tests/bdd"),
    ),
    Mutant(
        "dotx-template-kept-a-template",
        "    if template not in types:\n",
        "    if True:\n",
        (U + "test_reports_docx.py",),
    ),
    Mutant(
        "anchored-answers-edited",
        "    anchor = anchored(doc, where, inside=entry is not None)\n",
        "    anchor = None\n",
        (U + "test_edit.py",),
    ),
    Mutant(
        "toml-keys-placed-without-their-table",
        "names, column = [*table, *key], found[1] + 1",
        "names, column = key, found[1] + 1",
        (U + "test_config.py",),
    ),
    Mutant(
        "settled-for-some-answers-said-settled-always",
        "    always = [x for x in q.settles if q.settles_always(x[0])]\n",
        "    always = list(q.settles)\n",
        (U + "test_missing.py", "tests/bdd"),
    ),
    Mutant(
        "toml-too-deep-a-traceback",
        "    except (tomllib.TOMLDecodeError, RecursionError):  # too deep",
        "    except (tomllib.TOMLDecodeError,):  # too deep",
        (U + "test_config.py",),
    ),
    Mutant(
        "toml-depth-not-checked",
        "    check_depth(text, str(path), ConfigError)  # Python's TOML parser",
        "    pass  # Python's TOML parser",
        (U + "test_config.py",),
    ),
    Mutant(
        "choices-cut-off",
        "    return [(_either(names), status) for status, names in groups.items()]",
        "    return [(_either(names[:4]), status) for status, names in groups.items()]",
        (U + "test_missing.py",),
    ),
    Mutant(
        "list-alone-said-as-every-item",
        '    return "any one item alone" if len(names) == of > 1 else f"{_either(names)} alone"',
        '    return "any one item alone" if len(names) >= 1 else f"{_either(names)} alone"',
        (U + "test_missing.py",),
    ),
    Mutant(
        "partners-of-a-finding-not-named",
        "question.open_with[item[0]] = [other for other in candidates if other != fact]",
        "question.open_with[item[0]] = []",
        (U + "test_missing.py",),
    ),
    Mutant(
        "derived-facts-diffed-as-answers",
        "            if not d.derived and d.value is not None:",
        "            if not d.derived or d.value is not None:",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "cell-provisional-only-when-all-are",
        "            any(f.provisional and f.status is st for f in fs)",
        "            all(f.provisional and f.status is st for f in fs)",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "diff-change-titled-by-its-id",
        "                title=infos[sid].title if sid in infos else sid,",
        "                title=sid,",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "newly-checked-waiver-unsaid",
        "        waiver = now.waiver if now is not None else None",
        "        waiver = None",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "one-subject-paired-with-the-first-of-many",
        "    if len(old.subjects) == 1 and len(new.subjects) == 1:",
        "    if len(old.subjects) == 1 or len(new.subjects) == 1:",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "diff-side-named-by-its-profile",
        '        path=path or (report.subjects[0].path if report.subjects else ""),',
        '        path=report.subjects[0].path if report.subjects else "",',
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "partial-facts-asked-only-while-required-unknown",
        "    if check.partial is not None and require.result is not True:",
        "    if check.partial is not None and require.result is None:",
        (U + "test_missing.py",),
    ),
    Mutant(
        "trial-numbers-drop-the-lower-bound",
        "    return list(dict.fromkeys(x for x in out if lo <= x <= hi))",
        "    return list(dict.fromkeys(x for x in out if lo < x <= hi))",
        (U + "test_missing.py",),
    ),
    Mutant(
        "text-fact-without-literal-untried",
        "            return literals(catalog, kind, spec.key) or [SAMPLE_TEXT]",
        "            return literals(catalog, kind, spec.key)",
        (U + "test_missing.py",),
    ),
    Mutant(
        "lineless-answer-placed-nowhere",
        '        return path or "line unknown"',
        '        return "line unknown"',
        (U + "test_open_days.py",),
    ),
    Mutant(
        "none-of-said-with-or",
        '        joiner = " nor " if leaf.op == "not_in" else " or "',
        '        joiner = " or "',
        (U + "test_explain.py",),
    ),
    Mutant(
        "absent-fact-said-answered",
        "    return f\"{question} is {'answered' if leaf.literal else 'not answered'}\"",
        '    return f"{question} is answered"',
        (U + "test_explain.py",),
    ),
    Mutant(
        "roll-up-by-any-text",
        "    return by if isinstance(by, str) and by in FRAMEWORKS else None",
        "    return by if isinstance(by, str) else None",
        (U + "test_reports_rollup.py",),
    ),
    Mutant(
        "waiver-said-expired-on-its-expiry-day",
        "        elif on > w.expires:",
        "        elif on >= w.expires:",
        (U + "test_boundaries.py",),
    ),
    Mutant(
        "waiver-for-one-request-waives-all",
        "        if not w.requests or (request is not None and request in w.requests):",
        "        if not w.requests or request is not None:",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "open-days-reckoned-on-the-profile-date",
        "    on = options.as_of or subject.as_of\n    open_days",
        "    on = subject.as_of or options.as_of\n    open_days",
        (U + "test_open_days.py",),
    ),
    Mutant(
        "open-days-only-when-every-missing-fact-has-them",
        "    if not any(m.fact in open_days for m in f.missing_facts):",
        "    if not all(m.fact in open_days for m in f.missing_facts):",
        (U + "test_open_days.py",),
    ),
    Mutant(
        "new-fact-under-the-first-nested-parent-only",
        'path, prefix, node, progressed = (*path, str(k.value)), full + ".", v, True',
        'path, prefix, node, progressed = (*path, str(k.value)), full + ".", v, False',
        (U + "test_edit.py",),
    ),
    Mutant(
        "null-facts-refused-by-set",
        "    if key is not None and (empty_flow or is_null(node)):",
        "    if key is not None and empty_flow:",
        (U + "test_edit.py",),
    ),
    Mutant(
        "initials-taken-for-a-placeholder",
        "    return plain in PLACEHOLDERS or len(plain) < 2",
        "    return plain in PLACEHOLDERS or len(plain) <= 2",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "one-day-waiver-refused",
        "    if w.expires < w.granted:",
        "    if w.expires <= w.granted:",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "one-day-waiver-linted-as-reversed",
        '    if expires < granted:\n        add("expires",',
        '    if expires <= granted:\n        add("expires",',
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "one-day-waiver-refused-at-load",
        "        if expires < granted:\n            problems.append(",
        "        if expires <= granted:\n            problems.append(",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "waiver-timestamp-taken-for-a-date",
        "    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):",
        "    if isinstance(value, dt.date):",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "ctrl-c-leaves-temporary-files",
        "        remove_unfinished()  # nor left beside them, wherever the interrupt came",
        "        pass  # nor left beside them, wherever the interrupt came",
        (U + "test_output_safety.py",),
    ),
    Mutant(
        "derived-fact-without-its-answers",
        "            out.update((k, None) for k in catalog.inputs_of(kind, key) if k in answers)\n",
        "            pass\n",
        (U + "test_derived_evidence.py",),
    ),
    Mutant(
        "explain-derived-input-shown-twice",
        "            if fact.fact not in shown:\n",
        "            if True:\n",
        (U + "test_derived_evidence.py",),
    ),
    Mutant(
        "missing-set-command-path-unquoted",
        '    return f"safeguards set {shlex.quote(subject.path)} {q.spec.key} VALUE{options}"\n',
        '    return f"safeguards set {subject.path} {q.spec.key} VALUE{options}"\n',
        (U + "test_missing_memo.py",),
    ),
    Mutant(
        "missing-confirm-without-blank-line",
        '    return "\\n".join(lines) + ("\\n" + tail if tail else "")\n',
        '    return "\\n".join(lines) + tail\n',
        ("tests/test_golden.py",),
    ),
    Mutant(
        "set-kept-citation-said-for-the-same-value",
        "    if old is None or old.source is None or old.value == change.value:\n",
        "    if old is None or old.source is None:\n",
        (U + "test_set_safety.py",),
    ),
    Mutant(
        "yaml-quoted-empty-string-taken-for-no-value",
        'endswith(":null") and node.value == ""\n',
        'endswith(":null") or node.value == ""\n',
        (U + "test_edit.py",),
    ),
    Mutant(
        "yaml-removed-entry-leaves-its-line-break",
        "    stop += len(doc.nl) if doc.text[stop : stop + len(doc.nl)] == doc.nl else 0\n",
        "    stop += 0\n",
        (U + "test_edit.py",),
    ),
    Mutant(
        "set-list-with-one-bracket-guessed",
        '            inner = text[1:-1] if text.startswith("[") and text.endswith("]") else text\n',
        '            inner = text[1:-1] if text.startswith("[") or text.endswith("]") else text\n',
        (U + "test_edit.py",),
    ),
    Mutant(
        "derived-fact-asked-instead-of-its-inputs",
        "        out.update(dict.fromkeys(open_ or [key]))\n",
        "        out[key] = None\n",
        (U + "test_derived_evidence.py",),
    ),
    Mutant(
        "bad-value-large-number-boundary",
        "str(value) if abs(value) < 10_000 else",
        "str(value) if abs(value) <= 10_000 else",
        (U + "test_record_values_shown.py",),
    ),
    Mutant(
        "bad-value-echoes-a-four-digit-token",
        "_TOKEN.match(value) and not re.search(",
        "_TOKEN.match(value) and re.search(",
        (U + "test_record_values_shown.py",),
    ),
    Mutant(
        "text-field-joins-a-list-not-all-text",
        "isinstance(raw, list) and all(isinstance(x, str) for x in raw)",
        "isinstance(raw, list) and any(isinstance(x, str) for x in raw)",
        (U + "test_record_values_shown.py",),
    ),
    Mutant(
        "waiver-lines-only-for-expiring-soon",
        "    return w.state is not WaiverState.APPLIED or w.expiring_soon\n",
        "    return w.state is not WaiverState.APPLIED and w.expiring_soon\n",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "expired-waiver-worded-as-applied",
        "    if w.state is WaiverState.EXPIRED:\n",
        "    if w.state is None:\n",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "audit-text-leaves-out-its-waivers",
        "        said = waiver_lines(s.waivers, {s.subject: None})\n",
        "        said = waiver_lines([], {s.subject: None})\n",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "expiring-waiver-annotated-as-a-notice",
        "quiet = w.state in (WaiverState.UNUSED, WaiverState.NOT_YET_GRANTED)",
        "quiet = True",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "waiver-of-an-unchecked-subject-not-explained",
        "UNUSED and subjects and w.subject not in subjects:",
        "UNUSED and subjects and w.subject in subjects:",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "matrix-leaves-out-its-waivers",
        '        out += ["", *waiver_table(m.report.waivers)]\n',
        "        out += []\n",
        (U + "test_reports_compare.py",),
    ),
    Mutant(
        "memo-note-left-to-the-annex",
        "        _profile(doc, report, subject)\n",
        "        _profile_line(subject)\n",
        (U + "test_reports_docx.py",),
    ),
    Mutant(
        "memo-waiver-expiry-unflagged",
        '                + (" (expires within 30 days)" if w.expiring_soon else "")\n',
        '                + ""\n',
        (U + "test_reports_docx.py",),
    ),
    Mutant(
        "text-report-keeps-an-inputs-line-break",
        "        text = one_line(text)\n",
        "        text = str(text)\n",
        (U + "test_line_breaks_in_input.py",),
    ),
    Mutant(
        "diff-text-keeps-an-inputs-line-break",
        '"\\n".join(one_line(x) for x in lines)',
        '"\\n".join(lines)',
        (U + "test_line_breaks_in_input.py",),
    ),
    Mutant(
        "wrap-may-start-a-line-with-a-command",
        '        if out and line.lstrip().startswith("::"):\n',
        "        if False:\n",
        (U + "test_line_breaks_in_input.py",),
    ),
    Mutant(
        "waived-message-keeps-the-justifications-breaks",
        'justification = " ".join(w.justification.split())',
        "justification = w.justification",
        (U + "test_line_breaks_in_input.py",),
    ),
    Mutant(
        "waiver-lint-keeps-an-inputs-line-break",
        "{'warning: ' if self.warning else ''}{inert(self.message)}",
        "{'warning: ' if self.warning else ''}{self.message}",
        (U + "test_line_breaks_in_input.py",),
    ),
    Mutant(
        "rollup-text-keeps-an-inputs-line-break",
        'lines.append(f"  {one_line(subject_title(report, g.subject))}")',
        'lines.append(f"  {subject_title(report, g.subject)}")',
        (U + "test_line_breaks_in_input.py",),
    ),
    Mutant(
        "waiver-level-always-warning",
        'return "note" if quiet else "warning"',
        'return "warning"',
        (U + "test_waivers_in_ci_formats.py",),
    ),
    Mutant(
        "sarif-waiver-notification-off-by-a-line",
        'region = {"startLine": w.line}',
        'region = {"startLine": w.line + 1}',
        (U + "test_waivers_in_ci_formats.py",),
    ),
    Mutant(
        "gitlab-waiver-issue-always-info",
        "level = WAIVER_SEVERITIES[waiver_level(w)]",
        'level = "info"',
        (U + "test_waivers_in_ci_formats.py",),
    ),
    Mutant(
        "junit-waiver-suite-counts-no-skipped",
        "skipped=str(looks),",
        'skipped="0",',
        (U + "test_waivers_in_ci_formats.py",),
    ),
    Mutant(
        "audit-sarif-drops-waiver-notifications",
        '**({"toolConfigurationNotifications": waivers} if waivers else {}),',
        '**({"toolConfigurationNotifications": waivers} if not waivers else {}),',
        (U + "test_waivers_in_ci_formats.py",),
    ),
    Mutant(
        "reports-note-a-check-on-the-profiles-own-day",
        "if day is None or described is None or day >= described:",
        "if day is None or described is None or day > described:",
        (U + "test_reports_text_profile_date.py",),
    ),
    Mutant(
        "ignore-waivers-keeps-waivers-applied",
        "        if n.state is WaiverState.APPLIED\n        else n",
        "        if n.state is WaiverState.UNUSED\n        else n",
        (U + "test_evaluate.py",),
    ),
    Mutant(
        "audit-ignore-waivers-still-waives",
        "\n                    if used is not None and not run.ignore_waivers:",
        "\n                    if used is not None:",
        (U + "test_audit_ignore_waivers.py",),
    ),
    Mutant(
        "audit-ignore-waivers-log-findings-waived",
        "        found, notes = unwaived, set_aside(notes)",
        "        notes = set_aside(notes)",
        (U + "test_audit_ignore_waivers.py",),
    ),
    Mutant(
        "reference-ignore-waivers-still-waives",
        "\n                if used is not None and not run.ignore_waivers:",
        "\n                if used is not None:",
        (U + "test_reference_audit.py",),
    ),
    Mutant(
        "chunked-workers-forget-ignore-waivers",
        "        run.ignore_waivers = parent.ignore_waivers\n",
        "",
        (U + "test_audit_ignore_waivers.py",),
    ),
    Mutant(
        "stdin-filename-read-from-the-file",
        '    if not _NAMED_STDIN or name == "-":\n        return name',
        "    if True:\n        return name",
        (U + "test_stdin_filename.py",),
    ),
    Mutant(
        "stdin-filename-output-may-take-its-name",
        "        _NAMED_STDIN_FILES.add(key)\n    remember_path(name)\n",
        "        _NAMED_STDIN_FILES.add(key)\n",
        (U + "test_stdin_filename.py",),
    ),
    Mutant(
        "stdin-filename-without-dash-accepted",
        "    if not dashes:\n",
        "    if False:\n",
        (U + "test_stdin_filename.py",),
    ),
    Mutant(
        "waivers-elsewhere-despite-a-close-subject",
        "        and not did_you_mean_subject(w.subject, checked)\n",
        "",
        (U + "test_waivers_shared_file.py",),
    ),
    Mutant(
        "waivers-elsewhere-despite-expiring-soon",
        "        and not w.expiring_soon\n        and w.subject not in checked\n",
        "        and w.subject not in checked\n",
        (U + "test_waivers_shared_file.py",),
    ),
    Mutant(
        "github-annotates-waivers-of-subjects-not-checked",
        "        out = waiver_commands(shown, kinds)",
        "        out = waiver_commands(report.waivers, kinds)",
        (U + "test_waivers_shared_file.py",),
    ),
    Mutant(
        "text-report-names-every-waiver-elsewhere",
        "waiver_lines(report.waivers, checked_names(report))",
        "waiver_lines(report.waivers)",
        (U + "test_waivers_shared_file.py",),
    ),
    Mutant(
        "waivers-elsewhere-by-subject-name",
        "    return {s.id: s.name for s in report.subjects}",
        "    return dict.fromkeys(s.id for s in report.subjects)",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "subject-hint-ignores-names",
        "    if hint:\n        return hint\n    ids = {name.casefold()",
        "    if True:\n        return hint\n    ids = {name.casefold()",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "check-tells-waivers-no-subject-names",
        "apply_waivers(findings, loaded, on, {s.id: s.name for s in subjects})",
        "apply_waivers(findings, loaded, on, dict.fromkeys(s.id for s in subjects))",
        (U + "test_waiver_rule.py",),
    ),
    Mutant(
        "piped-log-read-from-the-named-file",
        "    if is_stdin(path):\n        claim_stdin(LOG_ROLE, SubjectError)",
        '    if path == "-":\n        claim_stdin(LOG_ROLE, SubjectError)',
        (U + "test_stdin_filename_logs.py",),
    ),
    Mutant(
        "audit-logs-keep-their-dash",
        "    logs, workflow, waiver_files = logs_stdin_named(",
        "    _, workflow, waiver_files = logs_stdin_named(",
        (U + "test_stdin_filename_logs.py",),
    ),
    Mutant(
        "transparency-logs-keep-their-dash",
        "    logs, workflow, _ = logs_stdin_named(",
        "    _, workflow, _ = logs_stdin_named(",
        (U + "test_stdin_filename_logs.py",),
    ),
    Mutant(
        "stdin-filename-given-to-two-inputs",
        "    if dashes > 1:\n",
        "    if dashes > 99:\n",
        (U + "test_stdin_filename_logs.py",),
    ),
    Mutant(
        "named-database-redirected-opened-by-name",
        '        if fmt == "sqlite" and (is_stdin(path) or not is_regular(stream)):',
        '        if fmt == "sqlite" and (path == "-" or not is_regular(stream)):',
        (U + "test_stdin_filename_logs.py",),
    ),
    Mutant(
        "compressed-stdin-told-to-decompress-a-file",
        "        if is_stdin(path):  # redirected from a compressed file",
        "        if False:  # redirected from a compressed file",
        (U + "test_stdin_filename_logs.py",),
    ),
    Mutant(
        "named-stdin-known-by-its-name-only",
        "    if _NAMED_STDIN_FILES and _file_id(name) in _NAMED_STDIN_FILES:",
        "    if False:",
        (U + "test_stdin_filename.py",),
    ),
    Mutant(
        "named-stdin-not-yet-saved-read-twice",
        "    if key is None and not os.path.exists(path) and is_stdin(path):",
        "    if False:",
        (U + "test_stdin_filename.py",),
    ),
    Mutant(
        "piped-log-counted-before-a-folder-is-listed",
        "    logs = logs_to_read(logs, input_format, selection)  # a file named twice is read"
        " once\n    if sum(map(is_stdin, logs)) > 1:\n",
        "    if sum(map(is_stdin, logs)) > 1:\n",
        (U + "test_stdin_filename_logs.py",),
    ),
    Mutant(
        "stdin-given-twice-as-profiles",
        '    if any(sum(str(p) == "-" for p in group) > 1 for group in groups):\n',
        "    if False:\n",
        (U + "test_stdin_filename.py",),
    ),
    Mutant(
        "audit-workflow-piped-keeps-its-dash",
        "        policy[0] if policy else None,\n",
        "        workflow,\n",
        (U + "test_stdin_filename_logs.py",),
    ),
)


def sources(root: Path) -> list[Path]:
    """Return the Python files a mutation may edit."""
    return sorted(p for top in SOURCES for p in (root / top).rglob("*.py"))


def locate(mutant: Mutant, root: Path) -> Path:
    """Return the one file that holds the mutant's snippet exactly once, or explain why not."""
    hits = [(p, p.read_text(encoding="utf-8").count(mutant.original)) for p in sources(root)]
    found = [(p, n) for p, n in hits if n]
    if len(found) != 1 or found[0][1] != 1:
        where = ", ".join(f"{p.relative_to(root)} x{n}" for p, n in found) or "nowhere"
        raise SystemExit(f"mutant {mutant.name}: snippet must occur exactly once, found {where}")
    return found[0][0]


def scratch_copy() -> Path:
    """Copy the tracked files (as they are on disk) to a scratch folder."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    base = Path(tempfile.mkdtemp(prefix="safeguards-mutants-"))
    target = base / ROOT.name
    shared = ROOT.parent / "shared"
    if shared.is_dir():  # the tests read ../shared beside the checkout
        os.symlink(shared, base / "shared")
    else:
        print(
            f"note: {shared} is missing: the tests that need it are skipped, and a mutant that"
            " only they kill survives (the SARIF, OSCAL and JUnit schemas among them)",
            file=sys.stderr,
        )
    for name in filter(None, listed.decode().split("\0")):
        src = ROOT / name
        if src.is_file() and not src.is_symlink():
            dest = target / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
        elif src.is_symlink():
            dest = target / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(os.readlink(src), dest)
    if (ROOT / ".venv").is_dir():  # tests that run the README use .venv/bin/safeguards
        os.symlink(ROOT / ".venv", target / ".venv")
    return target


def pytest(copy: Path, targets: list[str], *, show: bool = False) -> bool:
    """Run pytest in the copy on the targets; return whether every test passed."""
    # the temporary folder inside the scratch copy's, removed with it: what a mutant leaves
    # behind (a spool folder it no longer removes, say) does not pile up in the system's
    # (open to all as /tmp is, sticky: a test writes there as another user)
    scratch = copy.parent / "tmp"
    if not scratch.is_dir():
        scratch.mkdir()
        scratch.chmod(0o1777)
        copy.parent.chmod(0o711)
    env = {
        **os.environ,
        "PYTHONPATH": str(copy),
        "PYTHONDONTWRITEBYTECODE": "1",
        "TMPDIR": str(scratch),
    }
    env.pop("CI", None)
    args = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *targets]
    done = subprocess.run(args, cwd=copy, env=env, capture_output=True, text=True)
    if show and done.returncode:
        print(done.stdout[-3000:], done.stderr[-2000:], sep="\n", file=sys.stderr)
    return done.returncode == 0


def run(selected: list[Mutant]) -> int:
    """Run each mutant on a scratch copy; print one line each and the kill rate."""
    copy = scratch_copy()
    # Not the test of this list: every mutant takes its own snippet away, which that test
    # reports, so with it in the suite no mutant could ever survive.
    # On every core, as `make test` runs it.
    everything = ["tests", "--ignore=tests/browser", "--ignore=tests/test_mutants_list.py"]
    everything += ["-n", "auto"]
    survivors: list[str] = []
    try:
        if not pytest(copy, everything, show=True):
            print("the suite fails without any mutation: fix it first", file=sys.stderr)
            return 2
        for mutant in selected:
            path = locate(mutant, copy)
            before = path.read_text(encoding="utf-8")
            path.write_text(before.replace(mutant.original, mutant.mutated), encoding="utf-8")
            start = time.perf_counter()
            try:
                killed = not pytest(copy, list(mutant.tests)) if mutant.tests else False
                if not killed:
                    killed = not pytest(copy, everything)
            finally:
                path.write_text(before, encoding="utf-8")
            took = time.perf_counter() - start
            verdict = "killed  " if killed else "SURVIVED"
            print(f"{verdict} {mutant.name} ({path.relative_to(copy)}, {took:.1f} s)", flush=True)
            if not killed:
                survivors.append(mutant.name)
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)
    killed_count = len(selected) - len(survivors)
    rate = 100 * killed_count / len(selected) if selected else 100.0
    print(f"{killed_count} of {len(selected)} mutants killed ({rate:.1f} %)")
    if survivors:
        print("survivors: " + ", ".join(survivors))
    return 0 if rate >= 95 else 1


def main() -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify every snippet is found")
    parser.add_argument(
        "-k", dest="word", help="run only the mutants whose name contains this (a,b: either)"
    )
    options = parser.parse_args()
    words = options.word.split(",") if options.word else []
    selected = [m for m in MUTANTS if not words or any(w in m.name for w in words)]
    if options.check:
        for mutant in selected:
            locate(mutant, ROOT)
        print(f"{len(selected)} mutants, every snippet found once")
        return 0
    return run(selected)


if __name__ == "__main__":
    raise SystemExit(main())
