"""HQ's change feed serves and records the streams of the contract's registry, no others."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from hq.changes import record
from sync.contract.streams import STREAMS
from tests.hq.server import HQServer


def test_hq_records_and_serves_only_registered_streams(hq_server: HQServer):
    with pytest.raises(ValueError, match="unknown stream"), \
            create_engine("sqlite://").connect() as conn:
        record(conn, "coupons", "c-1", "upsert", {})
    device = hq_server.register()
    with hq_server.client(device) as c:
        assert c.get("/v1/changes", params={"stream": "coupons"}).status_code == 422
        for name in STREAMS:
            page = c.get("/v1/changes", params={"stream": name}).json()
            assert page["stream"] == name and page["resync_required"] is False
