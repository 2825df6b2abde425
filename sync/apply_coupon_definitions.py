"""Pages of the `coupon_definitions` stream into `coupon_definition`, inside the page
transaction. HQ alone defines coupons, so nothing local is pending: the last change of a
definition in a page wins; a tombstone, or a full re-pull that does not bring it back,
removes it (its coupons then fall back to `deny` offline)."""

from __future__ import annotations

from sqlalchemy import Table, delete, select
from sqlmodel import Session

from local_db.ids import utcnow
from local_db.models_coupon_definitions import CouponDefinition
from sync.apply_keyed import upsert_page
from sync.contract.envelope import Change
from sync.contract.streams_coupons import CouponDefinitionData

_T: Table = CouponDefinition.__table__  # type: ignore[assignment]


def apply_coupon_definitions(session: Session, changes: list[Change]) -> tuple[int, int]:
    """Apply one page; returns (applied, 0)."""
    applied, gone = upsert_page(session, changes, stream="coupon_definitions", table=_T,
                                pk="id", model=CouponDefinitionData, to_row=_row)
    if gone:
        session.connection().execute(delete(_T).where(_T.c.id.in_(gone)))
    return applied, 0


def _row(d: CouponDefinitionData) -> dict[str, object]:
    return {"id": d.id, "campaign_id": d.campaign_id, "campaign_ref": d.campaign_ref,
            "kind": d.kind, "gift_ref": d.gift_ref, "offline": d.offline,
            "offline_under": d.offline_under, "valid_until": d.valid_until,
            "data": d.model_dump_json(), "updated_at": utcnow()}


def sweep_coupon_definitions(session: Session, keep: set[str]) -> int:
    """After a full re-pull: definitions HQ no longer sends are removed."""
    conn = session.connection()
    gone = [k for k in conn.execute(select(_T.c.id)).scalars() if k not in keep]
    if gone:
        conn.execute(delete(_T).where(_T.c.id.in_(gone)))
    return len(gone)
