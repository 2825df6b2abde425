"""Which store an HQ route answers for: a till's own store only (from its device token,
never from the query), or the store an admin names by code (404 when there is none).

One place for the rule, so every till-facing route (coupon reconciliation, campaign ROI,
the receipt look-up of returns) scopes the same way.
"""

from __future__ import annotations

from fastapi import HTTPException
from sqlalchemy import Engine, select

from hq import models as m
from hq.auth import DeviceInfo

STORE = m.Store.__table__


def own_store(device: DeviceInfo) -> str:
    """The store a till may see: its device's, whatever the request says."""
    return device.store_id


def require_own_store(device: DeviceInfo, store_id: str | None, what: str) -> None:
    """404 (not 403: a till learns nothing of other stores) unless `store_id` is the
    device's store."""
    if store_id != device.store_id:
        raise HTTPException(404, detail=f"{what} is not in this store")


def store_by_code(engine: Engine, code: str | None) -> str | None:
    """The id of the store an admin names by code (None: every store); 404 if unknown."""
    if code is None:
        return None
    with engine.connect() as conn:
        store_id = conn.execute(select(STORE.c.id).where(STORE.c.code == code)).scalar()
    if store_id is None:
        raise HTTPException(404, detail=f"unknown store {code!r}")
    return str(store_id)
