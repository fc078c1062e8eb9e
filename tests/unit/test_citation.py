"""One presentation of a citation and a reference, in every command and report."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguards.engine.lawyer.explain import cite
from safeguards.engine.models import Basis, Reference, Source
from safeguards.engine.text.citation import article_label, quoted, reference_text, source_text


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
