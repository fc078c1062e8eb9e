"""Audit workers end when the pool ends them, whatever handlers the parent had installed.

A run of the suite once hung for good: the pool sent SIGTERM to a worker waiting on the task
queue's semaphore, the worker had inherited the atomic writer's Python handler, and glibc
resumed the wait after the C-level handler, so the Python one never ran and the worker never
ended. The script below recreates that state (a Python SIGTERM handler, a worker blocked in a
semaphore wait) in a child process, never in the test process itself, which must not fork.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import multiprocessing, os, signal, sys, time
    from safeguards.engine.audit.pool import _start_worker

    signal.signal(signal.SIGTERM, lambda signum, frame: None)  # as the atomic writer does
    context = multiprocessing.get_context("fork")
    gate = context.Semaphore(0)
    ready = context.Semaphore(0)

    def blocked(parent):
        _start_worker(parent)
        ready.release()
        gate.acquire()  # waits for ever, in C

    worker = context.Process(target=blocked, args=(os.getpid(),))
    worker.start()
    if not ready.acquire(timeout=60):  # its handlers are set, however busy the machine
        sys.exit("the worker never started")
    time.sleep(0.2)  # into the wait
    worker.terminate()
    worker.join(timeout=10)
    if worker.exitcode is None:
        worker.kill()
        worker.join()
        sys.exit("the worker ignored SIGTERM")
    print(worker.exitcode)
    """
)


def test_a_worker_blocked_in_a_semaphore_ends_on_sigterm() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "-15"


def test_a_worker_ignores_ctrl_c_which_the_parent_handles() -> None:
    script = SCRIPT.replace("worker.terminate()", "os.kill(worker.pid, signal.SIGINT)")
    script = script.replace("worker.join(timeout=10)", "worker.join(timeout=1)")
    script = script.replace('sys.exit("the worker ignored SIGTERM")', "sys.exit(0)")
    script = script.replace("print(worker.exitcode)", 'sys.exit("the worker ended on SIGINT")')
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


EARLY = textwrap.dedent(
    """
    import multiprocessing, os, signal, time
    from safeguards.engine.audit import pool

    signal.signal(signal.SIGTERM, lambda signum, frame: None)  # as the atomic writer does
    started = pool._start_worker

    told, tell = os.pipe()

    def early(parent):
        # SIGTERM reaches the worker before it has reset its handlers: were it delivered now,
        # the inherited handler would take it (or Python would drop it as the handler is
        # replaced), and the worker would live on
        os.write(tell, b"%d " % os.getpid())
        os.kill(os.getpid(), signal.SIGTERM)
        started(parent)

    pool._start_worker = early
    workers = pool.new_pool(multiprocessing.get_context("fork"), 1)
    pid = int(os.read(told, 4096).split()[0])  # the first worker's (more may follow it)

    def ended():  # gone, or a zombie (the pool's own thread reaps it: not ours to wait for)
        try:
            with open(f"/proc/{pid}/stat") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
        except (FileNotFoundError, ProcessLookupError):  # reaped before, or while, it is read
            return True

    deadline = time.monotonic() + 10
    while not ended() and time.monotonic() < deadline:
        time.sleep(0.01)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    print("ended" if ended() else "alive", sorted(int(s) for s in blocked))
    os._exit(0)  # the pool would start another worker, which would end the same way
    """
)


def test_a_sigterm_before_a_worker_is_ready_still_ends_it() -> None:
    """The pool terminated as its workers start (an audit that fails at its first chunk)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", EARLY], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    # the worker ended (it would otherwise wait for tasks for ever); the parent holds nothing
    # back once the pool is made
    assert done.stdout.split() == ["ended", "[]"], done.stdout + done.stderr


HELD = textwrap.dedent(
    """
    import importlib, multiprocessing, time
    pool = importlib.import_module("safeguards.engine.audit.pool")
    pool.TERMINATE_SECONDS = 1.0
    workers = pool.new_pool(multiprocessing.get_context("fork"), 2)
    assert workers.apply_async(abs, (-1,)).get(timeout=30) == 1
    # as a worker ended while it sent a result leaves it: the result queue's lock held for good
    workers._outqueue._wlock.acquire()
    started = time.monotonic()
    pool.terminate_pool(workers)
    print(round(time.monotonic() - started), *[w.exitcode for w in workers._pool])
    """
)


def test_ending_the_pool_goes_on_when_a_dead_worker_holds_a_queue_lock() -> None:
    """Pool.terminate waits for ever on the lock: an audit of a damaged database in chunks of
    20 rows hung about once in 30 runs. The audit goes on after TERMINATE_SECONDS, its workers
    ended; the thread still waiting is a daemon, and the process ends."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", HELD], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    seconds, *codes = done.stdout.split()
    assert seconds == "1" and len(codes) == 2 and "None" not in codes, done.stdout
