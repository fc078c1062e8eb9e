"""Comparisons: the jurisdictions × safeguards matrix, and diffs of profiles and reports."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner, Result

from safeguards.engine.cli import main
from safeguards.engine.compare import build_matrix
from safeguards.engine.models import Finding, Status
from safeguards.engine.models.compare import FindingChange
from tests.conftest import mixland_biometric_rule_from_commentary, mixland_read_in_the_text
from tests.unit.test_reports_data import AS_OF, CATALOG, DATA, PROFILES, WAIVERS, in_root
from tests.unit.test_reports_data import mixed_report as mixed

__all__ = ["in_root"]

OLD, NEW = DATA / "reform-2023.yaml", DATA / "reform-2024.yaml"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [*map(str, args), "--catalog", str(CATALOG)])


def test_matrix_rows_follow_the_proposals_and_count_both_ways(in_root: Path) -> None:
    m = build_matrix(mixed())
    assert [r.safeguard.id for r in m.rows] == ["SG-CON-01", "SG-CON-02", "SG-TRA-01", "SG-BIO-01"]
    assert [s.id for s in m.subjects] == ["MX", "NX"]
    assert m.rows[0].cells == (Status.PARTIAL, Status.NOT_APPLICABLE)
    assert m.rows[2].totals[Status.WAIVED] == 1 and m.rows[2].totals[Status.MET] == 1
    assert m.column_totals[0][Status.GAP] == 1 and m.column_totals[1][Status.NOT_APPLICABLE] == 2
    assert sum(sum(t.values()) for t in m.column_totals) == len(mixed().findings)


def test_a_cell_is_provisional_when_any_finding_of_its_status_is(in_root: Path) -> None:
    """A cell of two findings of one status (two checks of a safeguard) is marked provisional
    when one of them rests on less than the text, not only when both do."""
    report = mixed()
    first = report.findings[0]
    twin = first.model_copy(update={"provisional": True})
    solid = first.model_copy(update={"provisional": False})
    cell = (first.safeguard, first.subject)

    def marked(*pair: Finding) -> bool:
        others = [f for f in report.findings if (f.safeguard, f.subject) != cell]
        m = build_matrix(report.model_copy(update={"findings": [*pair, *others]}))
        (row,) = [r for r in m.rows if r.safeguard.id == first.safeguard]
        return row.provisional[[s.id for s in m.subjects].index(first.subject)]

    assert marked(solid, twin) and marked(twin, solid) and marked(twin, twin)
    assert not marked(solid, solid)


def test_matrix_markdown(in_root: Path) -> None:
    result = run("matrix", *PROFILES, "--as-of", AS_OF, "--waivers", WAIVERS[0])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "| Safeguard | Proposal | Mixland | Nulland | Totals |" in lines
    row = next(line for line in lines if line.startswith("| SG-TRA-01"))
    assert row.endswith("| S12 | met* | waived | 1 waived, 1 met |")  # met on recollection
    totals = next(line for line in lines if line.startswith("| **Totals**"))
    assert totals.startswith("| **Totals** | | 1 gap, 1 partial, 1 undetermined, 1 met |")
    note = lines.index(next(x for x in lines if x.startswith("\\* provisional: the verdict")))
    assert lines[note + 1 :] == [
        "",
        "## Waivers",
        "",
        "| Safeguard | Subject | Approver | Expires | State |",
        "|---|---|---|---|---|",
        "| SG-TRA-01 | NX | Jane Doe, General Counsel | 2024-12-31 | applied |",
    ]


def test_a_matrix_without_waivers_has_no_waiver_section(in_root: Path, tmp_path: Path) -> None:
    result = run("matrix", *PROFILES, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "## Waivers" not in result.output
    assert result.output.splitlines()[-1].startswith("\\* provisional: the verdict rests")
    out = tmp_path / "m.json"
    assert run("matrix", *PROFILES, "--as-of", AS_OF, "--format", "json", "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["waivers"] == []


def test_a_matrix_says_what_became_of_each_waiver(in_root: Path, tmp_path: Path) -> None:
    """An expired waiver no longer waives its cell: the matrix says why, in every format."""
    args = ["matrix", *PROFILES, "--as-of", "2025-01-01", "--waivers", WAIVERS[0]]
    assert run(*args, "--format", "json", "-o", tmp_path / "m.json").exit_code == 0
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert [(w["safeguard"], w["subject"], w["state"]) for w in data["waivers"]] == [
        ("SG-TRA-01", "NX", "expired")
    ]
    assert data["rows"][2]["cells"]["NX"]["status"] != "waived"
    assert run(*args, "--format", "html", "-o", f"{tmp_path}/").exit_code == 0
    page = lxml.html.document_fromstring((tmp_path / "matrix.html").read_text(encoding="utf-8"))
    (row,) = page.xpath("//section[@id='waivers']//tbody/tr")
    assert [td.text_content() for td in row.xpath("td")] == [
        "SG-TRA-01",
        "NX",
        "Jane Doe, General Counsel",
        "2024-01-01",
        "2024-12-31",
        "expired",
    ]


def test_matrix_csv(in_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    result = run("matrix", *PROFILES, "--as-of", AS_OF, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    bio = next(r for r in rows if r["safeguard"] == "SG-BIO-01")
    assert (bio["MX"], bio["NX"], bio["total_gap"], bio["total_met"]) == ("gap", "met", "1", "1")
    gaps = next(r for r in rows if r["safeguard"] == "total_gap")
    assert (gaps["MX"], gaps["NX"]) == ("1", "1")


def test_matrix_html_is_a_colour_coded_grid(in_root: Path, tmp_path: Path) -> None:
    result = run("matrix", *PROFILES, "--as-of", AS_OF, "--format", "html", "-o", f"{tmp_path}/")
    assert result.exit_code == 0, result.output
    page = lxml.html.document_fromstring((tmp_path / "matrix.html").read_text(encoding="utf-8"))
    cells = page.xpath("//tr[@data-safeguard='SG-BIO-01']/td[@data-status]")
    assert [(c.get("data-status"), c.get("class")) for c in cells] == [
        ("gap", "cell st-bg-gap"),
        ("met", "cell st-bg-met"),
    ]
    order = page.xpath("//tbody/tr/@data-safeguard")
    assert order == ["SG-CON-01", "SG-CON-02", "SG-TRA-01", "SG-BIO-01"]
    assert not page.xpath("//script | //link")


def test_diff_of_two_profile_versions(in_root: Path) -> None:
    result = run("diff", OLD, NEW, "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 1, result.output  # SG-CON-02 became a gap
    data = json.loads(result.output)
    facts = {c["fact"]: c for c in data["facts"]}
    assert set(facts) == {
        "biometric.court_order",
        "interception.authorization",
        "interception.max_days",
        "interception.urgent_bypass",
    }
    auth = facts["interception.authorization"]
    assert (auth["old"]["value"], auth["new"]["value"]) == ("prosecutor", "judicial")
    assert auth["new"]["source"]["url"] == "https://law.example/cpa-2024#12"
    assert auth["new"]["line"] == 9  # the line of the key in reform-2024.yaml
    changes = {c["safeguard"]: c for c in data["findings"]}
    assert changes["SG-CON-02"]["change"] == "new gap"
    assert changes["SG-CON-02"]["reason"] == "answers changed: interception.max_days"
    assert changes["SG-BIO-01"]["change"] == "closed gap"
    assert changes["SG-CON-01"]["old"] == "gap" and changes["SG-CON-01"]["new"] == "met"
    assert "SG-TRA-01" not in changes
    assert data["new_gaps"] == 1


def test_diff_without_a_new_gap_exits_0(in_root: Path) -> None:
    result = run("diff", OLD, OLD, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "Facts changed: 0" in result.output and "Findings changed: 0" in result.output


def test_a_verdict_that_comes_to_rest_on_the_text_is_listed(in_root: Path, tmp_path: Path) -> None:
    """The status stays, but the verdict is no longer provisional: a lawyer's progress shows."""
    read = mixland_read_in_the_text(tmp_path)
    result = run("diff", DATA / "mixland.yaml", read, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    change = next(line for line in lines if "SG-TRA-01" in line)
    assert change.split("SG-TRA-01 ")[1].startswith("met* → met  "), change
    assert (
        "      because answers changed: transparency.statistics;"
        " the verdict now rests on the text itself" in lines
    )
    assert "Findings changed: 1 (0 new gap(s))" in lines
    assert lines[-1].startswith("* provisional: the verdict rests on an answer not read")
    back = run("diff", read, DATA / "mixland.yaml", "--as-of", AS_OF, "--format", "json")
    assert back.exit_code == 0, back.output
    (finding,) = json.loads(back.output)["findings"]
    assert (finding["old"], finding["new"]) == ("met", "met")
    assert (finding["old_provisional"], finding["new_provisional"]) == (False, True)
    assert finding["change"] == "basis changed"
    assert finding["reason"] == (
        "answers changed: transparency.statistics;"
        " the verdict now rests on an answer not read in the text itself"
    )


def test_a_gap_that_comes_to_rest_on_the_text_is_no_new_gap(in_root: Path, tmp_path: Path) -> None:
    """gap* → gap is the same gap, now read in the law: no new gap, and the diff exits 0."""
    recalled = mixland_biometric_rule_from_commentary(tmp_path)
    result = run("diff", recalled, DATA / "mixland.yaml", "--as-of", "2024-06-01")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Findings changed: 1 (0 new gap(s))" in lines
    assert "  BASIS CHANGED MX SG-BIO-01 gap* → gap  " in result.output
    back = run("diff", DATA / "mixland.yaml", recalled, "--as-of", "2024-06-01", "--format", "json")
    assert back.exit_code == 0, back.output
    (finding,) = json.loads(back.output)["findings"]
    assert (finding["old"], finding["new"], finding["change"]) == ("gap", "gap", "basis changed")


def test_the_markdown_diff_marks_provisional_verdicts(in_root: Path, tmp_path: Path) -> None:
    read = mixland_read_in_the_text(tmp_path)
    result = run("diff", DATA / "mixland.yaml", read, "--as-of", AS_OF, "--format", "markdown")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "SG-TRA-01" in line)
    assert "| met* | met |" in row, row
    assert (
        result.output.rstrip().endswith("confirm it before relying on it.")
        and "\\* provisional:" in result.output
    )


def test_a_diff_with_no_provisional_verdict_has_no_footnote(in_root: Path) -> None:
    for fmt in ("text", "markdown"):
        result = run("diff", OLD, NEW, "--as-of", AS_OF, "--format", fmt)
        assert result.exit_code == 1, result.output
        assert "provisional" not in result.output and "*" not in result.output.replace("**", "")


def test_diff_over_time_of_one_profile(in_root: Path) -> None:
    mixland = DATA / "mixland.yaml"
    result = run("diff", mixland, mixland, "--old-as-of", "2024-06-01", "--new-as-of", "2025-06-01")
    assert result.exit_code == 0, result.output
    assert "CLOSED GAP    MX SG-BIO-01 gap → met*  " in result.output  # the new answer: commentary
    assert "because as-of date 2024-06-01 → 2025-06-01: answers changed" in result.output
    assert (
        "false (Data Protection Act, art. 12 [basis: faithful copy, version of 2019-05-01]) → true (Data Protection (Amendment)"
        in (result.output)
    )


def test_a_waiver_expiring_opens_a_gap(in_root: Path) -> None:
    nulland = DATA / "nullland.yaml"
    args = ["diff", nulland, nulland, "--waivers", WAIVERS[0], "--format", "markdown"]
    result = run(*args, "--old-as-of", "2024-06-01", "--new-as-of", "2025-01-01")
    assert result.exit_code == 1, result.output
    assert "| new gap | NX | SG-TRA-01 " in result.output
    assert "| waived | gap | the waiver expired |" in result.output


def test_a_waived_gap_is_not_called_closed(in_root: Path) -> None:
    """A waiver accepts a gap until it expires; the gap stays open, so the diff says waived."""
    nulland = DATA / "nullland.yaml"
    args = ["diff", nulland, nulland, "--waivers", WAIVERS[0], "--format", "json"]
    result = run(*args, "--old-as-of", "2023-12-31", "--new-as-of", "2024-01-01")
    assert result.exit_code == 0, result.output
    (finding,) = json.loads(result.output)["findings"]
    assert (finding["old"], finding["new"], finding["change"]) == ("gap", "waived", "waived")
    assert finding["reason"] == "a waiver applies until 2024-12-31"


def test_diff_of_two_json_reports(in_root: Path, tmp_path: Path) -> None:
    for name, when in (("old", "2024-06-01"), ("new", "2025-06-01")):
        made = run("check", DATA / "mixland.yaml", "--as-of", when, "--format", "json",
                   "--fail-on", "none", "-o", tmp_path / f"{name}.json")  # fmt: skip
        assert made.exit_code == 0, made.output
    result = CliRunner().invoke(
        main, ["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")]
    )
    assert result.exit_code == 0, result.output
    assert (
        "biometric.court_order: false (Data Protection Act, art. 12 [basis: faithful copy, version of 2019-05-01]) → true"
        in result.output
    )
    assert "CLOSED GAP    MX SG-BIO-01 gap → met*  " in result.output  # the new answer: commentary
    # each side is named by the report compared, not by the profile the report was made from
    assert f"Old: {tmp_path / 'old.json'} (as of 2024-06-01)" in result.output.splitlines()


def saved(tmp_path: Path, name: str, *profiles: Path, catalog: Path = CATALOG) -> Path:
    """Check ``profiles`` as of 2024-06-01 with ``catalog``; return the JSON report's path."""
    out = tmp_path / f"{name}.json"
    made = CliRunner().invoke(main, ["check", *map(str, profiles), "--as-of", "2024-06-01",
                                     "--format", "json", "--fail-on", "none", "-o", str(out),
                                     "--catalog", str(catalog)])  # fmt: skip
    assert made.exit_code == 0, made.output
    return out


def test_a_check_the_catalog_dropped_closes_no_gap(in_root: Path, tmp_path: Path) -> None:
    """Reports made before and after a catalog dropped SG-BIO-01: the gap is not closed, only
    no longer checked; the other way round, the check is new and so is its gap."""
    smaller = tmp_path / "catalog"
    shutil.copytree(CATALOG, smaller)
    (rule,) = smaller.rglob("SG-BIO-01.yaml")
    rule.unlink()
    full = saved(tmp_path, "full", DATA / "mixland.yaml")
    fewer = saved(tmp_path, "fewer", DATA / "mixland.yaml", catalog=smaller)
    dropped = CliRunner().invoke(main, ["diff", str(full), str(fewer)])
    assert dropped.exit_code == 0, dropped.output
    lines = dropped.output.splitlines()
    assert "Findings changed: 1 (0 new gap(s))" in lines
    title = "Biometric data needs an additional court order"
    assert f"  NOT CHECKED   MX SG-BIO-01 gap → —  {title}" in lines
    assert "      because no longer checked" in lines
    added = CliRunner().invoke(main, ["diff", str(fewer), str(full), "--format", "json"])
    assert added.exit_code == 1, added.output  # a new gap
    (finding,) = json.loads(added.output)["findings"]
    assert (finding["old"], finding["new"], finding["change"]) == (None, "gap", "new gap")
    assert finding["reason"] == "newly checked"


def test_a_newly_checked_finding_says_the_waiver_that_applies(
    in_root: Path, tmp_path: Path
) -> None:
    """A check the catalog gained, whose gap a waiver accepts: newly checked, waived until."""
    smaller = tmp_path / "catalog"
    shutil.copytree(CATALOG, smaller)
    (rule,) = smaller.rglob("SG-TRA-01.yaml")
    rule.unlink()
    fewer = saved(tmp_path, "fewer", DATA / "nullland.yaml", catalog=smaller)
    full = tmp_path / "full.json"
    made = run("check", DATA / "nullland.yaml", "--as-of", "2024-06-01", "--format", "json",
               "--fail-on", "none", "--waivers", WAIVERS[0], "-o", full)  # fmt: skip
    assert made.exit_code == 0, made.output
    added = CliRunner().invoke(main, ["diff", str(fewer), str(full), "--format", "json"])
    (finding,) = json.loads(added.output)["findings"]
    assert (finding["safeguard"], finding["new"]) == ("SG-TRA-01", "waived")
    assert finding["reason"] == "newly checked; a waiver applies until 2024-12-31"


def test_subjects_are_paired_by_id_unless_each_report_has_one(
    in_root: Path, tmp_path: Path
) -> None:
    """A report of one subject against a report of two: the one is paired with its namesake,
    not with whichever subject comes first (two single subjects are paired whatever their ids)."""
    both = saved(tmp_path, "both", DATA / "mixland.yaml", DATA / "nullland.yaml")
    one = saved(tmp_path, "one", DATA / "nullland.yaml")
    result = CliRunner().invoke(main, ["diff", str(one), str(both), "--format", "json"])
    changes = json.loads(result.output)["findings"]
    assert changes and {(c["subject"], c["old"]) for c in changes} == {("MX", None)}
    other = saved(tmp_path, "other", DATA / "mixland.yaml")
    result = CliRunner().invoke(main, ["diff", str(one), str(other), "--format", "json"])
    assert {c["subject"] for c in json.loads(result.output)["findings"]} == {"MX"}
    assert all(c["old"] is not None for c in json.loads(result.output)["findings"])


def test_a_verdict_changed_by_the_catalog_alone_says_so(in_root: Path, tmp_path: Path) -> None:
    """The same answers under a stricter catalog: the new gap is the catalog's doing."""
    stricter = tmp_path / "catalog"
    shutil.copytree(CATALOG, stricter)
    (rule,) = stricter.rglob("SG-CON-02.yaml")
    text = rule.read_text(encoding="utf-8")
    assert text.count("lte: 90}") == 1
    rule.write_text(text.replace("lte: 90}", "lte: 14}"), encoding="utf-8")
    before = saved(tmp_path, "before", OLD)  # interception.max_days: 30
    after = saved(tmp_path, "after", OLD, catalog=stricter)
    result = CliRunner().invoke(main, ["diff", str(before), str(after), "--format", "json"])
    assert result.exit_code == 1, result.output  # a new gap
    data = json.loads(result.output)
    assert data["facts"] == []
    (finding,) = data["findings"]
    assert (finding["safeguard"], finding["old"], finding["new"]) == ("SG-CON-02", "met", "gap")
    assert finding["reason"] == "the catalog changed"


def test_a_subject_left_out_of_a_report_closes_no_gap(in_root: Path, tmp_path: Path) -> None:
    both = saved(tmp_path, "both", DATA / "mixland.yaml", DATA / "nullland.yaml")
    one = saved(tmp_path, "one", DATA / "mixland.yaml")
    result = CliRunner().invoke(main, ["diff", str(both), str(one), "--format", "json"])
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)["findings"]
    assert changes and {c["subject"] for c in changes} == {"NX"}
    assert {(c["new"], c["change"], c["reason"]) for c in changes} == {
        (None, "not checked", "no longer checked")
    }


def test_a_report_of_format_1_0_is_still_read(in_root: Path, tmp_path: Path) -> None:
    """Format 1.1 only added each open question's ``unanswered``: a 1.0 report lacks it."""
    made = run("check", DATA / "mixland.yaml", "--as-of", "2024-06-01", "--format", "json",
               "--fail-on", "none", "-o", tmp_path / "new.json")  # fmt: skip
    assert made.exit_code == 0, made.output
    report = json.loads((tmp_path / "new.json").read_text(encoding="utf-8"))
    assert report["report_version"] == "1.1"
    lapsed = [m for f in report["findings"] for m in f["missing_facts"] if m["unanswered"]]
    assert lapsed, "mixland has an open question whose answer lapsed"
    report["report_version"] = "1.0"
    for f in report["findings"]:
        for m in f["missing_facts"]:
            del m["unanswered"]
    (tmp_path / "old.json").write_text(json.dumps(report), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")]
    )
    assert result.exit_code == 0, result.output
    assert "Findings changed: 0" in result.output


def test_a_report_can_be_diffed_against_a_profile(in_root: Path, tmp_path: Path) -> None:
    made = run("check", OLD, "--as-of", AS_OF, "--format", "json", "--fail-on", "none",
               "-o", tmp_path / "old.json")  # fmt: skip
    assert made.exit_code == 0, made.output
    result = run("diff", tmp_path / "old.json", NEW, "--as-of", AS_OF)
    assert result.exit_code == 1, result.output
    assert "NEW GAP       RX SG-CON-02 met → gap" in result.output


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("broken.yaml", "safeguards: 1\nkind: jurisdiction\nid: [RX\n", ":4:1: YAML syntax error"),
        (
            "report.json",
            '{\n  "report_version": "1.0",\n  "tool": {"version": 3},\n  "catalog": {},\n'
            '  "subjects": [], "safeguards": [], "findings": [], "summary": {}\n}\n',
            ":3:",
        ),
        (
            "unknown.yaml",
            "safeguards: 1\nkind: jurisdiction\nid: RX\nfacts:\n  interception.exist: true\n",
            ":5:3: unknown fact 'interception.exist' (did you mean 'interception.exists'?)",
        ),
    ],
)
def test_malformed_input_is_located(
    in_root: Path, tmp_path: Path, name: str, text: str, where: str
) -> None:
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    result = run("diff", OLD, bad)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    first = result.output.splitlines()[0]
    assert first.startswith(f"{bad}:") and where in first, result.output


def test_both_sides_are_reported_at_once(in_root: Path, tmp_path: Path) -> None:
    result = run("diff", tmp_path / "missing-old.yaml", tmp_path / "missing-new.yaml")
    assert result.exit_code == 2
    assert [line.split(":")[0] for line in result.output.splitlines()] == [
        str(tmp_path / "missing-new.yaml"),
        str(tmp_path / "missing-old.yaml"),
    ]


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GERMANY = EXAMPLES / "jurisdictions" / "germany.yaml"
FRANCE = EXAMPLES / "jurisdictions" / "france.yaml"
STRONG = EXAMPLES / "workflows" / "strong.yaml"


def built_in(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [*map(str, args)])


def json_report(profile: Path, out: Path) -> Path:
    made = built_in("check", profile, "--format", "json", "--fail-on", "none", "-o", out)
    assert made.exit_code == 0, made.output
    return out


@pytest.mark.parametrize("form", ["profiles", "reports", "report then profile"])
def test_a_law_and_a_workflow_are_not_compared(tmp_path: Path, form: str) -> None:
    """Compared, every answer of one would read as removed and every one of the other added."""
    old, new = GERMANY, STRONG
    if form != "profiles":
        old = json_report(GERMANY, tmp_path / "de.json")
    if form == "reports":
        new = json_report(STRONG, tmp_path / "cloud.json")
    result = built_in("diff", old, new)
    assert result.exit_code == 2 and result.stdout == "", result.output
    (line,) = result.stderr.splitlines()
    new_text = new.read_text(encoding="utf-8").splitlines()
    place, message = line.split(": ", 1)
    path, row, column = place.rsplit(":", 2)
    assert path == str(new)
    assert new_text[int(row) - 1][int(column) - 1 :].startswith(("workflow", '"workflow"'))
    assert message == (
        f"'examplecloud' is a workflow and 'DE' of {old} a jurisdiction: diff compares two"
        " versions of one subject (matrix sets jurisdictions side by side)"
    )


def test_two_laws_of_one_kind_are_still_compared(tmp_path: Path) -> None:
    """A subject whose id changed is the same subject: two jurisdictions compare."""
    result = built_in("diff", GERMANY, json_report(FRANCE, tmp_path / "fr.json"))
    assert result.exit_code in (0, 1), result.output
    assert "Facts changed" in result.stdout


def test_the_library_refuses_to_compare_a_law_with_a_workflow() -> None:
    from safeguards import engine

    catalog = engine.load_catalog()
    law = engine.check([GERMANY], catalog=catalog)
    flow = engine.check([STRONG], catalog=catalog)
    ((was, now),) = engine.kind_clashes(law, flow)
    assert (was.id, was.kind, now.id, now.kind) == (
        "DE",
        "jurisdiction",
        "examplecloud",
        "workflow",
    )
    assert engine.kind_clashes(law, law) == []
    with pytest.raises(ValueError, match=r"DE \(jurisdiction\) and examplecloud \(workflow\)"):
        engine.diff(law, flow, engine.facts_from_report(law), engine.facts_from_report(flow))


@pytest.mark.parametrize(
    ("profiles", "title"),
    [
        ((GERMANY, FRANCE), "Safeguards by jurisdiction"),
        ((STRONG, EXAMPLES / "workflows" / "weak.yaml"), "Safeguards by workflow"),
        ((STRONG, GERMANY), "Safeguards by subject"),
    ],
)
def test_the_matrix_is_titled_by_what_it_sets_side_by_side(
    tmp_path: Path, profiles: tuple[Path, Path], title: str
) -> None:
    markdown = built_in("matrix", *profiles)
    assert markdown.exit_code == 0 and markdown.stdout.startswith(f"# {title}\n")
    made = built_in("matrix", *profiles, "--format", "html", "-o", tmp_path / "m.html")
    assert made.exit_code == 0, made.output
    page = lxml.html.fromstring((tmp_path / "m.html").read_bytes())
    assert page.findtext(".//title") == page.findtext(".//h1") == title
    region = page.find(".//div[@role='region']")
    assert region is not None and region.get("aria-label") == f"{title} (scrolls sideways)"


@pytest.mark.parametrize(
    ("old", "new", "change"),
    [
        (Status.GAP, Status.MET, "closed gap"),
        (Status.GAP, Status.NOT_APPLICABLE, "closed gap"),
        (Status.GAP, Status.PARTIAL, "narrowed gap"),
        (Status.GAP, Status.UNDETERMINED, "changed"),  # no longer settled: not closed
        (Status.GAP, Status.WAIVED, "waived"),  # accepted, still open
        (Status.GAP, None, "not checked"),
        (Status.GAP, Status.GAP, "basis changed"),
        (Status.PARTIAL, Status.GAP, "new gap"),
        (Status.UNDETERMINED, Status.GAP, "new gap"),
        (None, Status.GAP, "new gap"),
        (Status.WAIVED, Status.GAP, "new gap"),  # the waiver expired
        (Status.PARTIAL, Status.MET, "changed"),
        (Status.MET, Status.UNDETERMINED, "changed"),
    ],
)
def test_each_change_of_status_is_named_for_what_it_does_to_the_gap(
    old: Status | None, new: Status | None, change: str
) -> None:
    found = FindingChange(
        subject="MX",
        safeguard="SG-BIO-01",
        kind="jurisdiction",
        request=None,
        title="Biometric data needs an additional court order",
        severity="high",
        old=old,
        new=new,
        reason="answers changed: biometric.court_order",
    )
    assert found.change == change


def test_a_diff_of_two_reports_lists_answers_not_derived_facts(tmp_path: Path) -> None:
    """A report shows derived facts among the decisive ones (the legal review comes before
    production); they are no answers, and a diff of two reports does not list them."""
    weak = json_report(EXAMPLES / "workflows" / "weak.yaml", tmp_path / "weak.json")
    strong = json_report(STRONG, tmp_path / "strong.json")
    derived = {
        d["fact"]
        for f in json.loads(strong.read_text())["findings"]
        for d in f.get("decisive_facts", [])
        if d.get("derived")
    }
    assert derived  # the report shows some
    result = built_in("diff", weak, strong)
    assert result.exit_code in (0, 1), result.output
    assert "Facts changed:" in result.output
    assert not [fact for fact in derived if fact in result.output], result.output
