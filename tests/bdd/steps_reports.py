"""Steps of features/reports.feature and features/compare.feature: formats, matrix, diff."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import lxml.html
from lxml import etree
from pytest_bdd import given, parsers, then, when

from safeguards.reports import REGISTRY
from tests.bdd.steps_common import World, run_cli
from tests.conftest import mixland_biometric_rule_from_commentary, mixland_read_in_the_text

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "reports"
CATALOG = ["--catalog", str(DATA / "catalog")]
AS_OF = "2024-06-01"
SUBJECTS = {"Mixland": "MX", "Nulland": "NX", "Reformland": "RX"}
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@given("the profiles of two fictional countries, Mixland and Nulland, and a waiver for Nulland")
def two_countries(world: World) -> None:
    world.extra["inputs"] = [str(DATA / "mixland.yaml"), str(DATA / "nullland.yaml")]
    world.extra["waivers"] = ["--waivers", str(DATA / "waivers.yaml")]


@given(parsers.re(r'^a profile whose country is named "(?P<name>.+)"$'))
def named_country(world: World, name: str, tmp_path: Path) -> None:
    text = (DATA / "nullland.yaml").read_text(encoding="utf-8")
    profile = tmp_path / "named.yaml"
    quoted = json.dumps(name.replace('""', '"'))
    profile.write_text(text.replace("name: Nulland", f"name: {quoted}"), encoding="utf-8")
    world.extra["inputs"] = [str(profile)]
    world.extra["waivers"] = []


@given(parsers.re(r'^a profile whose country\'s name breaks the line before "(?P<rest>.+)"$'))
def name_with_a_line_break(world: World, rest: str, tmp_path: Path) -> None:
    named_country(world, "Nulland\n" + rest, tmp_path)


def _check(world: World, fmt: str, out: Path, *extra: str) -> Path:
    args = ["check", *world.extra["inputs"], *world.extra["waivers"], *CATALOG]
    args += ["--as-of", AS_OF, "--fail-on", "none", "--format", fmt, "-o", str(out), *extra]
    world.result = run_cli(args)
    assert world.result.exit_code == 0, world.result.output
    return out


@when(
    parsers.re(
        r"^the (countries are|country is) checked and the report is written as (?P<fmt>\w+)$"
    )
)
def check_as(world: World, fmt: str, tmp_path: Path) -> None:
    world.extra["file"] = _check(world, fmt, tmp_path / f"report{REGISTRY[fmt].suffix}")


@when(
    parsers.re(
        r'^the countries are checked with "(?P<flags>[^"]+)" and the report is written as (?P<fmt>\w+)$'
    )
)
def check_with_flags_as(world: World, flags: str, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"report{REGISTRY[fmt].suffix}"
    world.extra["file"] = _check(world, fmt, out, *flags.split())


@when("the countries are checked with the findings rolled up by proposal")
def check_rolled_up(world: World, tmp_path: Path) -> None:
    out = _check(world, "json", tmp_path / "report.json", "--by", "seed")
    world.extra["rollup"] = json.loads(out.read_text(encoding="utf-8"))["options"]["rollup"]


@when("the countries are checked twice and the report is written as docx both times")
def check_twice(world: World, tmp_path: Path) -> None:
    world.extra["files"] = [_check(world, "docx", tmp_path / f"{n}.docx") for n in ("a", "b")]


def _html(data: bytes, subject: str, safeguard: str) -> bool:
    page = lxml.html.document_fromstring(data.decode("utf-8"))
    gaps = page.xpath(
        f"//section[contains(@class, 'subject')][.//h2/span[text()='({subject})']]"
        "//article[@data-status='gap']//code/text()"
    )
    return safeguard in gaps


def _docx(data: bytes, subject: str, safeguard: str) -> bool:
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    start = next(i for i, p in enumerate(paragraphs) if p.endswith(f"({subject})"))
    return any(p.startswith(f"Gap · {safeguard} —") for p in paragraphs[start:])


def _sarif(data: bytes, subject: str, safeguard: str) -> bool:
    return any(
        (r["ruleId"], r["properties"]["subject"], r["properties"]["status"], r["level"])
        == (safeguard, subject, "gap", "error")
        for r in json.loads(data)["runs"][0]["results"]
    )


PROFILE_FILES = {"MX": "mixland.yaml", "NX": "nullland.yaml"}
"""The file of each fictional country: what a forge's annotation or issue names."""


def _github(data: bytes, subject: str, safeguard: str) -> bool:
    """An error annotation on the country's profile titled with the safeguard and its gap."""
    return any(
        line.startswith("::error file=")
        and line.split(",", 1)[0].endswith("/" + PROFILE_FILES[subject])
        and f",title={safeguard} gap%3A " in line
        for line in data.decode("utf-8").splitlines()
    )


def _gitlab(data: bytes, subject: str, safeguard: str) -> bool:
    return any(
        i["check_name"] == safeguard
        and i["location"]["path"].endswith("/" + PROFILE_FILES[subject])
        and " — gap: " in i["description"]
        for i in json.loads(data)
    )


def _junit(data: bytes, subject: str, safeguard: str) -> bool:
    return bool(
        etree.fromstring(data).xpath(
            f"//testsuite[contains(@name, '({subject})')]"
            f"/testcase[starts-with(@name, '{safeguard} ')]/failure[@type='gap']"
        )
    )


def _csv(data: bytes, subject: str, safeguard: str) -> bool:
    rows = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    return any(
        (r["subject"], r["safeguard"], r["status"]) == (subject, safeguard, "gap") for r in rows
    )


def _oscal(data: bytes, subject: str, safeguard: str) -> bool:
    findings = json.loads(data)["assessment-results"]["results"][0]["findings"]
    return any(
        f["target"]["target-id"] == safeguard.lower()
        and f["target"]["status"] == {"state": "not-satisfied", "reason": "fail"}
        and {"subject": subject, "status": "gap"}.items()
        <= {p["name"]: p["value"] for p in f["props"]}.items()
        for f in findings
    )


def _json(data: bytes, subject: str, safeguard: str) -> bool:
    return any(
        (f["subject"], f["safeguard"], f["status"]) == (subject, safeguard, "gap")
        for f in json.loads(data)["findings"]
    )


def _markdown(data: bytes, subject: str, safeguard: str) -> bool:
    text = data.decode("utf-8")
    return bool(re.search(rf"\({subject}\)\n.*?^### Gap · {safeguard} —", text, re.S | re.M))


def _text(data: bytes, subject: str, safeguard: str) -> bool:
    text = data.decode("utf-8")
    return bool(re.search(rf"\({subject}\):.*?\n  GAP +\w+ +{safeguard} ", text, re.S))


READERS: dict[str, Callable[[bytes, str, str], bool]] = {
    "html": _html,
    "docx": _docx,
    "sarif": _sarif,
    "junit": _junit,
    "github": _github,
    "gitlab": _gitlab,
    "csv": _csv,
    "oscal": _oscal,
    "json": _json,
    "markdown": _markdown,
    "text": _text,
}


@then(parsers.re(r'^the (?P<fmt>\w+) file shows the gap in "(?P<sid>[^"]+)" for (?P<who>\w+)$'))
def file_shows_gap(world: World, fmt: str, sid: str, who: str) -> None:
    data = Path(world.extra["file"]).read_bytes()
    assert READERS[fmt](data, SUBJECTS[who], sid), f"the {fmt} report does not show it"


@then(
    parsers.re(
        r'^the (?P<fmt>\w+) file says of "(?P<fact>[^"]+)" for (?P<who>\w+) '
        r'that it was "(?P<said>[^"]+)"$'
    )
)
def open_question_lapsed(world: World, fmt: str, fact: str, who: str, said: str) -> None:
    text = Path(world.extra["file"]).read_text(encoding="utf-8")
    if fmt == "json":
        subject = SUBJECTS[who]
        findings = json.loads(text)["findings"]
        days = [
            m["unanswered"]
            for f in findings
            if f["subject"] == subject
            for m in f["missing_facts"]
            if m["fact"] == fact
        ]
        assert days and all(d == days[0] for d in days), days
        line = int(said.split("(line ")[1].split(")")[0])
        assert days[0]["ended_line"] == line and said.startswith(
            f"answered until {days[0]['ended_on']}"
        )
        return
    flat = " ".join(text.split())
    assert f"{fact}" in flat and said[0].upper() + said[1:] in flat, flat[:2000]


@then(
    parsers.re(
        r'^the dashboard points the gap in "(?P<sid>[^"]+)" for (?P<who>\w+) '
        r"at line (?P<line>\d+) of its profile$"
    )
)
def sarif_points(world: World, sid: str, who: str, line: str) -> None:
    results = json.loads(Path(world.extra["file"]).read_bytes())["runs"][0]["results"]
    found = next(
        r for r in results if r["ruleId"] == sid and r["properties"]["subject"] == SUBJECTS[who]
    )
    where = found["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"].endswith(f"{who.lower()}.yaml")
    assert where["region"]["startLine"] == int(line)


@then(
    parsers.re(
        r'^the pull request shows "(?P<sid>[^"]+)" for (?P<who>\w+) as (?P<kind>an error|a notice) '
        r"at line (?P<line>\d+) of its profile$"
    )
)
def github_annotation(world: World, sid: str, who: str, kind: str, line: str) -> None:
    name = {"an error": "error", "a notice": "notice"}[kind]
    text = Path(world.extra["file"]).read_text(encoding="utf-8")
    found = [
        a
        for a in text.splitlines()
        if a.startswith(f"::{name} file=")
        and a.split(",", 1)[0].endswith("/" + PROFILE_FILES[SUBJECTS[who]])
        and f",title={sid} " in a
    ]
    assert len(found) == 1, text
    assert f",line={line}," in found[0], found[0]


@then(parsers.re(r'^the merge request lists no issue for "(?P<sid>[^"]+)" of (?P<who>\w+)$'))
def gitlab_leaves_out(world: World, sid: str, who: str) -> None:
    issues = json.loads(Path(world.extra["file"]).read_bytes())
    assert issues, "the report lists other issues"
    assert not [
        i
        for i in issues
        if i["check_name"] == sid and i["location"]["path"].endswith(PROFILE_FILES[SUBJECTS[who]])
    ]


@then(
    parsers.re(
        r'^the test of "(?P<sid>[^"]+)" for (?P<who>\w+) '
        r"(?P<outcome>fails|ends in an error|is skipped)$"
    )
)
def junit_outcome(world: World, sid: str, who: str, outcome: str) -> None:
    tag = {"fails": "failure", "ends in an error": "error", "is skipped": "skipped"}[outcome]
    root = etree.fromstring(Path(world.extra["file"]).read_bytes())
    case = root.xpath(
        f"//testsuite[contains(@name, '({SUBJECTS[who]})')]/testcase[starts-with(@name, '{sid} ')]"
    )
    assert len(case) == 1 and [c.tag for c in case[0]] == [tag]


def _cells(world: World) -> list[str]:
    text = Path(world.extra["file"]).read_text(encoding="utf-8")
    return [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]


@then("no cell of the spreadsheet starts a formula")
def no_formula(world: World) -> None:
    cells = _cells(world)
    assert cells, "the spreadsheet is empty"
    assert not [c for c in cells if c.lstrip().startswith(FORMULA)]


@then("no line of the report starts a workflow command")
def no_workflow_command(world: World) -> None:
    lines = Path(world.extra["file"]).read_text(encoding="utf-8").splitlines()
    assert lines, "the report is empty"
    assert not [x for x in lines if x.lstrip().startswith("::")]


@then(parsers.re(r'^the report shows the name as "(?P<shown>.+)"$'))
def name_in_report(world: World, shown: str) -> None:
    assert shown in Path(world.extra["file"]).read_text(encoding="utf-8")


@then(parsers.re(r'^the country\'s name is shown as "(?P<shown>.+)"$'))
def name_shown(world: World, shown: str) -> None:
    assert shown.replace('""', '"') in _cells(world)


@then(parsers.re(r'^proposal "(?P<ref>S\d+)" is (?P<status>.+) for (?P<who>\w+)$'))
def proposal_status(world: World, ref: str, status: str, who: str) -> None:
    groups = world.extra["rollup"]["groups"]
    group = next(g for g in groups if g["subject"] == SUBJECTS[who] and g["heading"] == ref)
    assert group["status"] == status.removeprefix("a ").replace(" ", "_"), group


@then("both files are identical, byte for byte")
def identical(world: World) -> None:
    first, second = (Path(p).read_bytes() for p in world.extra["files"])
    assert first == second


@when("the countries are compared in a matrix")
def matrix(world: World, tmp_path: Path) -> None:
    out = tmp_path / "matrix.csv"
    args = ["matrix", *world.extra["inputs"], *world.extra["waivers"], *CATALOG]
    world.result = run_cli([*args, "--as-of", AS_OF, "--format", "csv", "-o", str(out)])
    assert world.result.exit_code == 0, world.result.output
    text = out.read_text(encoding="utf-8")
    world.extra["matrix"] = list(csv.DictReader(io.StringIO(text, newline="")))


def _row(world: World, key: str) -> dict[str, Any]:
    return dict(next(r for r in world.extra["matrix"] if r["safeguard"] == key))


@then(
    parsers.re(
        r'^the matrix shows "(?P<sid>[^"]+)" as (?P<a>\w+) for (?P<x>\w+) '
        r"and (?P<b>\w+) for (?P<y>\w+)$"
    )
)
def matrix_cells(world: World, sid: str, a: str, x: str, b: str, y: str) -> None:
    row = _row(world, sid)
    assert (row[SUBJECTS[x]], row[SUBJECTS[y]]) == (a, b), row


@then(
    parsers.re(
        r"^the matrix counts (?P<n1>\d+) (?P<s1>[a-z ]+?) and (?P<n2>\d+) (?P<s2>[a-z ]+) "
        r"for (?P<who>\w+)$"
    )
)
def matrix_totals(world: World, n1: str, s1: str, n2: str, s2: str, who: str) -> None:
    code = SUBJECTS[who]
    for count, status in ((n1, s1), (n2, s2)):
        assert _row(world, f"total_{status.replace(' ', '_')}")[code] == count, status


@then(parsers.re(r"^the rows of the matrix follow the proposals (?P<refs>.+)$"))
def matrix_order(world: World, refs: str) -> None:
    shown = [r["proposals"] for r in world.extra["matrix"] if r["safeguard"].startswith("SG-")]
    assert shown == [r.strip() for r in refs.split(",")]


@given("Reformland's profile before and after its 2024 reform")
def reform(world: World) -> None:
    world.extra["diff"] = [str(DATA / "reform-2023.yaml"), str(DATA / "reform-2024.yaml")]
    world.extra["diff_options"] = ["--as-of", AS_OF]


@given("Reformland's profile before its 2024 reform on standard input, and after it in a file")
def reform_piped(world: World) -> None:
    world.extra["stdin"] = (DATA / "reform-2023.yaml").read_text(encoding="utf-8")
    world.extra["diff"] = ["-", str(DATA / "reform-2024.yaml")]
    world.extra["diff_options"] = ["--as-of", AS_OF]


@given("Reformland's profile before its reform and a broken copy of it")
def broken(world: World, tmp_path: Path) -> None:
    copy = tmp_path / "reform-broken.yaml"
    copy.write_text("safeguards: 1\nkind: jurisdiction\nid: [RX\n", encoding="utf-8")
    world.extra["diff"] = [str(DATA / "reform-2023.yaml"), str(copy)]
    world.extra["diff_options"] = []


@given("Germany's profile and a provider's data-request workflow")
def law_and_workflow(world: World) -> None:
    examples = ROOT / "examples"
    world.extra["diff"] = [
        str(examples / "jurisdictions" / "germany.yaml"),
        str(examples / "workflows" / "strong.yaml"),
    ]
    world.extra["diff_options"] = []
    world.extra["catalog"] = []  # the built-in one, which has both kinds


@given("Mixland's profile, whose biometric rule changed on 2025-01-01")
def mixland_over_time(world: World) -> None:
    world.extra["diff"] = [str(DATA / "mixland.yaml")] * 2
    world.extra["diff_options"] = []


@given(
    "Mixland's profile, whose biometric rule of 2019 lapses at the end of 2024 with nothing after it"
)
def mixland_rule_lapses(world: World, tmp_path: Path) -> None:
    text = (DATA / "mixland.yaml").read_text(encoding="utf-8")
    later = (
        "    - value: true\n"
        "      effective_from: 2025-01-01\n"
        '      source: {instrument: Data Protection (Amendment) Act 2024, article: "3", '
        'url: "https://law.example/dpa-2024", basis: secondary}\n'
    )
    assert text.count(later) == 1, "mixland.yaml no longer has the 2025 biometric answer"
    lapsed = tmp_path / "mixland.yaml"
    lapsed.write_text(text.replace(later, ""), encoding="utf-8")
    world.extra["diff"] = [str(lapsed)] * 2
    world.extra["diff_options"] = []


@given("Nulland's profile and its waiver, which expires on 2024-12-31")
def nulland_waived(world: World) -> None:
    world.extra["diff"] = [str(DATA / "nullland.yaml")] * 2
    world.extra["diff_options"] = ["--waivers", str(DATA / "waivers.yaml")]


@given(
    "Mixland's profile, whose published statistics rest on recollection, and a copy where they"
    " are read in the official text"
)
def mixland_and_a_copy_read_in_the_text(world: World, tmp_path: Path) -> None:
    copy = mixland_read_in_the_text(tmp_path)
    world.extra["diff"] = [str(DATA / "mixland.yaml"), str(copy)]
    world.extra["diff_options"] = ["--as-of", AS_OF]


@given(
    "Mixland's profile, whose biometric rule of 2019 rests on commentary, and the same profile"
    " where it is read in a copy of the law"
)
def mixland_biometric_rule_read_later(world: World, tmp_path: Path) -> None:
    recalled = mixland_biometric_rule_from_commentary(tmp_path)
    world.extra["diff"] = [str(recalled), str(DATA / "mixland.yaml")]
    world.extra["diff_options"] = ["--as-of", "2024-06-01"]


@given("Mixland's report as checked before SG-BIO-01 left the catalog, and as checked after")
def mixland_before_and_after_a_check_left(world: World, tmp_path: Path) -> None:
    smaller = tmp_path / "catalog"
    shutil.copytree(CATALOG[1], smaller)
    (rule,) = smaller.rglob("SG-BIO-01.yaml")
    rule.unlink()
    reports = []
    for name, catalog in (("before", CATALOG[1]), ("after", str(smaller))):
        out = tmp_path / f"{name}.json"
        args = ["check", str(DATA / "mixland.yaml"), "--as-of", AS_OF, "--format", "json"]
        made = run_cli([*args, "--fail-on", "none", "-o", str(out), "--catalog", catalog])
        assert made.exit_code == 0, made.output
        reports.append(str(out))
    world.extra["diff"] = reports
    world.extra["diff_options"] = []
    world.extra["catalog"] = []  # the reports hold their verdicts: no catalog is read


def _diff(world: World, *extra: str) -> None:
    catalog = world.extra.get("catalog", CATALOG)
    args = ["diff", *world.extra["diff"], *world.extra["diff_options"], *catalog, *extra]
    world.result = run_cli([*args, "--format", "json"], world.extra.get("stdin"))
    output = world.result.stdout
    world.extra["changes"] = json.loads(output) if output.lstrip().startswith("{") else None


@when("the two versions are compared")
def compare_versions(world: World) -> None:
    _diff(world)


@when(parsers.re(r"^the profile is compared as of (?P<old>[\d-]+) and as of (?P<new>[\d-]+)$"))
def compare_dates(world: World, old: str, new: str) -> None:
    _diff(world, "--old-as-of", old, "--new-as-of", new)


def _finding(world: World, sid: str) -> dict[str, Any]:
    changes = world.extra["changes"]
    assert changes is not None, world.result.output if world.result else "nothing compared"
    return dict(next(c for c in changes["findings"] if c["safeguard"] == sid))


@then(
    parsers.re(
        r'^the diff shows "(?P<fact>[^"]+)" changed from "(?P<old>[^"]+)" to "(?P<new>[^"]+)"$'
    )
)
def fact_changed(world: World, fact: str, old: str, new: str) -> None:
    change = next(c for c in world.extra["changes"]["facts"] if c["fact"] == fact)
    assert (str(change["old"]["value"]), str(change["new"]["value"])) == (old, new)
    assert change["new"]["source"]["instrument"], "the new answer's citation is shown"


@then(
    parsers.re(
        r'^the diff shows a new gap in "(?P<sid>[^"]+)"(?P<why> because the waiver expired)?$'
    )
)
def new_gap(world: World, sid: str, why: str | None) -> None:
    change = _finding(world, sid)
    assert change["change"] == "new gap" and change["new"] == "gap", change
    if why:
        assert change["reason"] == "the waiver expired", change


@then(parsers.re(r'^the diff shows the verdict on "(?P<sid>[^"]+)" no longer provisional$'))
def no_longer_provisional(world: World, sid: str) -> None:
    change = _finding(world, sid)
    assert change["old"] == change["new"], change  # the status stayed
    assert change["change"] == "basis changed", change
    assert change["old_provisional"] and not change["new_provisional"], change
    assert change["reason"].endswith("the verdict now rests on the text itself"), change


@then("the diff counts no new gap")
def no_new_gap(world: World) -> None:
    changes = world.extra["changes"]["findings"]
    assert changes and all(c["change"] != "new gap" for c in changes), changes


@then(parsers.re(r'^the diff shows "(?P<sid>[^"]+)" as no longer checked, not as a closed gap$'))
def no_longer_checked(world: World, sid: str) -> None:
    change = _finding(world, sid)
    assert (change["old"], change["new"]) == ("gap", None), change
    assert (change["change"], change["reason"]) == ("not checked", "no longer checked"), change


@then(parsers.re(r'^the diff shows the gap in "(?P<sid>[^"]+)" as undetermined now, not closed$'))
def gap_unsettled(world: World, sid: str) -> None:
    change = _finding(world, sid)
    assert (change["old"], change["new"], change["change"]) == ("gap", "undetermined", "changed")
    reason = "as-of date 2024-06-01 → 2025-06-01: no longer answered: biometric.court_order"
    assert change["reason"] == reason, change


@then(parsers.re(r'^the diff shows the gap in "(?P<sid>[^"]+)" closed$'))
def closed_gap(world: World, sid: str) -> None:
    change = _finding(world, sid)
    assert change["change"] == "closed gap" and change["old"] == "gap", change
