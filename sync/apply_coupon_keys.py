"""Pages of the `coupon_keys` stream into `coupon_key`, inside the page transaction.

HQ alone makes keys, so nothing local is pending: the last change of a key in a page wins.
A retired key is kept as `retired` (local_db.coupon_keys reads only `active` ones), so the
pull that brings a retirement stops verification with that key when it commits. A tombstone
or a full re-pull that does not bring a key back retires it too: a till never keeps
honouring a key HQ stopped sending.
"""

from __future__ import annotations

from sqlalchemy import Table, select
from sqlmodel import Session

from local_db.ids import utcnow
from local_db.models_coupon_keys import CouponKey
from sync.apply_keyed import set_status, upsert_page
from sync.contract.envelope import Change
from sync.contract.streams_coupon_keys import CouponKeyData

_T: Table = CouponKey.__table__  # type: ignore[assignment]
RETIRED = "retired"


def apply_coupon_keys(session: Session, changes: list[Change]) -> tuple[int, int]:
    """Apply one page; returns (applied, 0)."""
    applied, gone = upsert_page(
        session, changes, stream="coupon_keys", table=_T, pk="key_id", model=CouponKeyData,
        to_row=lambda data: {"key_id": data.key_id, "public_key": data.public_key,
                             "status": data.status, "hq_updated_at": data.updated_at,
                             "updated_at": utcnow()})
    _retire(session, [int(k) for k in gone if k.isdigit()])
    return applied, 0


def _retire(session: Session, ids: list[int]) -> None:
    set_status(session, _T, "key_id", ids, RETIRED)


def sweep_coupon_keys(session: Session, keep: set[str]) -> int:
    """After a full re-pull: keys HQ no longer sends are retired."""
    held = session.connection().execute(
        select(_T.c.key_id).where(_T.c.status != RETIRED)).scalars()
    gone = [k for k in held if str(k) not in keep]
    _retire(session, gone)
    return len(gone)
