"""The parse cache never changes a result: a hit equals a fresh parse, a bad entry is a miss."""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguards.engine.catalog import load_catalog
from safeguards.engine.errors import CatalogError, InputErrors
from safeguards.engine.io import yamlcache
from safeguards.engine.io.yamlsrc import load_yaml

TEXT = "id: X\nwhen: 2024-01-02\nat: 2024-01-02T03:04:05Z\nitems:\n  - {a: 1, b: [true, null]}\n"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("SAFEGUARDS_CACHE_DIR", str(where))
    monkeypatch.delenv("SAFEGUARDS_NO_CACHE", raising=False)
    return where


def test_a_hit_equals_a_fresh_parse(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(TEXT, encoding="utf-8")
    fresh = load_yaml(path, CatalogError)
    first = load_yaml(path, CatalogError, cached=True)
    (entry,) = data_entries(cache_dir)
    assert sorted(p.name for p in cache_dir.iterdir()) == [entry.name, positions_of(entry).name]
    hit = load_yaml(path, CatalogError, cached=True)
    for doc in (first, hit):
        assert (doc.data, doc.values, doc.keys) == (fresh.data, fresh.values, fresh.keys)
    assert hit.locate(("items", 0, "b")) == fresh.locate(("items", 0, "b"))


def data_entries(where: Path) -> list[Path]:
    return sorted(p for p in where.glob("*.json") if not p.name.endswith(".pos.json"))


def positions_of(entry: Path) -> Path:
    return entry.with_name(entry.stem + ".pos.json")


def test_a_hit_reads_its_positions_only_when_they_are_used(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The positions come from their own file at the first use, or from a new parse of the text.

    Whatever happened to that file (gone, damaged, foreign), every location is the fresh one.
    """
    from safeguards.engine.io import yamlparse

    path = tmp_path / "f.yaml"
    path.write_text(TEXT, encoding="utf-8")
    fresh = load_yaml(path, CatalogError)
    load_yaml(path, CatalogError, cached=True)
    (entry,) = data_entries(cache_dir)
    kept = positions_of(entry).read_bytes()

    # kept: read from the file, the text is not parsed again
    with monkeypatch.context() as m:
        m.setattr(yamlparse, "parse", None)
        hit = load_yaml(path, CatalogError, cached=True)
        assert (hit.values, hit.keys) == (fresh.values, fresh.keys)

    # read at the first use, not at the load: what the file says then is what counts
    hit = load_yaml(path, CatalogError, cached=True)
    payload = kept.partition(b"\n")[2]
    positions_of(entry).write_bytes(yamlcache.sealed(payload.replace(b"[[],0,0]", b"[[],7,3]")))
    assert hit.locate(()).line == 8 and hit.locate(()).column == 4
    positions_of(entry).write_bytes(kept)

    edited = kept.replace(b"[[],0,0]", b"[[],7,3]")  # well-formed, but not what was written
    foreign = (b'{"values": []}', b"[]", b'{"values": 1, "keys": 2}', payload, edited)
    for junk in (None, b"{", b"\xff", *foreign, *map(yamlcache.sealed, foreign[:3])):
        if junk is None:
            positions_of(entry).unlink()
        else:
            positions_of(entry).write_bytes(junk)
        hit = load_yaml(path, CatalogError, cached=True)
        assert hit.data == fresh.data
        assert (hit.values, hit.keys) == (fresh.values, fresh.keys), junk
        for where in [(), ("items",), ("items", 0, "b", 1), ("at",), ("nowhere", 3)]:
            assert hit.locate(where) == fresh.locate(where)
            assert hit.locate(where, key=True) == fresh.locate(where, key=True)


def test_a_damaged_or_foreign_entry_is_a_miss(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(TEXT, encoding="utf-8")
    fresh = load_yaml(path, CatalogError)
    load_yaml(path, CatalogError, cached=True)
    (entry,) = data_entries(cache_dir)
    kept = entry.read_bytes()
    foreign = [b'{"data": {"x": 1}, "values": [], "keys": []}', b"[]", b'{"data": [1, 2, 3]}']
    foreign += [b'{"data": "text"}', b'{"data": null}', kept.partition(b"\n")[2]]
    foreign += [kept.replace(b"2024-01-02", b"2024-01-03", 1)]  # the data, edited
    for junk in [b"{", b"\xff", b"", *foreign]:
        entry.write_bytes(junk)
        assert load_yaml(path, CatalogError, cached=True).data == fresh.data, junk
    entry.write_bytes(kept)
    assert load_yaml(path, CatalogError, cached=True).data == fresh.data


def test_a_foreign_entry_of_a_catalog_file_leaves_every_command_as_it_was(
    cache_dir: Path,
) -> None:
    """Entries of another shape, where a catalog known valid trusts its files, are misses too."""
    from click.testing import CliRunner

    from safeguards.engine.cli import main

    profile = str(Path(__file__).parents[2] / "examples" / "jurisdictions" / "france.yaml")
    commands = [["--no-config", "rules", "list"], ["--no-config", "check", profile]]
    before = [CliRunner().invoke(main, args).output for args in commands]
    entries = data_entries(cache_dir)
    assert len(entries) > 50
    for entry in entries:
        entry.write_bytes(b'{"data": [1, 2, 3]}')
    for args, output in zip(commands, before, strict=True):
        result = CliRunner().invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.output == output


def test_a_file_that_does_not_parse_is_never_cached(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("a: [1, 2\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputErrors) as caught:
            load_yaml(path, CatalogError, cached=True)
        assert str(caught.value).startswith(f"{path}:")
    assert not cache_dir.exists() or not list(cache_dir.iterdir())


def test_an_unwritable_cache_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("SAFEGUARDS_CACHE_DIR", str(blocker / "sub"))
    path = tmp_path / "f.yaml"
    path.write_text(TEXT, encoding="utf-8")
    assert load_yaml(path, CatalogError, cached=True).data == load_yaml(path, CatalogError).data


def test_the_catalog_loads_the_same_from_the_cache(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load_catalog()
    warm = load_catalog()
    monkeypatch.setenv("SAFEGUARDS_NO_CACHE", "1")
    assert yamlcache.folder() is None
    plain = load_catalog()
    assert cold.sha256 == warm.sha256 == plain.sha256
    assert sorted(cold.safeguards) == sorted(warm.safeguards) == sorted(plain.safeguards)
    assert [s.model_dump() for s in warm.safeguards.values()] == [
        s.model_dump() for s in plain.safeguards.values()
    ]


def test_a_document_that_passed_its_schema_is_not_validated_again(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safeguards.engine.io import validation

    path = tmp_path / "t.yaml"
    path.write_text("id: SG-X-01\n", encoding="utf-8")
    doc = load_yaml(path, CatalogError)
    calls: list[str] = []
    real = validation._validator

    def counting(name: str) -> object:
        calls.append(name)
        return real(name)

    monkeypatch.setattr(validation, "_validator", counting)
    first = validation.validate(doc, "rule.schema.json", CatalogError, cached=True)
    assert first and calls  # invalid: many keys missing
    calls.clear()
    again = validation.validate(doc, "rule.schema.json", CatalogError, cached=True)
    assert [str(e) for e in again] == [str(e) for e in first] and calls  # errors never cached
    assert not list(cache_dir.glob("*.valid"))

    good = load_yaml(
        Path(__file__).parents[2] / "rules/catalog/criminal-intent/SG-MEN-01.yaml", CatalogError
    )
    assert validation.validate(good, "rule.schema.json", CatalogError, cached=True) == []
    assert len(list(cache_dir.glob("*.valid"))) == 1
    calls.clear()
    assert validation.validate(good, "rule.schema.json", CatalogError, cached=True) == []
    assert not calls  # remembered
    assert validation.validate(good, "rule.schema.json", CatalogError) == [] and calls  # not asked
    calls.clear()
    # another schema, or the same data changed, is a miss
    assert validation.validate(good, "table.schema.json", CatalogError, cached=True)
    assert calls


def test_dates_and_their_text_are_different_data_for_the_validity_cache() -> None:
    import datetime as dt

    assert yamlcache.data_digest({"a": dt.date(2024, 1, 2)}) != yamlcache.data_digest(
        {"a": "2024-01-02"}
    )
    assert yamlcache.data_digest({1: "x"}) is None  # a key JSON would turn into text


def test_prune_removes_the_least_recently_used_quarter(tmp_path: Path) -> None:
    import os

    for i in range(12):
        entry = tmp_path / f"{i:02d}.json"
        entry.write_text("{}", encoding="utf-8")
        os.utime(entry, (1000 + i, 1000 + i))
        positions_of(entry).write_text("{}", encoding="utf-8")  # older, never touched: not counted
        os.utime(positions_of(entry), (1, 1))
    (tmp_path / "keep.txt").write_text("not an entry", encoding="utf-8")
    (tmp_path / "gone.pos.json").write_text("{}", encoding="utf-8")  # its data went before
    yamlcache.prune(tmp_path, limit=12)
    assert len(data_entries(tmp_path)) == 12  # at the limit: nothing removed
    os.utime(tmp_path / "00.json", (5000, 5000))  # used recently
    yamlcache.prune(tmp_path, limit=8)
    left = [p.name for p in data_entries(tmp_path)]
    assert left == ["00.json", "07.json", "08.json", "09.json", "10.json", "11.json"]
    positions = sorted(p.name for p in tmp_path.glob("*.pos.json"))
    assert positions == [positions_of(tmp_path / name).name for name in left]
    assert (tmp_path / "keep.txt").exists()


def test_a_profile_read_from_the_cache_gives_the_same_subject(cache_dir: Path) -> None:
    from safeguards.engine.subjects.load import load_subject

    catalog = load_catalog()
    profile = Path(__file__).parents[2] / "examples/jurisdictions/belgium.yaml"
    first = load_subject(profile, catalog)
    assert any(cache_dir.glob("*.valid")) and any(cache_dir.glob("*.json"))
    assert load_subject(profile, catalog) == first


def test_a_catalog_known_valid_skips_its_schemas_until_a_file_changes(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from safeguards.engine.io import validation

    root = tmp_path / "rules"
    shutil.copytree(
        Path(__file__).parents[2] / "rules", root, ignore=shutil.ignore_patterns("__pycache__")
    )
    calls: list[str] = []
    real = validation.validate

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(str(args[1]))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("safeguards.engine.catalog.validate", counting)
    first = load_catalog(root)
    assert len(calls) == len(list(root.rglob("*.yaml")))  # every file checked once
    calls.clear()
    second = load_catalog(root)
    assert calls == [] and second.sha256 == first.sha256  # the whole catalog is known valid
    # one file edited so that it breaks its schema: the catalog is new, every file is checked
    rule = root / "catalog" / "criminal-intent" / "SG-MEN-01.yaml"
    rule.write_text(rule.read_text(encoding="utf-8") + "unexpected_key: 1\n", encoding="utf-8")
    with pytest.raises(InputErrors) as raised:
        load_catalog(root)
    assert len(calls) == len(list(root.rglob("*.yaml")))
    assert any(
        "SG-MEN-01.yaml" in str(e) and "unexpected_key" in str(e) for e in raised.value.errors
    )
