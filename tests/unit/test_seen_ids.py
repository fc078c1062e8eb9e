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
