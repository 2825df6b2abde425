"""A real HQ for tests: uvicorn in a thread on 127.0.0.1, a random port, a fresh database.

Reusable from other test packages (e.g. tests/sync): in a conftest.py write
    from tests.hq.server import hq_db_url, hq_server, pg_cluster_session  # noqa: F401
and take `hq_server` in a test; or call `run_hq_server(database_url)` yourself.
`hq_db_url` is parametrised over sqlite and postgresql, so every test runs on both.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine, select

from hq import admin
from hq import models as m
from hq.app import create_app
from tests.hq.pg import Cluster, find_pg_bin, pg_cluster


@dataclass(frozen=True)
class Device:
    """A registered device: its token and what HQ told it."""

    token: str
    device_id: str
    store_id: str
    terminal_id: str
    store_code: str
    terminal_code: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class HQServer:
    url: str  # base URL, e.g. http://127.0.0.1:41234 (API under /v1)
    database_url: str
    engine: Engine  # the server's own engine, for direct checks
    _devices: list[Device] = field(default_factory=list)

    def ensure_terminal(self, store_code: str = "S01", terminal_code: str = "T01") -> None:
        """Create the store and terminal if they are not there yet."""
        store = m.Store.__table__
        with self.engine.connect() as conn:
            has_store = conn.execute(select(store.c.id).where(store.c.code == store_code)).first()
        if not has_store:
            admin.create_store(self.engine, store_code, f"Store {store_code}", "1 Test Road")
        with contextlib.suppress(admin.AdminError):  # exists already
            admin.create_terminal(self.engine, store_code, terminal_code)

    def enroll(self, store_code: str = "S01", terminal_code: str = "T01") -> str:
        """A fresh one-time enrollment code (store and terminal created on demand)."""
        self.ensure_terminal(store_code, terminal_code)
        return admin.enroll(self.engine, store_code, terminal_code).code

    def register(
        self, store_code: str = "S01", terminal_code: str = "T01", device_name: str = "till"
    ) -> Device:
        """Enroll and register over HTTP, as a terminal would; returns the device."""
        code = self.enroll(store_code, terminal_code)
        r = httpx.post(f"{self.url}/v1/devices/register",
                       json={"enrollment_code": code, "device_name": device_name})
        r.raise_for_status()
        body = r.json()
        device = Device(token=body["device_token"], device_id=body["device_id"],
                        store_id=body["store_id"], terminal_id=body["terminal_id"],
                        store_code=body["store_code"], terminal_code=body["terminal_code"])
        self._devices.append(device)
        return device

    def client(self, device: Device | None = None) -> httpx.Client:
        """An httpx client on the base URL, authenticated as `device` if given."""
        return httpx.Client(base_url=self.url, headers=device.headers if device else {},
                            timeout=30)


@contextmanager
def run_hq_server(database_url: str, **app_options: Any) -> Iterator[HQServer]:
    """Start HQ (migrated) on a free port; stop it (should_exit) on leaving the block.
    `app_options` go to create_app (e.g. dev=True for /openapi.json, limits=…)."""
    app = create_app(database_url, **app_options)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("HQ server did not start")
        time.sleep(0.01)
    try:
        yield HQServer(url=f"http://127.0.0.1:{port}", database_url=database_url,
                       engine=app.state.engine)
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()
        app.state.engine.dispose()


_db_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster_session() -> Iterator[Cluster | None]:
    """One PostgreSQL cluster for the whole run, or None when PostgreSQL is not installed."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        yield None
        return
    with pg_cluster(bin_dir) as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def hq_db_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A fresh, empty HQ database URL: a SQLite file, or a new database in the PG cluster.

    Without PostgreSQL the postgresql variant skips, except under CI=true where it fails:
    CI must not pass by silently testing one database only.
    """
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hq.db'}"
    cluster = request.getfixturevalue("pg_cluster_session")
    if cluster is None:
        message = "PostgreSQL not installed (apt install postgresql) — initdb not found"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return cluster.create_database(f"hq_test_{os.getpid()}_{next(_db_numbers)}")


@pytest.fixture
def hq_server(hq_db_url: str) -> Iterator[HQServer]:
    """A running HQ on a fresh database; see HQServer for the helpers."""
    with run_hq_server(hq_db_url) as server:
        yield server
