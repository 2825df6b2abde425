"""The campaigns this till prices with, read from `promotion_campaign` (filled by the
`promotions` stream, sync/apply_promotions.py) for the services (issue 16's pricing).

The API is documents, not rule objects: `active_campaign_docs` gives the campaigns in
docs/promotions.md's rules format, and `rules_document` the whole document, which the
domain turns into rules (`pos_app.domain.promotions.rules_from_data(doc)`). Windows are not
judged here: the engine reads each rule's window against the till's own clock, so a
campaign still `active` here but past its end date offline no longer applies.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Table, select
from sqlmodel import Session

from local_db.models_promotions import PromotionCampaign

_T: Table = PromotionCampaign.__table__  # type: ignore[assignment]
RULES_FORMAT = 1


def active_campaign_docs(session: Session, store_id: str | None) -> list[dict[str, Any]]:
    """HQ's active campaigns for this store that have rules, by campaign id (each a dict of
    the rules format, plus `holdout_permille` for the ROI work)."""
    raw = session.connection().execute(
        select(_T.c.doc).where(_T.c.status == "active", _T.c.rule_count > 0)
        .order_by(_T.c.id)).scalars()
    docs = [json.loads(text) for text in raw]
    return [d for d in docs if not d.get("stores") or store_id in d["stores"]]


def rules_document(session: Session, store_id: str | None) -> dict[str, Any]:
    """`{"format": 1, "campaigns": active_campaign_docs(...)}`: `rules_from_data` input."""
    return {"format": RULES_FORMAT, "campaigns": active_campaign_docs(session, store_id)}


def campaign_names(session: Session) -> dict[str, str]:
    """Every campaign this till has held (ended and withdrawn too): id → name, to name the
    campaigns of sales made while they ran."""
    rows = session.connection().execute(select(_T.c.id, _T.c.name)).all()
    return {row.id: row.name for row in rows}
