"""A cluster whose workers cannot code fails when the engine starts, not document by document."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.pipeline.engine import DaskEngine
from eventwire.settings import Settings


def test_engine_worker_without_model_fails_at_start(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    settings = Settings().replace(spacy_model="no_such_spacy_model")
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
        pytest.raises(InputError, match="no_such_spacy_model"),
    ):
        DaskEngine(client, settings, tmp_path / "parts")
