"""`--workers` / `--dask` arguments: bad values are clear errors before anything starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import InputError
from eventwire.pipeline.engine import local_worker_count, open_client


@pytest.mark.parametrize(("address", "count"), [("local:1", 1), ("local:4", 4)])
def test_engine_local_address_gives_worker_count(address: str, count: int) -> None:
    assert local_worker_count(address) == count


@pytest.mark.parametrize("address", ["local", "local:", "local:0", "local:two", "local:-1"])
def test_engine_bad_local_address_is_input_error(address: str) -> None:
    with pytest.raises(InputError, match="local:N"):
        open_client(address, 1)


def test_engine_unreachable_scheduler_is_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eventwire.pipeline.engine.CONNECT_TIMEOUT_S", 2)
    with pytest.raises(InputError, match="cannot reach"):
        open_client("tcp://127.0.0.1:9", 1)


def test_engine_run_command_has_scale_options() -> None:
    from typer.testing import CliRunner

    from eventwire.cli import build_app

    result = CliRunner().invoke(build_app(), ["run", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--workers" in result.output
    assert "--dask" in result.output


def test_engine_run_command_rejects_bad_dask_address(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwire.cli import build_app

    page = Path(__file__).resolve().parent / "data" / "engine" / "port_talks.html"
    db = tmp_path / "ew.duckdb"
    result = CliRunner().invoke(build_app(), ["run", str(page), "--db", str(db), "--dask", "local:none"])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    assert not db.exists()  # nothing started, nothing written


def _malloc_trim() -> str | None:
    import os

    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def test_engine_local_cluster_workers_keep_glibc_mmap_threshold_dynamic() -> None:
    # Dask's default MALLOC_TRIM_THRESHOLD_ for nanny-spawned workers cost spaCy ~25% CPU (docs/scale.md)
    from eventwire.pipeline.engine import dask_client

    with dask_client("local:1", 1) as client:
        found = client.run(_malloc_trim)
    assert found and set(found.values()) == {None}


def test_engine_local_cluster_drops_malloc_trim_left_by_an_earlier_cluster(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a Nanny started with Dask's defaults writes MALLOC_TRIM_THRESHOLD_=65536 into this process's
    # environment; workers of a LocalCluster started afterwards must not inherit it
    from eventwire.pipeline.engine import dask_client

    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    with dask_client("local:1", 1) as client:
        found = client.run(_malloc_trim)
    assert found and set(found.values()) == {None}


def _worker_stream_log_length(dask_worker: Any) -> int | None:
    return dask_worker.batched_stream.recent_message_log.maxlen


def test_engine_local_cluster_streams_keep_short_message_logs() -> None:
    # each stream's log of recent messages holds pickled batches; Dask's 1000 grew a long run's driver
    # by ~100 MB (docs/scale.md)
    from eventwire.pipeline.engine import SHORT_MESSAGE_LOG, dask_client

    with dask_client("local:1", 1) as client:
        assert client.scheduler_comm.recent_message_log.maxlen == SHORT_MESSAGE_LOG
        scheduler = client.cluster.scheduler
        assert {comm.recent_message_log.maxlen for comm in scheduler.client_comms.values()} == {
            SHORT_MESSAGE_LOG
        }
        assert set(client.run(_worker_stream_log_length).values()) == {SHORT_MESSAGE_LOG}


def test_engine_message_log_length_a_user_configured_is_kept() -> None:
    import dask

    from eventwire.pipeline.engine import MESSAGE_LOG, short_message_logs

    assert short_message_logs() == {MESSAGE_LOG: 100}
    with dask.config.set({MESSAGE_LOG: 5000}):
        assert short_message_logs() == {}
