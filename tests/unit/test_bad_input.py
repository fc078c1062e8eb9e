"""The bad-input corpus: every malformed file gives its message at its place, and exit 2."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"
BAD = sorted((DATA / "bad").glob("*.yaml"))
DEMO = DATA / "catalog"


def header(path: Path, key: str) -> str | None:
    for line in path.read_text(encoding="utf-8").splitlines():
        found = re.match(rf"#\s*{key}:\s*(.+)$", line)
        if found:
            return found.group(1).strip()
    return None


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args)
    return result.exit_code, result.stdout, result.stderr


def test_corpus_is_large_enough() -> None:
    assert len(BAD) >= 20


@pytest.mark.parametrize("case", BAD, ids=lambda p: p.stem)
def test_bad_file(case: Path, tmp_path: Path) -> None:
    expect = header(case, "expect")
    assert expect, f"{case.name} has no '# expect:' line"
    name = case.stem
    if name.startswith(("rule-", "facts-", "table-")):
        root = tmp_path / "catalog"
        shutil.copytree(DEMO, root)
        target = root / str(header(case, "as"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
        code, out, err = run(["rules", "list", "--catalog", str(root)])
        shown = str(target)
    elif name.startswith("waiver-"):
        profile = tmp_path / "p.yaml"
        profile.write_text("safeguards: 1\nkind: jurisdiction\nid: XX\nfacts: {}\n")
        args = ["check", str(profile), "--catalog", str(DEMO), "--waivers", str(case)]
        code, out, err = run(args)
        shown = str(case)
    else:
        code, out, err = run(["check", str(case), "--catalog", str(DEMO)])
        shown = str(case)
    assert code == 2, (out, err)
    assert "Traceback" not in err
    assert out == ""
    if re.match(r"^\d+:\d+: ", expect):
        assert f"{shown}:{expect}" in err, err
    else:
        assert expect in err and err.startswith(f"{shown}:"), err
    for line in err.strip().splitlines():
        assert re.match(r"^.+:\d+:\d+: \S", line), f"not file:line:col: {line}"
    if name.startswith("facts-"):  # one defect in the file: one message there, no echo of it
        assert sum(line.startswith(f"{shown}:") for line in err.splitlines()) == 1, err


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    code, _, err = run(["check", str(tmp_path / "nope.yaml"), "--catalog", str(DEMO)])
    assert code == 2
    assert err.strip() == f"{tmp_path / 'nope.yaml'}:1:1: no such file"


def test_binary_file_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bin.yaml"
    bad.write_bytes(b"safeguards: 1\nid: \xff\xfe\n")
    code, _, err = run(["check", str(bad), "--catalog", str(DEMO)])
    assert code == 2
    assert err.strip() == f"{bad}:2:5: file is not valid UTF-8 text"


def test_all_problems_of_a_file_are_reported_sorted(tmp_path: Path) -> None:
    bad = tmp_path / "many.yaml"
    bad.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: XX\nfacts:\n"
        "  reform.date: soon\n  interception.exists: maybe\n  interception.max_days: -1\n"
    )
    code, _, err = run(["check", str(bad), "--catalog", str(DEMO)])
    assert code == 2
    lines = err.strip().splitlines()
    assert [line.split(":")[1] for line in lines] == ["5", "6", "7"]


def test_problems_of_several_files_are_reported_together(tmp_path: Path) -> None:
    one, two = tmp_path / "a.yaml", tmp_path / "b.yaml"
    one.write_text("safeguards: 1\nkind: jurisdiction\nid: A\nfacts: {nope: 1}\n")
    two.write_text("safeguards: 1\nkind: jurisdiction\nid: B\nfacts: {nada: 1}\n")
    code, _, err = run(["check", str(one), str(two), "--catalog", str(DEMO)])
    assert code == 2
    assert f"{one}:4:9: unknown fact 'nope'" in err
    assert f"{two}:4:9: unknown fact 'nada'" in err


def test_no_partial_output_on_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "out" / "r.json"
    bad = DATA / "bad" / "profile-enum.yaml"
    code, _, _ = run(
        ["check", str(bad), "--catalog", str(DEMO), "--format", "json", "-o", str(out)]
    )
    assert code == 2
    assert not out.exists()


@pytest.mark.parametrize("command", ["check", "audit", "transparency", "explain", "set"])
def test_a_file_name_that_is_not_utf8_is_an_input_error(command: str, tmp_path: Path) -> None:
    """Python hands such a name over with surrogates, which no report could encode."""
    suffix = b".jsonl" if command in ("audit", "transparency") else b".yaml"
    name = os.fsdecode(bytes(tmp_path) + b"/Belgi\xeb" + suffix)  # Latin-1, as old shares write
    assert "\udceb" in name
    source = DATA.parent.parent / "examples" / "jurisdictions" / "belgium.yaml"
    if command in ("audit", "transparency"):
        source = DATA.parent.parent / "examples" / "requests" / "example-10.jsonl"
    Path(name).write_bytes(source.read_bytes())
    args = {
        "check": ["check", name, "--format", "json", "-o", str(tmp_path / "r.json")],
        "audit": ["audit", name, "--findings", str(tmp_path / "f.jsonl")],
        "transparency": ["transparency", name, "--period", "2026", "-o", str(tmp_path / "t.md")],
        "explain": ["explain", "SG-BIO-01", "--subject", name],
        "set": ["set", name, "powers.scope.limited", "true"],
    }[command]
    code, out, err = run(args)
    assert code == 2, (out, err)
    shown = f"{tmp_path}/Belgi<U+DCEB>{suffix.decode()}"
    assert err.startswith(f"{shown}:1:1: the file name is not UTF-8 text")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not [p for p in tmp_path.iterdir() if p.name != os.path.basename(name)]
    assert Path(name).read_bytes() == source.read_bytes()  # never touched


@pytest.mark.parametrize("command", ["check", "explain", "missing", "set"])
@pytest.mark.parametrize("log", ["example-10.jsonl", "examplecloud-2026.csv"])
def test_a_request_log_given_as_a_profile_says_to_audit_it(command: str, log: str) -> None:
    path = str(DATA.parent.parent / "examples" / "requests" / log)
    args = {
        "check": ["check", path],
        "explain": ["explain", "SG-BIO-01", "--subject", path],
        "missing": ["missing", path],
        "set": ["set", path, "powers.scope.limited", "true"],
    }[command]
    before = Path(path).read_bytes()
    code, out, err = run(args)
    assert code == 2 and out == ""
    assert err == (
        f"{path}:1:1: a request log, not a profile or a workflow: audit it with 'safeguards"
        " audit' (its --findings file explains every finding, request by request)\n"
    )
    assert Path(path).read_bytes() == before
