"""One presentation of a citation and a reference, in every command and report."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from safeguards.engine.catalog import load_catalog
from safeguards.engine.lawyer.explain import cite
from safeguards.engine.models import Basis, Reference, Source
from safeguards.engine.subjects.load import load_subject
from safeguards.engine.text.citation import article_label, quoted, reference_text, source_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("framework", "ref", "text"),
    [
        ("un", "Art. 24", "UN Convention Art. 24"),
        ("budapest", "Art. 15(2)", "Budapest Convention Art. 15(2)"),
        ("np", "Principle 8", "Necessary & Proportionate Principle 8"),
        (
            "national",
            "France, Code de la défense Art. L2321-4",
            "France, Code de la défense Art. L2321-4",
        ),
        ("eu", "Directive 2013/40/EU, Art. 3", "Directive 2013/40/EU, Art. 3"),
        ("eu", "Art. 25", "EU law Art. 25"),
        ("somewhere", "X 1", "somewhere X 1"),
    ],
)
def test_a_reference_names_its_framework_in_words(framework: str, ref: str, text: str) -> None:
    assert reference_text(Reference(framework=framework, ref=ref, verified=True)) == text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain words", "“plain words”"),
        ("“already quoted”", "“already quoted”"),
        ('"straight quotes"', "“straight quotes”"),
        ("«guillemets»", "“guillemets”"),
        ("\rcontrol kept", "“\rcontrol kept”"),
        ("“”", "“”"),
        ("a “quote” inside", "“a “quote” inside”"),
    ],
)
def test_a_quote_is_marked_once(raw: str, shown: str) -> None:
    assert quoted(raw) == shown


@pytest.mark.parametrize(
    ("article", "label"),
    [("90ter", "art. 90ter"), ("para 4", "para 4"), ("§100e", "§100e"), ("Art. 9", "Art. 9")],
)
def test_an_article_is_prefixed_only_when_bare(article: str, label: str) -> None:
    assert article_label(article) == label


def test_explain_and_the_reports_cite_a_source_alike() -> None:
    source = Source(
        instrument="Code",
        article="para 4",
        quote="“the judge decides”",
        url="https://law.example/code",
        date=dt.date(2024, 1, 2),
        basis=Basis.RECOLLECTION,
    )
    line = source_text(source)
    assert line == (
        "Code, para 4 — “the judge decides” <https://law.example/code>"
        " [basis: recollection, version of 2024-01-02 — provisional]"
    )
    assert cite(source) == "cited: " + line
    assert "art. para" not in line and "““" not in line


def test_a_source_that_does_not_say_what_it_rests_on_says_so() -> None:
    assert source_text(Source(instrument="Act")) == "Act [basis not stated]"
    assert source_text(Source()) == "cited [basis not stated]"


SHIPPED = sorted(
    path
    for folder in ("jurisdictions", "reform", "workflows")
    for path in (ROOT / "examples" / folder).glob("*.yaml")
)


def _article_in_instrument(source: Source) -> bool:
    """Whether the instrument's name already gives the article (the citation says it twice)."""
    if not source.article or not source.instrument:
        return False
    core = re.sub(r"^.*?(\barts?\.?|\barticles?|\bss?\.|§+)\s*", "", source.article, flags=re.I)
    if not core:
        return False
    pattern = rf"(\barts?\.?|\barticles?|\bss?\.|§+)\s*{re.escape(core)}(?!\w)"
    return re.search(pattern, source.instrument, flags=re.I) is not None


@pytest.mark.parametrize(
    ("instrument", "article", "twice"),
    [
        ("Declaration of Belgium under ETS 185 Art. 35", "ETS 185 Art. 35", True),
        ("US declaration to ETS 185, Art. 27", "Art. 27", True),
        ("Code pénal art. 323-1 (commentary)", "323-1", True),
        ("Computer Misuse Act 1990 (s.3A inserted by a 2006 Act)", "s.3A", True),
        ("Law of 2024 (NIS2 Law), arts 22-23", "22-23", True),
        ("Declaration of Belgium under ETS 185", "Art. 27(2)", False),
        ("Code pénal (commentary)", "323-1", False),
        ("Regulation (EU) 2023/1543", "5", False),
        ("Police and Justice Act 2006 s.37", "s.3", False),
    ],
)
def test_a_citation_that_names_its_article_twice_is_found(
    instrument: str, article: str, twice: bool
) -> None:
    assert _article_in_instrument(Source(instrument=instrument, article=article)) is twice


def test_no_shipped_answer_names_its_article_twice() -> None:
    """An article cited as "Art. 27, Art. 27": it belongs in ``article``, not in the belongs in ``article``, not in the
    instrument's name too."""
    catalog = load_catalog()
    found = [
        f"{path.name}:{answer.line} {key}: {answer.source.instrument}"
        for path in SHIPPED
        for key, answers in load_subject(path, catalog).answers.items()
        for answer in answers
        if answer.source is not None and _article_in_instrument(answer.source)
    ]
    assert not found, "\n".join(found)
