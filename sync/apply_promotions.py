"""Pages of the `promotions` stream into `promotion_campaign`, inside the page transaction.

HQ alone authors campaigns, so nothing local is ever pending: the last change of a key in a
page wins. An upsert keeps the campaign as HQ sent it (its rules checked by the contract
model with the engine's own parser, so a row the engine would refuse is `hq_bad_response`
and nothing of the page is applied); an ended campaign is kept with status `ended`, and a
tombstone (HQ no longer sends it to this store) or a full re-pull that does not bring it
back marks it `withdrawn`. Either way it stops at once: services read only `active` rows
(local_db.promotions), and by its end date offline the engine's window stops it anyway.
"""

from __future__ import annotations

import json

from pydantic import ValidationError
from sqlalchemy import Table, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session

from local_db.ids import utcnow
from local_db.models_promotions import PromotionCampaign
from pos_app.errors import PosError
from sync.contract.envelope import Change
from sync.contract.streams_promotions import PromotionData

_T: Table = PromotionCampaign.__table__  # type: ignore[assignment]
WITHDRAWN = "withdrawn"


def apply_promotions(session: Session, changes: list[Change]) -> tuple[int, int]:
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
            data = PromotionData.model_validate(change.data or {})
        except ValidationError as exc:
            raise PosError("hq_bad_response", detail=f"promotions {key}: {exc}"[:300]) from exc
        rows.append({"id": data.id, "name": data.name, "status": data.status,
                     "starts_at": data.starts_at, "ends_at": data.ends_at,
                     "rule_count": len(data.rules), "hq_updated_at": data.updated_at,
                     "doc": json.dumps(data.campaign_doc(), ensure_ascii=False,
                                       sort_keys=True),
                     "updated_at": utcnow()})
    conn = session.connection()
    if rows:
        stmt = insert(_T)
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={c: stmt.excluded[c] for c in rows[0] if c != "id"}), rows)
    _withdraw(session, gone)
    return len(latest), 0


def _withdraw(session: Session, ids: list[str]) -> None:
    if ids:
        session.connection().execute(update(_T).where(_T.c.id.in_(ids))
                                     .values(status=WITHDRAWN, updated_at=utcnow()))


def sweep_promotions(session: Session, keep: set[str]) -> int:
    """After a full re-pull: campaigns HQ no longer sends this store are withdrawn."""
    conn = session.connection()
    held = conn.execute(select(_T.c.id).where(_T.c.status != WITHDRAWN)).scalars()
    gone = [cid for cid in held if cid not in keep]
    _withdraw(session, gone)
    return len(gone)
