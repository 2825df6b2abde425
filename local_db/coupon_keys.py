"""The coupon signing keys this till honours, read for pos_app.domain.coupons.verify.

Filled by the `coupon_keys` stream (sync/apply_coupon_keys.py). Read afresh on every
verification (a handful of rows), so a key HQ retired stops verifying as soon as the pull
that brought its retirement commits, with no cache to drop.
"""

from __future__ import annotations

from sqlalchemy import Table, select
from sqlmodel import Session

from local_db.models_coupon_keys import CouponKey

_T: Table = CouponKey.__table__  # type: ignore[assignment]


def honoured_keys(session: Session) -> dict[int, bytes]:
    """Key id → raw 32-byte Ed25519 public key, for every key HQ still honours."""
    rows = session.connection().execute(
        select(_T.c.key_id, _T.c.public_key).where(_T.c.status == "active")).all()
    return {row.key_id: bytes.fromhex(row.public_key) for row in rows}


def retired_keys(session: Session) -> set[int]:
    """The ids of keys HQ retired: verify's `retired`, to say why a coupon is refused."""
    rows = session.connection().execute(
        select(_T.c.key_id).where(_T.c.status == "retired")).scalars()
    return set(rows)


def verification_keys(session: Session) -> tuple[dict[int, bytes], set[int]]:
    """(honoured_keys, retired_keys) in one query: what a till verifies a scan with."""
    rows = session.connection().execute(
        select(_T.c.key_id, _T.c.public_key, _T.c.status)).all()
    honoured = {r.key_id: bytes.fromhex(r.public_key) for r in rows if r.status == "active"}
    return honoured, {r.key_id for r in rows if r.status == "retired"}
