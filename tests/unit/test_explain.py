"""`safeguards explain`: a safeguard in plain words, and the trace of one verdict."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from safeguards.engine import api
from safeguards.engine.catalog import Catalog, load_catalog
from safeguards.engine.cli import main
from safeguards.engine.lawyer.edit import set_answer
from safeguards.engine.lawyer.explain import describe_safeguard, explain_subject
from safeguards.engine.lawyer.splice import Change
from safeguards.engine.lawyer.whatif import base_values, changes
from safeguards.engine.logic.evaluate import Options
from safeguards.engine.models import Basis, Status
from safeguards.engine.subjects.load import load_subject

DATA = Path(__file__).resolve().parents[1] / "data" / "lawyer"
CATALOG = DATA / "catalog"
PROFILE = DATA / "ruritania.yaml"
CAT = ["--catalog", str(CATALOG)]


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog(CATALOG)


def test_the_safeguard_in_plain_words(cat: Catalog) -> None:
    text = describe_safeguard(cat, cat.get("SG-LAW-01"))
    assert text.startswith("SG-LAW-01 — Interception needs judicial or independent authorisation")
    assert "“judicial or other independent review”" in text
    assert "[verified]   Budapest Convention Art. 15" in text
    assert "[unverified] UN Convention Art. 24" in text
    assert "“Who authorises interception?” — the answer is" in text
    assert "this does not hold:" in text
    assert "Intrusive powers need review" in text and "Require a judge" in text


def test_a_gap_is_traced_to_its_answers_lines_and_citations(cat: Catalog) -> None:
    subject = load_subject(PROFILE, cat)
    text = " ".join(explain_subject(cat, cat.get("SG-LAW-01"), subject).split())
    assert "GAP — Interception is authorised by someone who is not independent." in text
    assert f"interception.exists = yes ({PROFILE}:12; cited: Code of Criminal Procedure" in text
    assert f"interception.authorization = prosecutor ({PROFILE}:15; asserted, no source)" in text
    assert "interception.urgent_bypass: no answer" in text
    assert "interception.exists = no → not applicable" in text
    assert "answers in force on 2024-06-01" in text


def test_an_undetermined_verdict_lists_the_missing_answers(cat: Catalog) -> None:
    text = explain_subject(cat, cat.get("SG-LAW-02"), load_subject(PROFILE, cat))
    assert "UNDETERMINED" in text
    assert "Missing answers that keep it open:\n  interception.max_days: For how many days" in text
    assert "interception.max_days = 89 or 90 → met" in text
    assert "interception.max_days = 91 or 179 or 180 → partial" in text
    assert "interception.max_days = 181 → gap" in text


def test_a_derived_answer_shows_the_answers_it_comes_from(cat: Catalog) -> None:
    text = explain_subject(cat, cat.get("SG-LAW-04"), load_subject(PROFILE, cat))
    assert "research.protected = yes, derived from research.protection = prosecution_policy" in text
    assert "cited: Prosecution guideline 2023/1" in " ".join(text.split())


@pytest.mark.parametrize(
    "safeguard", ["SG-LAW-01", "SG-LAW-02", "SG-LAW-03", "SG-LAW-04", "SG-LAW-05"]
)
def test_every_suggested_change_really_changes_the_verdict(
    tmp_path: Path, cat: Catalog, safeguard: str
) -> None:
    """Each single answer `explain` offers is written with `set` and checked from the file."""
    subject = load_subject(PROFILE, cat)
    check = cat.checks[(safeguard, "jurisdiction")]
    found = changes(cat, check, base_values(subject))
    assert found, safeguard
    before = {f.safeguard: f.status for f in api.check([PROFILE], catalog=cat).findings}
    for change in found:
        trial = tmp_path / "trial.yaml"
        shutil.copy(PROFILE, trial)
        set_answer(trial, cat, Change(change.fact, change.value))
        after = {f.safeguard: f.status for f in api.check([trial], catalog=cat).findings}
        assert after[safeguard] is change.status, change
        assert after[safeguard] is not before[safeguard]


def test_the_cli_explains_with_and_without_a_subject() -> None:
    plain = CliRunner().invoke(main, ["explain", "sg-law-03", *CAT])
    assert plain.exit_code == 0 and "Biometric data needs an additional court order" in plain.output
    assert "Verdict" not in plain.output
    traced = CliRunner().invoke(main, ["explain", "SG-LAW-05", "--subject", str(PROFILE), *CAT])
    assert traced.exit_code == 0
    assert "PARTIAL" in traced.output
    assert "offences.qualifiers = [dishonest_intent] or" in traced.output
    earlier = CliRunner().invoke(
        main, ["explain", "SG-LAW-04", "--subject", str(PROFILE), "--as-of", "2020-01-01", *CAT]
    )
    assert "GAP" in earlier.output and "research.protection = none" in earlier.output


def test_the_cli_refuses_unknown_safeguards_and_kinds(tmp_path: Path) -> None:
    typo = CliRunner().invoke(main, ["explain", "SG-LAW-1", *CAT])
    assert typo.exit_code == 2 and "did you mean 'SG-LAW-01'?" in typo.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("safeguards: 1\nkind: jurisdiction\nid: B\nfacts: []\n")
    broken = CliRunner().invoke(main, ["explain", "SG-LAW-01", "--subject", str(bad), *CAT])
    assert broken.exit_code == 2
    assert f"{bad}:4:8:" in broken.output
    assert "Traceback" not in broken.output


def test_statuses_name_every_outcome() -> None:
    assert {s.label for s in Status} >= {"met", "partial", "gap", "undetermined", "not applicable"}


def test_an_answer_not_counted_says_why(cat: Catalog, tmp_path: Path) -> None:
    """No answer in force on the date, or one set aside by the options: each says so at its line."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "safeguards: 1\nkind: jurisdiction\nid: P\nas_of: 2021-01-01\nfacts:\n"
        "  interception.exists:\n"
        "    value: true\n"
        "    source: {instrument: A commentary, basis: secondary}\n"
        "  interception.max_days:\n"
        "    - value: 60\n"
        "      effective_until: 2019-12-31\n"
        "  interception.authorization: judicial\n"
    )
    subject = load_subject(path, cat)
    text = " ".join(explain_subject(cat, cat.get("SG-LAW-02"), subject).split())
    assert (
        f"interception.max_days: no answer; answered until 2019-12-31 ({path}:10);"
        " nothing in force on 2021-01-01"
    ) in text
    floor = Options(min_basis=Basis.OFFICIAL_TEXT)
    text = " ".join(explain_subject(cat, cat.get("SG-LAW-02"), subject, floor).split())
    assert (
        f"interception.exists: the answer at {path}:6 is not counted: its basis (secondary)"
        " is below --min-basis official_text"
    ) in text
    cited = Options(require_citations=True)
    text = " ".join(explain_subject(cat, cat.get("SG-LAW-01"), subject, cited).split())
    assert (
        f"interception.authorization: the answer at {path}:12 is not counted: it cites no source"
        " (--require-citations)"
    ) in text


def test_each_kind_of_condition_reads_as_a_sentence(catalog: Catalog) -> None:
    """Conditions on a request, in the built-in catalog, read as a lawyer would say them."""
    said = {
        sid: describe_safeguard(catalog, catalog.get(sid))
        for sid in ("SG-RTI-03", "SG-INC-02", "SG-SAF-02")
    }
    # a fact that must be absent
    assert "“When was the notice sent to the user?” is not answered" in said["SG-RTI-03"]
    # none of several values; a value that must not be given ("neither" wants a "nor")
    assert "the answer is neither redirected_to_customer nor withdrawn" in " ".join(
        said["SG-INC-02"].split()
    )
    assert (
        "“Which crime is being investigated?” — the answer is not not_stated" in said["SG-SAF-02"]
    )
    assert "is neither not_stated" not in said["SG-SAF-02"]


def test_a_safeguard_without_references_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    shutil.copytree(CATALOG, folder)
    (rule,) = folder.rglob("SG-LAW-01.yaml")
    text = rule.read_text(encoding="utf-8")
    refs = text[text.index("refs:\n") : text.index("rationale:")]
    rule.write_text(text.replace(refs, "refs: []\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", "SG-LAW-01", "--catalog", str(folder)])
    assert result.exit_code == 0, result.output
    assert "References:\n  (none)\n" in result.output
