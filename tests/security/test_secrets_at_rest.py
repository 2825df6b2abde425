"""A stolen till database: the device token sat in plain text in it, and the file and its
folder were world-readable (issue 13).

Hardened: the token lives in the OS keystore, or — where there is none, as here — in a
0600 secrets.json beside a 0600 database in a 0700 folder; the database alone, copied
elsewhere, carries no token and HQ turns it away (401 → "pair again"), changing nothing."""

from __future__ import annotations

import shutil
import sqlite3
import stat

import keyring
import pytest
from keyring.backend import KeyringBackend

from sync.client import HqClient
from sync.link import hq_link
from sync.round import sync_once
from tests.security.conftest import changed, digest
from tests.security.world import store_till


def _mode(path) -> int:  # type: ignore[no-untyped-def]
    return stat.S_IMODE(path.stat().st_mode)


def test_the_token_is_not_in_the_database_and_the_files_are_private(hq, tmp_path):
    till = store_till(hq, tmp_path, "S01")
    link = hq_link(till.engine)
    assert link is not None and len(link.token) > 20
    till.engine.dispose()
    assert link.token.encode() not in till.path.read_bytes()
    wal = till.path.with_name(till.path.name + "-wal")
    assert not wal.exists() or link.token.encode() not in wal.read_bytes()
    with sqlite3.connect(till.path) as conn:
        assert conn.execute("SELECT token FROM hq_link").fetchone() == ("file:",)
    secrets_file = till.path.parent / "secrets.json"
    assert link.token in secrets_file.read_text()
    assert _mode(secrets_file) == 0o600
    assert _mode(till.path) == 0o600 and _mode(till.path.parent) == 0o700


def test_a_copied_database_alone_cannot_act_as_the_till(hq, tmp_path):
    till = store_till(hq, tmp_path, "S01")
    till.engine.dispose()
    stolen = tmp_path / "thief"
    stolen.mkdir()
    shutil.copy(till.path, stolen / "terminal.db")  # the database, not its secrets
    from local_db.database import open_database

    engine = open_database(stolen / "terminal.db")
    link = hq_link(engine)
    assert link is not None and link.token == ""
    before = digest(hq.engine)
    with HqClient(link.hq_url, link.token or None) as client:
        result = sync_once(engine, client)
    assert result.error is not None and result.error.code == "hq_unauthorized"
    assert changed(before, digest(hq.engine)) == []


class _MemoryKeyring(KeyringBackend):
    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def os_keystore(monkeypatch):  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()
    ring = _MemoryKeyring()
    keyring.set_keyring(ring)
    monkeypatch.setenv("SHOPFLOOR_SECRETS", "auto")
    yield ring
    keyring.set_keyring(previous)


def test_with_a_keystore_the_token_goes_there_and_nowhere_on_disk(hq, tmp_path, os_keystore):
    till = store_till(hq, tmp_path, "S01")
    link = hq_link(till.engine)
    assert link is not None
    assert link.token in os_keystore.items.values()
    assert not (till.path.parent / "secrets.json").exists() or link.token not in (
        till.path.parent / "secrets.json").read_text()
    with sqlite3.connect(till.path) as conn:
        assert conn.execute("SELECT token FROM hq_link").fetchone() == ("keyring:",)


def test_a_plain_token_from_before_is_moved_out_on_first_read(hq, tmp_path):
    till = store_till(hq, tmp_path, "S01")
    token = hq_link(till.engine).token  # type: ignore[union-attr]
    (till.path.parent / "secrets.json").unlink()
    with sqlite3.connect(till.path) as conn:  # as a pre-0010 till kept it
        conn.execute("UPDATE hq_link SET token = ?", (token,))
    assert hq_link(till.engine).token == token  # type: ignore[union-attr]
    with sqlite3.connect(till.path) as conn:
        assert conn.execute("SELECT token FROM hq_link").fetchone() == ("file:",)
