"""HQ's coupon signing keys: make, list, retire, and the key that signs (issue 17).

Codes are verified offline by every till with the public keys of the `coupon_keys` stream,
so HQ can hold several keys: a new key signs from the moment it is made, older ones keep
verifying until retired, and a retired key is published as `retired` so tills refuse its
coupons on their next pull. Retiring wipes the private key: nothing can sign with it again.

Where the private key lives, and why: in the HQ database, AES-256-GCM-encrypted with a key
derived (HKDF-SHA256) from the secret in `SHOPFLOOR_HQ_COUPON_SECRET` (at least 32
characters, e.g. `openssl rand -base64 32`). Not a 0600 file: HQ may run as several
processes or hosts over one PostgreSQL, and each that issues coupons must sign; the database
is what they share. Not in clear in the database: a dump, a backup or a read-only replica
must not be able to mint coupons. The secret is handled like DATABASE_URL (the deployment's
secret store, never argv); lose it and the keys cannot sign — make a new key, codes already
issued still verify with the public keys.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, Engine, func, insert, select, update

from hq import models as m
from hq.admin import AdminError
from hq.changes import record
from hq.db import writer
from hq.models_base import utcnow
from pos_app.domain.coupons import generate_keypair

KEYS = m.CouponSigningKey.__table__
SECRET_ENV = "SHOPFLOOR_HQ_COUPON_SECRET"
MIN_SECRET = 32
MAX_KEY_ID = 255  # one byte in the payload
STREAM = "coupon_keys"


@dataclass(frozen=True)
class KeyInfo:
    key_id: int
    public_key: str  # hex
    status: str
    created_at: datetime
    retired_at: datetime | None


def _cipher() -> AESGCM:
    secret = os.environ.get(SECRET_ENV, "")
    if len(secret) < MIN_SECRET:
        raise AdminError(f"set {SECRET_ENV} to a secret of at least {MIN_SECRET} characters "
                         "(e.g. `openssl rand -base64 32`): coupon keys are encrypted with it")
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"shopfloor-hq coupon signing keys").derive(secret.encode())
    return AESGCM(key)


def _aad(key_id: int) -> bytes:
    return b"shopfloor-coupon-key:%d" % key_id  # a ciphertext cannot move to another id


def _encrypt(key_id: int, private: bytes) -> str:
    nonce = os.urandom(12)
    return base64.b64encode(nonce + _cipher().encrypt(nonce, private, _aad(key_id))).decode()


def _decrypt(key_id: int, blob: str) -> bytes:
    raw = base64.b64decode(blob)
    try:
        return _cipher().decrypt(raw[:12], raw[12:], _aad(key_id))
    except InvalidTag:
        raise AdminError(f"coupon key {key_id} cannot be decrypted: {SECRET_ENV} is not the "
                         "secret it was made with") from None


def _publish(conn: Connection, row: dict) -> None:
    record(conn, STREAM, str(row["key_id"]), "upsert", {
        "key_id": row["key_id"], "public_key": row["public_key"], "status": row["status"],
        "created_at": row["created_at"].isoformat(),
        "retired_at": row["retired_at"].isoformat() if row["retired_at"] else None,
        "updated_at": (row["retired_at"] or row["created_at"]).isoformat()})


def new_key(engine: Engine) -> KeyInfo:
    """Make the next key (ids are never reused) and publish its public half; it signs from
    now on (the newest active key signs)."""
    cipher_check = _cipher()  # refuse before anything is written when the secret is missing
    del cipher_check
    private, public = generate_keypair()
    with writer(engine).begin() as conn:
        key_id = (conn.execute(select(func.max(KEYS.c.key_id))).scalar() or 0) + 1
        if key_id > MAX_KEY_ID:
            raise AdminError(f"all {MAX_KEY_ID} coupon key ids are used")
        row = {"key_id": key_id, "public_key": public.hex(), "status": "active",
               "private_enc": _encrypt(key_id, private), "created_at": utcnow(),
               "retired_at": None}
        conn.execute(insert(KEYS), row)
        _publish(conn, row)
    return _info(row)


def retire(engine: Engine, key_id: int) -> KeyInfo:
    """Stop honouring `key_id`: its private key is wiped and tills learn it on their next
    pull, after which its coupons are refused (coupon_key_retired). Retiring twice is a no-op."""
    with writer(engine).begin() as conn:
        row = conn.execute(select(KEYS).where(KEYS.c.key_id == key_id)).mappings().first()
        if row is None:
            raise AdminError(f"there is no coupon key {key_id}")
        if row["status"] == "retired":
            return _info(dict(row))
        changed = {"status": "retired", "private_enc": "", "retired_at": utcnow()}
        conn.execute(update(KEYS).where(KEYS.c.key_id == key_id).values(**changed))
        row = {**row, **changed}
        _publish(conn, row)
    return _info(row)


def list_keys(engine: Engine) -> list[KeyInfo]:
    with engine.connect() as conn:
        rows = conn.execute(select(KEYS).order_by(KEYS.c.key_id)).mappings().all()
    return [_info(dict(r)) for r in rows]


def signing_key(conn: Connection) -> tuple[int, bytes]:
    """(key id, raw private key) of the newest active key: what issuing signs codes with.
    AdminError when there is none or the secret is not the one it was made with."""
    row = conn.execute(select(KEYS.c.key_id, KEYS.c.private_enc)
                       .where(KEYS.c.status == "active")
                       .order_by(KEYS.c.key_id.desc()).limit(1)).first()
    if row is None:
        raise AdminError("there is no active coupon key: run `shopfloor-hq coupons keys new`")
    return row.key_id, _decrypt(row.key_id, row.private_enc)


def honoured_keys(conn: Connection) -> dict[int, bytes]:
    """Key id → raw public key of every active key (what HQ itself verifies codes with)."""
    rows = conn.execute(select(KEYS.c.key_id, KEYS.c.public_key)
                        .where(KEYS.c.status == "active")).all()
    return {r.key_id: bytes.fromhex(r.public_key) for r in rows}


def _info(row: dict) -> KeyInfo:
    return KeyInfo(row["key_id"], row["public_key"], row["status"], row["created_at"],
                   row["retired_at"])
