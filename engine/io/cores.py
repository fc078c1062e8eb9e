"""How many cores this process may use: those it may run on, within its container's CPU limit.

``--jobs 0`` starts one worker per usable core. ``os.cpu_count()`` counts the machine's cores:
in a CI container given two CPUs on a 64-core host it says 64, and 64 workers would share two
CPUs' time (and hold 64 copies of the audit's memory). So the count is the cores of the
process's CPU affinity, lowered to a CPU limit set on its control group (Linux cgroups v2
``cpu.max``, or v1 ``cpu.cfs_quota_us`` over ``cpu.cfs_period_us``, on the process's own
group and every group above it), rounded up: a limit of 1.5 CPUs gives two workers.

Anything unreadable or unexpected in those files is no limit: the affinity's count stands.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from pathlib import Path

_ESCAPED = re.compile(r"\\([0-7]{3})")
"""A byte written as an octal escape in /proc/self/mountinfo (a space is ``\\040``)."""


def usable_cores(root: Path = Path("/")) -> int:
    """Return the cores this process may use (at least 1); ``root``: where /proc and /sys are."""
    cores = _affinity()
    limit = cgroup_limit(root)
    return max(1, min(cores, limit) if limit is not None else cores)


def _affinity() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def cgroup_limit(root: Path = Path("/")) -> int | None:
    """Return the CPUs the control groups of this process allow, rounded up, or None."""
    groups = _own_groups(root)
    limits: list[float] = []
    for fstype, mount_root, mount_point, options in _mounts(root):
        if fstype == "cgroup2" and "" in groups:
            limits += _limits(root, mount_root, mount_point, groups[""], _v2_limit)
        elif fstype == "cgroup" and "cpu" in options and "cpu" in groups:
            limits += _limits(root, mount_root, mount_point, groups["cpu"], _v1_limit)
    return math.ceil(min(limits)) if limits else None


def _own_groups(root: Path) -> dict[str, str]:
    """Return the process's group path per controller (``""``: the v2 hierarchy)."""
    try:
        text = (root / "proc/self/cgroup").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    groups: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        number, controllers, path = parts
        if number == "0" and not controllers:
            groups[""] = path
        for controller in controllers.split(","):
            if controller:
                groups[controller] = path
    return groups


def _mounts(root: Path) -> list[tuple[str, str, str, set[str]]]:
    """Return (type, root in its hierarchy, mount point, options) of each cgroup mount."""
    try:
        text = (root / "proc/self/mountinfo").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    mounts: list[tuple[str, str, str, set[str]]] = []
    for line in text.splitlines():
        left, dash, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not dash or len(fields) < 5 or len(tail) < 3 or not tail[0].startswith("cgroup"):
            continue
        options = set(tail[2].split(","))
        mounts.append((tail[0], _unescaped(fields[3]), _unescaped(fields[4]), options))
    return mounts


def _unescaped(field: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 8)), field)


def _limits(
    root: Path, mount_root: str, mount_point: str, group: str, read: Callable[[Path], float | None]
) -> list[float]:
    """Read the limit of the process's group and of each group above it, in one mount.

    The group's path is relative to its hierarchy's root; a mount shows that hierarchy from
    ``mount_root`` on. A group outside what the mount shows (a container that sees its host's
    paths) is read from the mount point itself, which is then the container's own group.
    """
    top = root / mount_point.lstrip("/")
    inside = os.path.relpath(group, mount_root) if group.startswith(mount_root) else "."
    folder = top if inside.startswith("..") else top / inside
    found: list[float] = []
    while True:
        limit = read(folder)
        if limit is not None:
            found.append(limit)
        if folder == top or folder == folder.parent:
            return found
        folder = folder.parent


def _v2_limit(folder: Path) -> float | None:
    """``cpu.max``: "QUOTA PERIOD" in microseconds, or "max PERIOD" (no limit)."""
    try:
        quota, period = (folder / "cpu.max").read_text(encoding="utf-8").split()
        return _ratio(quota, period)
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def _v1_limit(folder: Path) -> float | None:
    """``cpu.cfs_quota_us`` (-1: no limit) over ``cpu.cfs_period_us``."""
    try:
        quota = (folder / "cpu.cfs_quota_us").read_text(encoding="utf-8").strip()
        period = (folder / "cpu.cfs_period_us").read_text(encoding="utf-8").strip()
        return _ratio(quota, period)
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def _ratio(quota: str, period: str) -> float | None:
    """Return quota / period as CPUs, or None for no limit (``max``, -1) or nonsense."""
    if quota == "max":
        return None
    q, p = int(quota), int(period)
    return q / p if q > 0 and p > 0 else None
