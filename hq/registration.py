"""Registration: spend a one-time enrollment code for a device, or answer that again.

A store's link can lose HQ's answer after HQ committed: the code is spent and the till, which
never got its token, could not pair without a new code. So the till sends a random nonce per
pairing attempt (the same one on that attempt's retries), and for the same code and nonce
within `REPLAY_WINDOW` HQ answers the same registration again: the same device, terminal,
store and the same token. Another nonce, no nonce, or the window passed: 401, as for any
used code (and a miss for the wrong-code throttle).

The same token, not a fresh one: two copies of one request in flight (a retry overtaking a
slow first answer, a link that duplicates) must each carry a token that works, whichever
answer the till keeps; rotating the token on a retry would revoke the other copy's. HQ
still keeps no usable secret: the token is sealed with the nonce (hq.tokens.seal_token),
which HQ stores only digested, and the seal is erased once the window has passed.

Idempotent in the database: the code is spent by a conditional UPDATE (… AND used_at IS
NULL), so of two requests racing with one code exactly one makes a device; the other,
finding the code spent, is answered from that device if its nonce is the same. On
PostgreSQL (read committed) the loser's UPDATE waits for the winner's commit and its next
statement sees it; on SQLite BEGIN IMMEDIATE serialises the two.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select, update

from hq import models as m
from hq.admin import store_pepper
from hq.auth import unauthorized
from hq.continuity import high_water
from hq.tokens import (
    new_device_token,
    nonce_digest,
    normalize_code,
    seal_token,
    sha256_hex,
    unseal_token,
)
from sync.contract.registration import RegisterRequest, RegisterResponse

REPLAY_WINDOW = timedelta(minutes=10)
"""How long after a code is spent its till may ask again: a pairing client's few retries over
a bad link (30 s read timeouts, short pauses) take a minute or two; a person who retries by
hand after a network error does so within minutes. Past it, the seal is erased."""

_CODES, _DEVICES = m.EnrollmentCode.__table__, m.Device.__table__
_USED = "unknown or already used enrollment code"


def register_device(conn: Connection, body: RegisterRequest) -> RegisterResponse:
    """The registration for `body` (new, or the same again); 401 HTTPException otherwise.
    Runs in the caller's write transaction: a refusal rolls everything back."""
    code_hash, now = sha256_hex(normalize_code(body.enrollment_code)), m.utcnow()
    row = conn.execute(
        select(_CODES.c.id, _CODES.c.terminal_id, _CODES.c.replaces).where(
            _CODES.c.code_hash == code_hash,
            _CODES.c.used_at.is_(None),
            _CODES.c.expires_at > now,
        )
    ).first()
    answer = _spend(conn, row, body, now) if row is not None else None
    if answer is None:  # spent before, or just now by a request racing this one
        answer = _replay(conn, code_hash, body.nonce, now)
    if answer is None:
        raise unauthorized(_USED)
    return answer


def _spend(conn: Connection, row: Any, body: RegisterRequest,
           now: datetime) -> RegisterResponse | None:
    """Spend the code for a new device; None when another request spent it first."""
    token, device_id = new_device_token(), m.new_id()
    values: dict[str, Any] = {"used_at": now, "device_id": device_id}
    if body.nonce:
        values["nonce_hash"] = nonce_digest(body.nonce, row.id)
        values["token_sealed"] = seal_token(token, body.nonce, row.id)
    spent = conn.execute(
        update(_CODES).where(_CODES.c.id == row.id, _CODES.c.used_at.is_(None)).values(**values)
    ).rowcount
    if spent != 1:
        return None
    conn.execute(update(_CODES)  # seals past their window open nothing any more: erase them
                 .where(_CODES.c.used_at < now - REPLAY_WINDOW,
                        _CODES.c.token_sealed.is_not(None))
                 .values(token_sealed=None))
    if row.replaces:  # the terminal's old install stops here
        conn.execute(update(_DEVICES).where(_DEVICES.c.terminal_id == row.terminal_id,
                                            _DEVICES.c.revoked.is_(False))
                     .values(revoked=True, revoked_at=now))
    conn.execute(insert(_DEVICES), {
        "id": device_id, "terminal_id": row.terminal_id, "name": body.device_name,
        "token_hash": sha256_hex(token), "created_at": now, "revoked": False,
    })
    return _answer(conn, row.terminal_id, device_id, token)


def _replay(conn: Connection, code_hash: str, nonce: str,
            now: datetime) -> RegisterResponse | None:
    """The registration that spent the code, if `nonce` is the one it was spent with, the
    window is open and its device still live; None otherwise."""
    if not nonce:
        return None
    hit = conn.execute(
        select(_CODES.c.id, _CODES.c.terminal_id, _CODES.c.nonce_hash, _CODES.c.token_sealed,
               _DEVICES.c.id.label("device_id"), _DEVICES.c.token_hash)
        .join(_DEVICES, _DEVICES.c.id == _CODES.c.device_id)
        .where(_CODES.c.code_hash == code_hash,
               _CODES.c.used_at > now - REPLAY_WINDOW,
               _CODES.c.token_sealed.is_not(None),
               _DEVICES.c.revoked.is_(False))
    ).first()
    if hit is None or not hit.nonce_hash or not hmac.compare_digest(
            hit.nonce_hash, nonce_digest(nonce, hit.id)):
        return None
    token = unseal_token(hit.token_sealed, nonce, hit.id)
    if token is None or not hmac.compare_digest(sha256_hex(token), hit.token_hash):
        return None
    return _answer(conn, hit.terminal_id, hit.device_id, token)


def _answer(conn: Connection, terminal_id: str, device_id: str, token: str) -> RegisterResponse:
    store, term = m.Store.__table__, m.Terminal.__table__
    info = conn.execute(
        select(store.c.id, store.c.code, store.c.name, store.c.address,
               term.c.id.label("tid"), term.c.code.label("tcode"))
        .join(term, term.c.store_id == store.c.id)
        .where(term.c.id == terminal_id)
    ).one()
    return RegisterResponse(
        high_water=high_water(conn, info.tid),  # a terminal paired again continues its numbers
        device_token=token, device_id=device_id, store_id=info.id, store_code=info.code,
        store_name=info.name, store_address=info.address, terminal_id=info.tid,
        terminal_code=info.tcode, staff_pepper=store_pepper(conn, info.id).hex(),
    )
