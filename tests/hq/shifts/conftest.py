"""A real HQ (uvicorn in a thread, SQLite) and tills paired with it, as in tests/sync."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hq.server import HQServer, run_hq_server


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[HQServer]:
    with run_hq_server(f"sqlite:///{tmp_path / 'hq.db'}") as server:
        yield server
