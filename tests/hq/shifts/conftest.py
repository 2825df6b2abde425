"""The shift tests run against a real HQ on SQLite and on PostgreSQL (tests/hq/server.py's
`hq_server`, parametrised over both), with tills paired over HTTP as in tests/sync."""

from __future__ import annotations

import pytest

from tests.hq.server import HQServer


@pytest.fixture
def hq(hq_server: HQServer) -> HQServer:
    return hq_server
