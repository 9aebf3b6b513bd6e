"""The in-order window the Dask engine (and the benchmark's process pool) hand parts through."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.pipeline.engine import in_input_order


class FakeTask:
    """A future that finishes when the scripted ``wait_any`` says so."""

    def __init__(self, number: int, fails: bool = False) -> None:
        self.number = number
        self.finished = False
        self.fails = fails

    def done(self) -> bool:
        return self.finished

    def result(self) -> int:
        assert self.finished, "result() of an unfinished task would block"
        if self.fails:
            raise RuntimeError(f"task {self.number} failed")
        return self.number


class Cluster:
    """Submits fake tasks lazily and records how many were unfinished and waiting at each wait."""

    def __init__(self, count: int, pick: Callable[[list[FakeTask]], FakeTask], fails: int = -1) -> None:
        self.count = count
        self.pick = pick
        self.fails = fails
        self.tasks: list[FakeTask] = []
        self.max_unfinished = 0

    def submitted(self) -> Iterator[FakeTask]:
        for number in range(self.count):
            self.tasks.append(FakeTask(number, fails=number == self.fails))
            self.max_unfinished = max(self.max_unfinished, self.unfinished())
            yield self.tasks[-1]

    def unfinished(self) -> int:
        return sum(not task.finished for task in self.tasks)

    def wait_any(self, futures: list[FakeTask]) -> None:
        assert futures and not any(f.finished for f in futures), "waited on nothing, or on a done task"
        self.pick(futures).finished = True


def _oldest(futures: list[FakeTask]) -> FakeTask:
    return min(futures, key=lambda f: f.number)


def _newest(futures: list[FakeTask]) -> FakeTask:
    return max(futures, key=lambda f: f.number)


def _flatten(runs: Iterator[tuple[int, ...]]) -> list[int]:
    return [number for run in runs for number in run]


def test_engine_order_results_in_submission_order_when_tasks_finish_newest_first() -> None:
    cluster = Cluster(20, _newest)
    assert _flatten(in_input_order(cluster.submitted(), cluster.wait_any, 3, 5)) == list(range(20))


def test_engine_order_slow_head_does_not_stop_submission() -> None:
    """The oldest task never finishes before the others: the window keeps submitting past it."""
    cluster = Cluster(10, _newest)
    runs = in_input_order(cluster.submitted(), cluster.wait_any, 2, 100)
    first = next(runs)
    assert len(cluster.tasks) == 10  # all submitted while task 0 still ran
    assert first == tuple(range(10))


def test_engine_order_waiting_results_are_bounded() -> None:
    """With a stuck head, at most ``waiting`` finished results pile up before the window waits for it."""
    cluster = Cluster(30, _newest)
    runs = in_input_order(cluster.submitted(), cluster.wait_any, 2, 4)
    first = next(runs)
    assert len(first) <= 4 + 1  # the waiting results and the head itself
    assert len(cluster.tasks) <= 4 + 2  # those, and at most one more unfinished
    assert _flatten(runs) == list(range(len(first), 30))


def test_engine_order_submits_lazily() -> None:
    cluster = Cluster(1_000, _oldest)
    runs = in_input_order(cluster.submitted(), cluster.wait_any, 3, 8)
    assert next(runs) == (0,)
    assert len(cluster.tasks) <= 3 + 1


def test_engine_order_failed_task_raises() -> None:
    cluster = Cluster(6, _oldest, fails=2)
    runs = in_input_order(cluster.submitted(), cluster.wait_any, 2, 4)
    with pytest.raises(RuntimeError, match="task 2 failed"):
        list(runs)


def test_engine_order_empty_input() -> None:
    cluster = Cluster(0, _oldest)
    assert list(in_input_order(cluster.submitted(), cluster.wait_any, 2, 4)) == []


@settings(max_examples=200, deadline=None)
@given(
    count=st.integers(0, 40),
    running=st.integers(1, 6),
    waiting=st.integers(1, 10),
    choices=st.lists(st.integers(0, 1_000), max_size=200),
)
def test_engine_order_any_completion_order(
    count: int, running: int, waiting: int, choices: list[int]
) -> None:
    """Whatever finishes when: every result once, in order, and never more than ``running`` unfinished."""
    script = iter(choices)

    def pick(futures: list[FakeTask]) -> FakeTask:
        return futures[next(script, 0) % len(futures)]

    cluster = Cluster(count, pick)
    results = _flatten(in_input_order(cluster.submitted(), cluster.wait_any, running, waiting))
    assert results == list(range(count))
    assert cluster.max_unfinished <= running


def _square(n: int) -> int:
    return n * n


def test_engine_order_real_process_pool() -> None:
    """The same window over concurrent.futures, as the throughput benchmark uses it."""
    with ProcessPoolExecutor(2) as pool:
        submitted = (pool.submit(_square, n) for n in range(25))
        runs = in_input_order(submitted, lambda fs: wait(fs, return_when=FIRST_COMPLETED), 4, 8)
        assert [r for run in runs for r in run] == [n * n for n in range(25)]
