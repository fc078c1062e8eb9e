"""Turns the counters of a transparency run into tables T1-T13, small cells protected."""

from __future__ import annotations

from typing import Any

from safeguards.engine.audit.accumulate import Accumulator
from safeguards.engine.audit.cells import Cells, quantile, table
from safeguards.engine.audit.suppression import SPLIT, keys, links, withheld
from safeguards.engine.models.transparency import Cell, Table


class _Builder:
    """Builds the tables one group at a time, sharing the counters and the cell formatter."""

    def __init__(self, acc: Accumulator, min_cell: int) -> None:
        self.acc = acc
        self.c = acc.counts
        self.cells = Cells(min_cell, withheld(self.c, links(self.c), min_cell))
        self.out: list[Table] = []

    def linked(self, tid: str, key: tuple[Any, ...]) -> Cell:
        return self.cells.linked(self.c[tid], tid, key)

    def share(self, tid: str, part: tuple[Any, ...], whole: tuple[Any, ...]) -> Cell:
        return self.cells.share(self.c[tid], tid, part, whole)

    def grid(self, tid: str, title: str, width: int, heads: list[str], make: Any) -> None:
        cells, c = self.cells, self.c
        before = cells.suppressed
        rows = [make(key, lambda name, k=key: c[tid][(*k, name)]) for key in keys(c[tid], width)]
        self.out.append(table(cells, before, tid.upper(), title, heads, rows))

    def requests_and_disclosure(self) -> None:
        """T1 and T2: requests by country and legal process, and the disclosure split."""
        n = self.cells.count
        linked = self.linked
        share = self.share
        grid = self.grid
        grid(
            "t1",
            "Requests by country and legal process",
            2,
            [
                "country",
                "legal process",
                "requests",
                "identifiers specified",
                "accounts specified",
                "in process",
                "closed",
                "some data produced",
                "% some data produced",
            ],
            lambda k, g: (
                *k,
                linked("t1", (*k, "requests")),
                n(g("identifiers")),
                n(g("accounts")),
                linked("t1", (*k, "in_process")),
                linked("t1", (*k, "closed")),
                linked("t1", (*k, "produced")),
                share("t1", (*k, "produced"), (*k, "closed")),
            ),
        )
        split = SPLIT
        grid(
            "t2",
            "Disclosure split of closed requests",
            1,
            [
                "country",
                "closed",
                *[s.replace("_", " ") for s in split],
                *[f"% {s.replace('_', ' ')}" for s in split],
            ],
            lambda k, g: (
                *k,
                linked("t2", (*k, "closed")),
                *[linked("t2", (*k, s)) for s in split],
                *[share("t2", (*k, s), (*k, "closed")) for s in split],
            ),
        )

    def emergency(self) -> None:
        """T3: emergency requests, with their median response time."""
        c = self.c
        cells = self.cells
        out = self.out
        acc = self.acc
        n = self.cells.count
        pct = self.cells.pct
        before = cells.suppressed
        rows3: list[tuple[Cell, ...]] = []
        for (country,) in keys(c["t3"], 1):
            g3 = c["t3"]
            hist = acc.hours[("t3", country)]
            rows3.append(
                (
                    country,
                    n(g3[(country, "requests")]),
                    n(g3[(country, "accounts")]),
                    pct(g3[(country, "produced")], g3[(country, "closed")]),
                    n(g3[(country, "followed_up")]),
                    cells.median(quantile(hist, 0.5), sum(hist.values())),
                )
            )
        out.append(
            table(
                cells,
                before,
                "T3",
                "Emergency requests",
                [
                    "country",
                    "requests",
                    "accounts",
                    "% produced",
                    "followed up by legal process",
                    "median response hours",
                ],
                rows3,
            )
        )

    def preservation_and_tiers(self) -> None:
        """T4-T6: preservation, access modes, data tiers and sensitive data."""
        n = self.cells.count
        linked = self.linked
        grid = self.grid
        grid(
            "t4",
            "Preservation requests",
            1,
            [
                "country",
                "requests",
                "accounts preserved",
                "converted to production",
                "expired unused",
            ],
            lambda k, g: (
                *k,
                linked("t4", (*k, "requests")),
                n(g("accounts_preserved")),
                n(g("converted")),
                n(g("expired_unused")),
            ),
        )
        grid(
            "t5",
            "Stored data and real-time access",
            2,
            ["access mode", "request kind", "requests", "accounts"],
            lambda k, g: (*k, linked("t5", (*k, "requests")), linked("t5", (*k, "accounts"))),
        )
        grid(
            "t6",
            "Data tiers and sensitive data, requested and produced",
            1,
            ["tier or flag", "requests asking for it", "requests producing it"],
            lambda k, g: (*k, n(g("requested")), n(g("produced"))),
        )

    def cross_border(self) -> None:
        """T7: cross-border requests by legal channel and issuing country."""
        n, pct, grid = self.cells.count, self.cells.pct, self.grid
        grid(
            "t7",
            "Cross-border requests by legal channel and issuing country",
            2,
            [
                "channel",
                "issuing country",
                "requests",
                "closed",
                "some data produced",
                "% some data produced",
                "content requests for data stored abroad",
            ],
            lambda k, g: (
                *k,
                n(g("requests")),
                n(g("closed")),
                n(g("produced")),
                pct(g("produced"), g("closed")),
                n(g("content_stored_abroad")),
            ),
        )

    def notice_and_pushback(self) -> None:
        """T8 and T9: confidentiality and notice, pushback and reasons for rejection."""
        c = self.c
        cells = self.cells
        out = self.out
        n = self.cells.count
        share = self.share
        before = cells.suppressed
        everyone = ("all requests",)
        rows8 = [
            (k[0], n(v), share("t8", k, everyone))
            for k, v in sorted(c["t8"].items())
            if k != everyone
        ]
        out.append(
            table(
                cells,
                before,
                "T8",
                "Confidentiality and user notice",
                ["measure", "requests", "share of all requests (%)"],
                rows8,
            )
        )
        before = cells.suppressed
        rows9 = [(*k, n(v)) for k, v in sorted(c["t9"].items())]
        out.append(
            table(
                cells,
                before,
                "T9",
                "Pushback and reasons for rejection",
                ["kind", "value", "requests"],
                rows9,
            )
        )

    def crimes_and_response_time(self) -> None:
        """T10 and T11: crimes and purpose, response times."""
        c = self.c
        cells = self.cells
        out = self.out
        acc = self.acc
        n = self.cells.count
        pct = self.cells.pct
        linked = self.linked
        grid = self.grid
        grid(
            "t10",
            "Crimes investigated and purpose",
            2,
            ["offence", "purpose", "requests", "accounts", "closed", "% some data produced"],
            lambda k, g: (
                *k,
                linked("t10", (*k, "requests")),
                linked("t10", (*k, "accounts")),
                n(g("closed")),
                pct(g("produced"), g("closed")),
            ),
        )
        before = cells.suppressed
        rows11: list[tuple[Cell, ...]] = []
        for key in keys(c["t11"], 2):
            hist = acc.hours[("t11", *key)]
            closed = sum(hist.values())
            rows11.append(
                (
                    *key,
                    n(closed),
                    cells.median(quantile(hist, 0.5), closed),
                    cells.median(quantile(hist, 0.9), closed),
                    pct(c["t11"][(*key, "on_time")], c["t11"][(*key, "deadline_known")]),
                )
            )
        out.append(
            table(
                cells,
                before,
                "T11",
                "Response time of closed requests",
                [
                    "legal process",
                    "emergency",
                    "closed",
                    "median hours",
                    "p90 hours",
                    "% within deadline",
                ],
                rows11,
            )
        )

    def gates(self) -> None:
        """T13: the biometric and real-time gates."""
        c = self.c
        cells = self.cells
        out = self.out
        n = self.cells.count
        before = cells.suppressed
        rows13 = [(*k, n(v)) for k, v in sorted(c["t13"].items())]
        out.append(
            table(
                cells,
                before,
                "T13",
                "Biometric and real-time gates",
                ["requests for", "measure", "requests"],
                rows13,
            )
        )


def build_tables(acc: Accumulator, min_cell: int) -> tuple[list[Table], Cell]:
    """Return T1–T11 and T13 from the accumulated counters (T12 is :func:`national_security`).

    Also return the number of requests of the period as the heading may show it: a total
    below the minimum cell, or one withheld to protect a cell it would give back, is a cell
    like any other.
    """
    build = _Builder(acc, min_cell)
    build.requests_and_disclosure()
    build.emergency()
    build.preservation_and_tiers()
    build.cross_border()
    build.notice_and_pushback()
    build.crimes_and_response_time()
    build.gates()
    return build.out, build.linked("t8", ("all requests",))
