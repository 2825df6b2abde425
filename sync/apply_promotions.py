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

from sqlalchemy import Table, select
from sqlmodel import Session

from local_db.ids import utcnow
from local_db.models_promotions import PromotionCampaign
from sync.apply_keyed import set_status, upsert_page
from sync.contract.envelope import Change
from sync.contract.streams_promotions import PromotionData

_T: Table = PromotionCampaign.__table__  # type: ignore[assignment]
WITHDRAWN = "withdrawn"


def apply_promotions(session: Session, changes: list[Change]) -> tuple[int, int]:
    """Apply one page; returns (applied, 0)."""
    applied, gone = upsert_page(session, changes, stream="promotions", table=_T, pk="id",
                                model=PromotionData, to_row=_row)
    _withdraw(session, gone)
    return applied, 0


def _row(data: PromotionData) -> dict[str, object]:
    return {"id": data.id, "name": data.name, "status": data.status,
            "starts_at": data.starts_at, "ends_at": data.ends_at,
            "rule_count": len(data.rules), "hq_updated_at": data.updated_at,
            "doc": json.dumps(data.campaign_doc(), ensure_ascii=False, sort_keys=True),
            "updated_at": utcnow()}


def _withdraw(session: Session, ids: list[str]) -> None:
    set_status(session, _T, "id", ids, WITHDRAWN)


def sweep_promotions(session: Session, keep: set[str]) -> int:
    """After a full re-pull: campaigns HQ no longer sends this store are withdrawn."""
    conn = session.connection()
    held = conn.execute(select(_T.c.id).where(_T.c.status != WITHDRAWN)).scalars()
    gone = [cid for cid in held if cid not in keep]
    _withdraw(session, gone)
    return len(gone)
