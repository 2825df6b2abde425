"""The attack suite's world: a real HQ on 127.0.0.1 (SQLite, uvicorn in a thread) and real
tills' SQLite databases paired with it (tests/sync/hq_world.py). `digest` fingerprints every
table so a test can say "no row changed" and mean it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from tests.hq.server import HQServer, run_hq_server


@pytest.fixture(autouse=True)
def _secrets_in_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Headless CI has no keystore: the suite runs the file fallback, which must hold."""
    monkeypatch.setenv("SHOPFLOOR_SECRETS", "file")


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[HQServer]:
    with run_hq_server(f"sqlite:///{tmp_path / 'hq.db'}") as server:
        yield server


# A push marks the store-days it may have touched for the KPI rollup (hq/kpis/rollup.py),
# refused or not: a "recompute this day" note, derived and holding no value of its own.
DERIVED = ("kpi_dirty",)


def digest(engine: Engine, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """table → SHA-256 of its rows (sorted), for every table but `skip` and the derived
    rollup notes (DERIVED)."""
    skip = skip + DERIVED
    out: dict[str, str] = {}
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            if table in skip or table.startswith("sqlite_") or table.endswith(
                    ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")):
                continue
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            out[table] = hashlib.sha256(
                "\n".join(sorted(repr(tuple(r)) for r in rows)).encode()).hexdigest()
    return out


def changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(t for t in after if before.get(t) != after[t])
