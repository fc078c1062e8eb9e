"""SeenIds answers exactly as a dict of ids to their first place would, in less memory."""

from __future__ import annotations

import random
import tracemalloc

from safeguards.engine.audit.seen import SeenIds


def test_it_answers_as_a_dict_does_on_random_ids() -> None:
    rng = random.Random(7)
    alphabet = "AB-0123456789é€😀\u202e "
    pool = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12))) for _ in range(3000)]
    seen, reference = SeenIds(), {}
    for place in range(20000):  # enough to grow the table several times
        rid = rng.choice(pool)
        assert seen.find(rid) == reference.get(rid), rid  # looks, adds nothing
        assert seen.add(rid, place) == reference.get(rid), rid
        reference.setdefault(rid, place)
        assert len(seen) == len(reference)


def test_ids_that_differ_only_slightly_are_different() -> None:
    seen = SeenIds()
    ids = ["", "a", "A", "a ", " a", "é", "e\u0301", "DR-1", "DR-01", "DR-1\u0000", "\udcff"]
    for place, rid in enumerate(ids):
        assert seen.add(rid, place) is None, rid
    for place, rid in enumerate(ids):
        assert seen.add(rid, 100 + place) == place


def test_the_growth_boundary_keeps_every_entry() -> None:
    seen = SeenIds()
    for n in range(1, 5000):
        assert seen.add(f"R{n}", n) is None
        if n in (511, 512, 513, 1024, 1025, 4095):
            assert all(seen.add(f"R{k}", 0) == k for k in (1, n // 2, n))


def test_it_takes_about_half_the_memory_of_a_dict() -> None:
    """Each id is made afresh, as a log's reader makes it: a dict keeps it, SeenIds its bytes."""
    count = 50000
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        seen = SeenIds()
        for place in range(count):
            seen.add(f"DR-2026-{place:07d}", place)
        compact = tracemalloc.get_traced_memory()[0] - before
        before = tracemalloc.get_traced_memory()[0]
        plain = {f"DR-2026-{place:07d}": place for place in range(count)}
        as_dict = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(seen) == len(plain) == count
    assert compact < 0.6 * as_dict, (compact, as_dict)


def test_ids_added_together_are_all_added_or_none_as_a_dict_would_be() -> None:
    """Differential: batches of ids (some growing the table as they are added, some ending on
    an id given before, or given twice in the batch) against a dict that adds a batch only
    when none of its ids is in it yet."""
    rng = random.Random(11)
    seen, reference = SeenIds(), {}
    place = 0
    for batch_number in range(400):
        size = rng.choice([0, 1, 3, 40, 700])
        batch = []
        for _ in range(size):
            place += 1
            batch.append((f"R{place}", place))
        if batch and rng.random() < 0.4:  # one id already given, or one given twice
            known = list(reference) or [batch[0][0]]
            again = rng.choice(known) if rng.random() < 0.7 else rng.choice(batch)[0]
            batch.insert(rng.randrange(len(batch) + 1), (again, 0))
        ids = [rid for rid, _ in batch]
        fresh = len(set(ids)) == len(ids) and not any(rid in reference for rid in ids)
        before = len(seen)
        assert seen.add_new(iter(batch)) is fresh, batch_number
        if fresh:
            reference.update(batch)
        assert len(seen) == len(reference) == before + (len(batch) if fresh else 0)
        for rid, _ in rng.sample(batch, min(len(batch), 20)):
            assert seen.find(rid) == reference.get(rid), rid
    assert list(seen.items()) == list(reference.items())
    for rid, at in reference.items():
        assert seen.add(rid, 0) == at


def test_a_batch_taken_back_after_the_table_grew_leaves_every_earlier_id_found() -> None:
    seen = SeenIds()
    for n in range(1, 500):  # just below a growth (the table doubles past half of 1,024)
        seen.add(f"R{n}", n)
    batch = [(f"N{n}", n) for n in range(600)] + [("R7", 0)]
    assert seen.add_new(batch) is False
    assert len(seen) == 499
    assert all(seen.find(f"R{n}") == n for n in range(1, 500))
    assert not any(f"N{n}" in seen for n in range(600))
    assert seen.add_new(batch[:-1]) is True and seen.find("N599") == 599 and len(seen) == 1099
