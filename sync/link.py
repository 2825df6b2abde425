"""Reading the pairing row and the pull cursors: small helpers shared by pusher, puller, worker.

The device token and the store's PIN pepper are not in the database (local_db.secrets):
`hq_link` fills the token in from there, moving a plain token left by an older version out
of the row on first read. A database copied elsewhere therefore arrives without its token.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session

from local_db.ids import utcnow
from local_db.models import HqLink, SyncState
from local_db.secrets import SecretStore
from local_db.uow import read_session, write_session

TOKEN = "device_token"
PEPPER = "staff_pepper"
_MARKERS = ("keyring:", "file:")


def secret_store(engine: Engine) -> SecretStore | None:
    """Secrets of this engine's database file (None for an in-memory database)."""
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return SecretStore(database)


def keep_token(engine: Engine, token: str) -> str:
    """Put the device token in the secret store; returns what the hq_link row keeps."""
    store = secret_store(engine)
    return token if store is None else store.set(TOKEN, token) + ":"


def hq_link(engine: Engine) -> HqLink | None:
    """The pairing (URL, device id, token, CA file, pin), or None while not paired."""
    with read_session(engine) as session:
        link = session.get(HqLink, 1)
    store = secret_store(engine)
    if link is None or store is None:
        return link
    if link.token and not link.token.startswith(_MARKERS):  # written before 0010
        marker = keep_token(engine, link.token)
        with write_session(engine) as session:
            row = session.get(HqLink, 1)
            if row is not None:
                row.token = marker
    else:
        link.token = store.get(TOKEN) or ""
    return link


def tls_options(link: HqLink) -> dict[str, str]:
    """HqClient keywords for this pairing's CA file and pin (none when neither is set)."""
    options = {"ca_file": link.ca_file or "", "key_pin": link.key_pin or ""}
    return {k: v for k, v in options.items() if v}


def staff_pepper(engine: Engine) -> bytes | None:
    """The store's PIN pepper HQ gave at pairing, or None (demo and older pairings)."""
    store = secret_store(engine)
    value = store.get(PEPPER) if store is not None else None
    return bytes.fromhex(value) if value else None


def keep_pepper(engine: Engine, pepper: str) -> None:
    store = secret_store(engine)
    if store is not None and pepper:
        store.set(PEPPER, pepper)


def get_cursor(session: Session, stream: str) -> int:
    row = session.get(SyncState, stream)
    return row.cursor if row else 0


def resync_pending(session: Session, stream: str) -> bool:
    row = session.get(SyncState, stream)
    return bool(row and row.resync_pending)


def save_cursor(
    session: Session, stream: str, cursor: int, resync_pending: bool | None = None
) -> None:
    """Upsert inside the caller's transaction: the page and its cursor commit together."""
    now = utcnow()
    values: dict[str, object] = {"cursor": cursor, "updated_at": now}
    if resync_pending is not None:
        values["resync_pending"] = resync_pending
    stmt = insert(SyncState.__table__).values(
        {"resync_pending": False, **values, "stream": stream}
    )
    session.connection().execute(
        stmt.on_conflict_do_update(index_elements=["stream"], set_=values)
    )


def set_trust(engine: Engine, ca_file: str, key_pin: str) -> None:
    """Change whom this till trusts as HQ (a new private CA, a new key): both are checked
    first (PosError `hq_ca_file_unreadable` / `hq_pin_invalid`), then kept with the pairing."""
    from pos_app.errors import PosError
    from sync.tls import normalise_pin, ssl_context

    ca_file, key_pin = ca_file.strip(), normalise_pin(key_pin)
    ssl_context(ca_file or None, key_pin or None)  # refuses an unreadable CA file
    with write_session(engine) as session:
        row = session.get(HqLink, 1)
        if row is None:
            raise PosError("not_paired")
        row.ca_file, row.key_pin = ca_file, key_pin
