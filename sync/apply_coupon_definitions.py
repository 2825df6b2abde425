"""Pages of the `coupon_definitions` stream into `coupon_definition`, inside the page
transaction. HQ alone defines coupons, so nothing local is pending: the last change of a
definition in a page wins; a tombstone, or a full re-pull that does not bring it back,
removes it (its coupons then fall back to `deny` offline)."""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import Table, delete, select
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session

from local_db.ids import utcnow
from local_db.models_coupon_definitions import CouponDefinition
from pos_app.errors import PosError
from sync.contract.envelope import Change
from sync.contract.streams_coupons import CouponDefinitionData

_T: Table = CouponDefinition.__table__  # type: ignore[assignment]


def apply_coupon_definitions(session: Session, changes: list[Change]) -> tuple[int, int]:
    """Apply one page; returns (applied, 0)."""
    latest: dict[str, Change] = {}
    for change in changes:
        latest.pop(change.key, None)
        latest[change.key] = change
    rows, gone = [], []
    for key, change in latest.items():
        if change.op == "delete":
            gone.append(key)
            continue
        try:
            d = CouponDefinitionData.model_validate(change.data or {})
        except ValidationError as exc:
            raise PosError("hq_bad_response",
                           detail=f"coupon_definitions {key}: {exc}"[:300]) from exc
        rows.append({"id": d.id, "campaign_id": d.campaign_id, "campaign_ref": d.campaign_ref,
                     "kind": d.kind, "gift_ref": d.gift_ref, "offline": d.offline,
                     "offline_under": d.offline_under, "valid_until": d.valid_until,
                     "data": d.model_dump_json(), "updated_at": utcnow()})
    conn = session.connection()
    if rows:
        stmt = insert(_T)
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["id"], set_={c: stmt.excluded[c] for c in rows[0] if c != "id"}),
            rows)
    if gone:
        conn.execute(delete(_T).where(_T.c.id.in_(gone)))
    return len(latest), 0


def sweep_coupon_definitions(session: Session, keep: set[str]) -> int:
    """After a full re-pull: definitions HQ no longer sends are removed."""
    conn = session.connection()
    gone = [k for k in conn.execute(select(_T.c.id)).scalars() if k not in keep]
    if gone:
        conn.execute(delete(_T).where(_T.c.id.in_(gone)))
    return len(gone)
