"""Worker processes that never outlive the command that started them.

A ``kill -9`` of ``cica-publish build`` (or of ``note new`` while it builds) must not leave
its workers running for minutes, writing outputs after the command died and holding its
standard output. Each worker asks the kernel to kill it when its parent dies
(``PR_SET_PDEATHSIG`` on Linux; elsewhere a thread watches the parent's pid), and exits at
once if the parent is already gone by the time it starts. A rerun repairs the rest: every
output is written atomically and the build state only records finished outputs.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process.

    ``PR_SET_PDEATHSIG`` fires when the *thread* that forked a worker ends: the pool forks
    from the thread that submits work, so submit from a thread that lives as long as the pool.
    """
    # "fork" keeps this process the workers' parent (a fork server would stand between).
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_die_with_parent, initargs=(os.getpid(),))


def _die_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when *parent* ends."""
    linux = sys.platform.startswith("linux")
    if not (linux and ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0):
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the watch was set
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)
