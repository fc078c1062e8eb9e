"""`check` over many profiles: CPU time and peak memory at 100 and 1,000 profiles, and the ratio.

Issue 10 asks that ``check`` scale linearly: 1,000 profiles at most 11 x the time of 100. The
profiles are copies of ``examples/jurisdictions/germany.yaml``, each with its own id, in one
temporary folder. Each size and format runs first with an empty cache folder
(``SAFEGUARDS_CACHE_DIR``): cold, every profile parsed by ruamel.yaml; then ``--repeat`` times
warm, from the cache, the best CPU time kept (user + system of the child), so that a busy
machine does not inflate the figure. Nothing here asserts: it prints figures.

    python bench/profiles.py [--sizes 100 1000] [--formats json text] [--repeat 3] [--no-cold]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from child import ROOT, run_cli

PROFILE = ROOT / "examples" / "jurisdictions" / "germany.yaml"


def write_profiles(folder: Path, count: int) -> None:
    """Write ``count`` copies of the profile into ``folder``, each with an id of its own."""
    text = PROFILE.read_text(encoding="utf-8")
    if "\nid: DE\n" not in text:
        raise SystemExit(f"{PROFILE}: no line 'id: DE' to number the copies by")
    folder.mkdir(parents=True)
    for i in range(count):
        copy = text.replace("\nid: DE\n", f"\nid: DE-{i}\n", 1)
        (folder / f"p{i:04d}.yaml").write_text(copy, encoding="utf-8")


def check(folder: Path, fmt: str, out: Path, cache: Path) -> tuple[float, int]:
    """Run ``check FOLDER`` in a child; return its CPU seconds and peak RSS in KiB."""
    args = ["--no-config", "check", str(folder), "--fail-on", "none", "--format", fmt]
    env = {**os.environ, "SAFEGUARDS_CACHE_DIR": str(cache)}
    run = run_cli([*args, "-o", str(out)], env)
    return run.cpu, run.peak_kib


def main() -> None:
    """Print each size's cold and warm CPU, its peak memory, and the ratios between sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--formats", nargs="+", default=["json", "text"])
    parser.add_argument("--repeat", type=int, default=3, help="warm runs; the best is kept")
    parser.add_argument("--no-cold", action="store_true", help="fill the cache untimed")
    options = parser.parse_args()
    warm: dict[tuple[int, str], float] = {}
    cold: dict[tuple[int, str], float] = {}
    print("check over many profiles (copies of germany.yaml), CPU seconds")
    print(f"  {'profiles':>8} {'format':>6} {'cold s':>8} {'warm s':>8} {'peak RSS MiB':>13}")
    with tempfile.TemporaryDirectory(prefix="safeguards-bench-") as scratch:
        base = Path(scratch)
        for size in options.sizes:
            folder = base / f"profiles-{size}"
            write_profiles(folder, size)
            for fmt in options.formats:
                cache = base / f"cache-{size}-{fmt}"
                out = base / f"report-{size}.{fmt}"
                cold[size, fmt], _ = check(folder, fmt, out, cache)
                runs = [check(folder, fmt, out, cache) for _ in range(options.repeat)]
                warm[size, fmt] = min(cpu for cpu, _ in runs)
                peak = max(rss for _, rss in runs)
                shown = "-" if options.no_cold else f"{cold[size, fmt]:8.2f}"
                print(f"  {size:8,} {fmt:>6} {shown:>8} {warm[size, fmt]:8.2f} {peak / 1024:13.0f}")
    first, *others = options.sizes
    for size in others:
        for fmt in options.formats:
            ratio = warm[size, fmt] / warm[first, fmt]
            said = f"  {fmt:>6}: {size:,} / {first:,} profiles: warm {ratio:.1f} x"
            if not options.no_cold:
                said += f", cold {cold[size, fmt] / cold[first, fmt]:.1f} x"
            print(said + f" (linear: {size / first:.1f} x)")


if __name__ == "__main__":
    main()
