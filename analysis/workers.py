"""Worker processes: chunks of articles scored in parallel, one torch thread per process.

The voice rules, the parse, the balance and the writing are Python, which one process runs on one
core, and torch's threads in one process stall when another program holds a core. So `framing
score` can split its articles into chunks and send them to worker processes: each is started
fresh (spawn: no torch state copied from a parent), loads the models once, runs torch on one
thread, and writes each article of a chunk as soon as the chunk is scored. The parent only reads
the inputs and reports, so it never imports torch.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNK_ARTICLES = 8  # articles per task: small enough to spread 50 articles over 2 workers
WINDOW = 2  # tasks in flight per worker: one running, one waiting, so a worker never idles


def cpu_count() -> int:
    """Cores this process may use (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def resolve_workers(workers: int, tasks: int) -> int:
    """Worker processes to use: workers if positive, else one per core; never more than the tasks,
    and 1 (score in this process) when there is only one task."""
    if workers < 0:
        raise ValueError(f"workers must be 0 (auto) or positive, not {workers}")
    wanted = workers or cpu_count()
    return max(1, min(wanted, tasks))


def chunks(items: list[T], size: int = CHUNK_ARTICLES) -> list[list[T]]:
    """items in consecutive chunks of at most size."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def _one_thread() -> None:
    """Worker start-up: torch (imported later, by the task) uses one thread."""
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["MKL_NUM_THREADS"] = "1"
    import torch

    torch.set_num_threads(1)


def imap(fn: Callable[[T], R], tasks: Iterable[T], workers: int) -> Iterator[tuple[T, Future]]:
    """(task, finished future of fn(task)) for each task, in the order given, computed in `workers`
    spawned processes with at most WINDOW tasks per worker in flight (memory stays flat however
    many tasks). A future holds fn's exception if it raised, or BrokenProcessPool if its worker died."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_one_thread) as pool:
        pending: deque[tuple[T, Future]] = deque()
        for task in tasks:
            pending.append((task, pool.submit(fn, task)))
            while len(pending) >= WINDOW * workers:
                task0, future = pending.popleft()
                future.exception()  # wait for it
                yield task0, future
        while pending:
            task0, future = pending.popleft()
            future.exception()
            yield task0, future


def describe(exc: BaseException) -> str:
    """One line for an exception met in a worker."""
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__

