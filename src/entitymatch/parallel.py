"""Independent parts of a batch spread over this machine's cores, by forking (Linux).

Comparing names is Python work numpy cannot take over, and the pairs of a batch are
independent. Processes forked from this one see the prepared columns as they are, without
pickling or copying them; each takes a share of the pairs and writes its levels into memory
shared with this one (`shared_empty`). `map_parts` deals fixed parts, `map_as_free` hands the
next part to whichever process is free; what a part returns comes back pickled.

Without fork (Windows; macOS, where forking is unsafe with its system frameworks), with
`jobs=1`, or for a single part, everything runs in this process.
"""

from __future__ import annotations

import gc
import mmap
import multiprocessing
import os
import sys
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

T = TypeVar("T")

# Batches of fewer items (pairs, records, names) than this stay in this process: forking would
# cost more than it saves.
MIN_ITEMS = 20_000

# What part k of the current batch does; set just before forking, so children inherit it.
_WORK: Callable[[int], Any] | None = None


def can_fork() -> bool:
    """Whether parts can run in forked processes here (not on Windows or macOS, nor inside a
    daemonic worker of another pool, which may not have children)."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def resolve_jobs(jobs: int | None) -> int:
    """How many processes `jobs` asks for: None or 0 for every core, a negative number for
    all but that many less one (-1: all, -2: all but one), 1 for this process alone. Always 1
    where `can_fork()` is False."""
    if jobs is None or jobs == 0:
        wanted = available_cores()
    elif jobs < 0:
        wanted = available_cores() + 1 + jobs
    else:
        wanted = jobs
    return max(1, wanted) if can_fork() else 1


def processes_for(items: int, jobs: int) -> int:
    """How many processes a batch of `items` should take: `jobs`, or 1 below `MIN_ITEMS`."""
    return jobs if items >= MIN_ITEMS else 1


def map_parts(work: Callable[[int], T], parts: int, jobs: int) -> list[T]:
    """`[work(0), ..., work(parts - 1)]`, over `jobs` processes: this one takes part 0 while
    forked children take the others. What `work` returns must pickle; an exception in a
    child is raised here."""
    if jobs <= 1 or parts <= 1 or not can_fork():
        return [work(k) for k in range(parts)]
    global _WORK
    _WORK = work
    try:
        context = multiprocessing.get_context("fork")
        with warnings.catch_warnings():
            # Python 3.12+ warns about forking a process that has threads (numpy's BLAS
            # pool). The children run only `work`, in pure Python and numpy, never BLAS.
            warnings.simplefilter("ignore", DeprecationWarning)
            pool = context.Pool(min(jobs, parts) - 1)
        with pool:
            pending = pool.map_async(_run_part, range(1, parts), chunksize=1)
            first = work(0)
            rest = pending.get()
    finally:
        _WORK = None
    return [first, *rest]


def map_as_free(work: Callable[[int], T], parts: int, jobs: int) -> list[T]:
    """`[work(0), ..., work(parts - 1)]`, each of `jobs` processes taking the next part as soon
    as it is free, so parts of uneven cost even out (a slow blocking rule against quick ones
    and small batches of pairs). What `work` returns must pickle. The first part to fail stops
    the others taking more; its error is raised here once every process has finished its
    part, rather than by terminating the pool under a worker that may be sending a result."""
    workers = min(jobs, parts)
    if workers <= 1 or not can_fork():
        return [work(k) for k in range(parts)]
    following = multiprocessing.get_context("fork").Value("q", 0)  # the next part to take

    def take(_: int) -> tuple[dict[int, T], Exception | None]:
        done: dict[int, T] = {}
        while True:
            with following.get_lock():
                k = following.value
                following.value = k + 1
            if k >= parts:
                return done, None
            try:
                done[k] = work(k)
            except Exception as error:
                with following.get_lock():
                    following.value = parts
                return done, error

    taken = map_parts(take, workers, jobs)
    for _, error in taken:
        if error is not None:
            raise error
    found = {k: value for done, _ in taken for k, value in done.items()}
    return [found[k] for k in range(parts)]


def shared_empty(shape: tuple[int, ...], dtype: npt.DTypeLike) -> npt.NDArray[Any]:
    """An uninitialised array in memory shared with the children this process forks next:
    what they write into it, this process reads, with nothing pickled or sent through a pipe
    (a share of half a million compared pairs took 0.1 s to send back)."""
    count = int(np.prod(shape))
    buffer = mmap.mmap(-1, max(count * np.dtype(dtype).itemsize, 1))  # anonymous, MAP_SHARED
    return np.frombuffer(buffer, dtype=dtype, count=count).reshape(shape)


def _run_part(part: int) -> Any:
    # The collector would walk (and so copy) every object this child shares with its parent.
    gc.disable()
    assert _WORK is not None, "a part ran outside map_parts"
    return _WORK(part)
