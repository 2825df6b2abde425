"""The terminal's audit key: made once (at set-up, at pairing, or on the first row an upgraded
till writes), kept OUT of the database beside the device token (local_db.secrets).

Why out of the database: the chain must not be rebuildable from the file alone. The secret
also records from which row on the chain is keyed (`since`), so a chain rebuilt as plain
SHA-256 "legacy" rows does not pass either. A lost key starts a new epoch (a new key from the
next row on); the rows sealed with the lost one can no longer be proven, and verify says so.

Stored value (JSON): {"keys": [{"id": <key_id>, "since": <first seq>, "key": <64 hex>}]}.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass

from sqlmodel import Session

from local_db.bulk import driver
from local_db.secrets import SecretStore
from pos_app.domain.audit import key_id

SECRET_NAME = "audit_key"
_cache: dict[str, Epochs] = {}
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Epoch:
    key_id: str
    since: int  # the first seq this key seals
    key: bytes


@dataclass(frozen=True, slots=True)
class Epochs:
    epochs: tuple[Epoch, ...]

    @property
    def current(self) -> Epoch | None:
        return self.epochs[-1] if self.epochs else None

    @property
    def first_keyed(self) -> int | None:
        """Rows from this seq on must be keyed (None: no key yet, all rows are legacy)."""
        return self.epochs[0].since if self.epochs else None

    def for_seq(self, seq: int) -> Epoch | None:
        found = None
        for epoch in self.epochs:
            if epoch.since <= seq:
                found = epoch
        return found


def database_of(bind: object) -> str | None:
    """The file behind an engine or connection (None: in memory, which keeps no key)."""
    engine = getattr(bind, "engine", bind)
    database = getattr(getattr(engine, "url", None), "database", None)
    if not database or database == ":memory:":
        return None
    return str(database)


def store_for(database: str) -> SecretStore:
    return SecretStore(database)


def read_epochs(database: str) -> Epochs:
    """What the secret store holds now (no cache: verify always reads afresh)."""
    raw = store_for(database).get(SECRET_NAME)
    if not raw:
        return Epochs(())
    data = json.loads(raw)
    return Epochs(tuple(Epoch(str(e["id"]), int(e["since"]), bytes.fromhex(e["key"]))
                        for e in data.get("keys", [])))


def _write(database: str, epochs: Epochs) -> None:
    value = {"keys": [{"id": e.key_id, "since": e.since, "key": e.key.hex()}
                      for e in epochs.epochs]}
    store_for(database).set(SECRET_NAME, json.dumps(value, sort_keys=True))


_LAST_KEYED = "SELECT key_id FROM audit_log WHERE key_id != '' ORDER BY seq DESC LIMIT 1"


@dataclass(frozen=True, slots=True)
class ForWriting:
    epochs: Epochs | None  # None: an in-memory database, whose rows stay unkeyed
    lost_key: str = ""  # a key the chain was sealed with but the secret store no longer has


def epochs_for_writing(session: Session, next_seq: int) -> ForWriting:
    """The keys `append` seals with, making the first one (from `next_seq` on) when none
    exists. Why `lost_key`: a store that lost its secret while the chain already holds keyed
    rows must not start the new key quietly (delete secrets.json, rebuild the chain, and
    the till alone could not tell); `append` writes `audit_key_replaced` and tells HQ."""
    database = database_of(session.get_bind())
    if database is None:
        return ForWriting(None)
    with _lock:
        known = _cache.get(database)
        if known is None or known.current is None:
            known = read_epochs(database)
        lost = ""
        if known.current is None:
            session.flush()
            lost = str((driver(session).execute(_LAST_KEYED).fetchone() or ("",))[0] or "")
            known = new_epoch(database, next_seq, known)
        _cache[database] = known
        return ForWriting(known, lost)


def new_epoch(database: str, since: int, known: Epochs | None = None) -> Epochs:
    """A fresh 32-byte key sealing rows from `since` on, added to the secret store."""
    key = secrets.token_bytes(32)
    epochs = known if known is not None else read_epochs(database)
    made = Epochs((*epochs.epochs, Epoch(key_id(key), since, key)))
    _write(database, made)
    _cache[database] = made
    return made


def forget_cache() -> None:
    """Tests (and a restore) drop what this process remembered of the keys."""
    with _lock:
        _cache.clear()
