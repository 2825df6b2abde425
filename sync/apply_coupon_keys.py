"""Pages of the `coupon_keys` stream into `coupon_key`, inside the page transaction.

HQ alone makes keys, so nothing local is pending: the last change of a key in a page wins.
A retired key is kept as `retired` (local_db.coupon_keys reads only `active` ones), so the
pull that brings a retirement stops verification with that key when it commits. A tombstone
or a full re-pull that does not bring a key back retires it too: a till never keeps
honouring a key HQ stopped sending.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import Table, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session

from local_db.ids import utcnow
from local_db.models_coupon_keys import CouponKey
from pos_app.errors import PosError
from sync.contract.envelope import Change
from sync.contract.streams_coupon_keys import CouponKeyData

_T: Table = CouponKey.__table__  # type: ignore[assignment]
RETIRED = "retired"


def apply_coupon_keys(session: Session, changes: list[Change]) -> tuple[int, int]:
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
            data = CouponKeyData.model_validate(change.data or {})
        except ValidationError as exc:
            raise PosError("hq_bad_response", detail=f"coupon_keys {key}: {exc}"[:300]) from exc
        rows.append({"key_id": data.key_id, "public_key": data.public_key,
                     "status": data.status, "hq_updated_at": data.updated_at,
                     "updated_at": utcnow()})
    conn = session.connection()
    if rows:
        stmt = insert(_T)
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["key_id"],
            set_={c: stmt.excluded[c] for c in rows[0] if c != "key_id"}), rows)
    _retire(session, [int(k) for k in gone if k.isdigit()])
    return len(latest), 0


def _retire(session: Session, ids: list[int]) -> None:
    if ids:
        session.connection().execute(update(_T).where(_T.c.key_id.in_(ids))
                                     .values(status=RETIRED, updated_at=utcnow()))


def sweep_coupon_keys(session: Session, keep: set[str]) -> int:
    """After a full re-pull: keys HQ no longer sends are retired."""
    held = session.connection().execute(
        select(_T.c.key_id).where(_T.c.status != RETIRED)).scalars()
    gone = [k for k in held if str(k) not in keep]
    _retire(session, gone)
    return len(gone)
