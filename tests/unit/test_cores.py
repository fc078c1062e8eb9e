"""--jobs 0 counts the cores the process may use, within its container's CPU limit.

Each case lays out the files Linux shows a process (/proc/self/cgroup, /proc/self/mountinfo,
the control groups' files under /sys/fs/cgroup) in a folder of its own, as a host, a
container of cgroups v2, one of v1, or one that sees its host's group paths shows them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from safeguards.engine.cli.common import worker_count
from safeguards.engine.io.cores import cgroup_limit, usable_cores

V2_MOUNT = (
    "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw"
)
V1_MOUNT = (
    "35 25 0:30 {root} /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:9 - cgroup cgroup rw,cpu,cpuacct"
)
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
"""The cores this process may run on, as the system says."""
SYSTEMD_V1 = "33 25 0:28 / /sys/fs/cgroup/systemd rw shared:7 - cgroup cgroup rw,name=systemd"


def _lay_out(base: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return base


def _v2(base: Path, group: str, limits: dict[str, str]) -> Path:
    files = {"proc/self/cgroup": f"0::{group}\n", "proc/self/mountinfo": V2_MOUNT + "\n"}
    for folder, cpu_max in limits.items():
        files[f"sys/fs/cgroup{folder}/cpu.max"] = cpu_max + "\n"
    return _lay_out(base, files)


@pytest.mark.parametrize(
    ("cpu_max", "expected"),
    [
        ("max 100000", None),  # no limit
        ("200000 100000", 2),
        ("150000 100000", 2),  # 1.5 CPUs: two workers, rounded up
        ("100000 100000", 1),
        ("50000 100000", 1),  # half a CPU: still one
        ("100001 100000", 2),  # just over one
        ("0 100000", None),  # nonsense: no limit read
        ("200000", None),  # damaged
        ("lots 100000", None),
    ],
)
def test_a_v2_container_limit_is_read_and_rounded_up(
    tmp_path: Path, cpu_max: str, expected: int | None
) -> None:
    root = _v2(tmp_path, "/", {"": cpu_max})
    assert cgroup_limit(root) == expected


def test_the_lowest_limit_of_the_group_and_those_above_it_counts(tmp_path: Path) -> None:
    limits = {
        "": "max 100000",
        "/ci.slice": "300000 100000",
        "/ci.slice/job-7": "max 100000",
        "/ci.slice/job-7/step": "800000 100000",
        "/other": "100000 100000",  # a sibling group: not the process's
    }
    root = _v2(tmp_path, "/ci.slice/job-7/step", limits)
    assert cgroup_limit(root) == 3


def test_v1_quota_over_period_and_no_limit(tmp_path: Path) -> None:
    def v1(base: Path, quota: str) -> Path:
        return _lay_out(
            base,
            {
                "proc/self/cgroup": "9:name=systemd:/\n4:cpu,cpuacct:/docker/abc\n0::/\n",
                "proc/self/mountinfo": f"{SYSTEMD_V1}\n{V1_MOUNT.format(root='/')}\n",
                "sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us": quota,
                "sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000\n",
                "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "-1\n",
                "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n",
            },
        )

    assert cgroup_limit(v1(tmp_path / "four", "400000\n")) == 4
    assert cgroup_limit(v1(tmp_path / "none", "-1\n")) is None


def test_a_container_that_sees_its_hosts_paths_reads_its_mount_point(tmp_path: Path) -> None:
    """The mount shows the container's own group (its root is that group), and the path given
    in /proc/self/cgroup is the host's: the limit is read where the mount shows it."""
    root = _lay_out(
        tmp_path,
        {
            "proc/self/cgroup": "4:cpu,cpuacct:/docker/abc\n",
            "proc/self/mountinfo": V1_MOUNT.format(root="/docker/abc") + "\n",
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "200000\n",
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n",
        },
    )
    assert cgroup_limit(root) == 2
    elsewhere = _lay_out(
        tmp_path / "elsewhere",
        {
            "proc/self/cgroup": "4:cpu,cpuacct:/kubepods/pod1\n",  # not under the mount's root
            "proc/self/mountinfo": V1_MOUNT.format(root="/docker/abc") + "\n",
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "300000\n",
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n",
        },
    )
    assert cgroup_limit(elsewhere) == 3


def test_a_mount_point_with_a_space_is_read(tmp_path: Path) -> None:
    mount = "30 23 0:26 / /sys/fs/my\\040cgroup rw shared:4 - cgroup2 cgroup2 rw"
    root = _lay_out(
        tmp_path,
        {
            "proc/self/cgroup": "0::/\n",
            "proc/self/mountinfo": mount + "\n",
            "sys/fs/my cgroup/cpu.max": "200000 100000\n",
        },
    )
    assert cgroup_limit(root) == 2


@pytest.mark.parametrize(
    "files",
    [
        {},  # not Linux, or no /proc
        {"proc/self/cgroup": "0::/\n"},  # no mounts listed
        {"proc/self/mountinfo": V2_MOUNT + "\n"},  # no group of its own
        {"proc/self/cgroup": "garbage\n", "proc/self/mountinfo": "more garbage\n"},
        {"proc/self/cgroup": "0::/\n", "proc/self/mountinfo": V2_MOUNT + "\n"},  # no cpu.max
        {"proc/self/cgroup": "\udcff", "proc/self/mountinfo": V2_MOUNT + "\n"},
    ],
    ids=["nothing", "no-mounts", "no-group", "garbage", "no-controller", "undecodable"],
)
def test_what_cannot_be_read_is_no_limit(tmp_path: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
    assert cgroup_limit(tmp_path) is None
    assert usable_cores(tmp_path) == CORES


def test_the_limit_lowers_the_cores_of_the_affinity_never_raises_them(tmp_path: Path) -> None:
    assert usable_cores(_v2(tmp_path / "one", "/", {"": "100000 100000"})) == 1
    assert usable_cores(_v2(tmp_path / "many", "/", {"": f"{CORES * 4}00000 100000"})) == CORES


def test_jobs_0_asks_for_the_usable_cores_of_this_machine() -> None:
    """On this machine, as the command counts them: at least one, at most its cores."""
    assert worker_count(0) == usable_cores() and 1 <= worker_count(0) <= (os.cpu_count() or 1)
    assert worker_count(3) == 3
