"""The rows behind a campaign's ROI (issue 16 item 6): HQ only queries here; the figures are
computed by the domain (pos_app.domain.promotions.roi), so the arithmetic is the one the tests
work through to the fen.

A campaign's window is its own: from `starts_at` (store-local, read in SHOPFLOOR_HQ_TIMEZONE,
UTC when unset) or its creation, up to `ends_at`, when it was ended, or now, whichever comes
first. Its sales are the completed sales of its stores (every store when it names none)
created in that window; `store_id` narrows a report to one store (the till's manager view:
only campaigns for that store, only that store's sales). The period before is as long as
the window and ends where it starts. The holdout splits every member not merged into another
and enrolled before the window's end (spend from the sale's member, as HQ resolved it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, and_, bindparam, select

from hq import models as m
from hq import policy
from pos_app.domain.promotions.roi import (
    AdjustmentFact,
    CampaignFacts,
    CampaignRoi,
    LineFact,
    Members,
    campaign_roi,
)

C, R = m.Campaign.__table__, m.CampaignRule.__table__
SALE, LINE, ADJ = m.Sale.__table__, m.SaleLine.__table__, m.SaleLineAdjustment.__table__
PRODUCT, MEMBER = m.Product.__table__, m.Member.__table__
_IDS = bindparam("ids", expanding=True)
CHUNK = 2000


@dataclass(frozen=True)
class CampaignReport:
    """One campaign's report: what it is, where and when it was measured, and its figures."""

    campaign_id: str
    name: str
    status: str
    stores: tuple[str, ...]  # store ids measured (empty: every store)
    start: datetime  # UTC
    end: datetime  # UTC, exclusive
    holdout_permille: int
    roi: CampaignRoi


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _local(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=policy.store_timezone() or UTC).astimezone(UTC)


def window(c: object, now: datetime) -> tuple[datetime, datetime]:
    """The campaign's measured window, UTC (see the module)."""
    start = _local(c.starts_at) or _aware(c.created_at)  # type: ignore[attr-defined]
    ends = [now, *(v for v in (_local(c.ends_at),  # type: ignore[attr-defined]
                               c.ended_at and _aware(c.ended_at)) if v)]  # type: ignore[attr-defined]
    return start, max(start, min(ends))


def _lines(conn: Connection, stores: Sequence[str], start: datetime, end: datetime,
           full: bool = True) -> list[LineFact]:
    where = [SALE.c.created_at >= start, SALE.c.created_at < end, SALE.c.status == "completed"]
    if stores:
        where.append(SALE.c.store_id.in_(stores))
    rows = conn.execute(
        select(LINE.c.id, LINE.c.sale_id, SALE.c.member_id, LINE.c.product_id,
               LINE.c.quantity, LINE.c.unit_price, LINE.c.net, PRODUCT.c.cost)
        .select_from(LINE.join(SALE, LINE.c.sale_id == SALE.c.id)
                     .outerjoin(PRODUCT, PRODUCT.c.id == LINE.c.product_id))
        .where(and_(*where)).order_by(LINE.c.sale_id, LINE.c.line_no)).all()
    adjustments: dict[str, list[AdjustmentFact]] = {}
    if full:
        sale_ids = sorted({r.sale_id for r in rows})
        for at in range(0, len(sale_ids), CHUNK):
            for a in conn.execute(select(ADJ.c.sale_line_id, ADJ.c.campaign_id, ADJ.c.rule_id,
                                         ADJ.c.amount).where(ADJ.c.sale_id.in_(_IDS))
                                  .order_by(ADJ.c.sale_line_id, ADJ.c.seq),
                                  {"ids": sale_ids[at:at + CHUNK]}):
                adjustments.setdefault(a.sale_line_id, []).append(
                    AdjustmentFact(a.campaign_id, a.rule_id, a.amount))
    return [LineFact(r.sale_id, r.member_id, r.product_id, r.quantity, r.unit_price * r.quantity,
                     r.net, r.cost, tuple(adjustments.get(r.id, ()))) for r in rows]


def _members(conn: Connection, start: datetime, end: datetime) -> Members:
    rows = conn.execute(select(MEMBER.c.id, MEMBER.c.created_at).where(
        MEMBER.c.merged_into.is_(None), MEMBER.c.created_at < end)).all()
    return Members(ids=[r.id for r in rows],
                   new_in_window=[r.id for r in rows if _aware(r.created_at) >= start])


def gift_rules(conn: Connection, campaign_id: str) -> frozenset[str]:
    """The campaign's buy-X-get-Y rules that give their units free (percent_off 100)."""
    rows = conn.execute(select(R.c.rule_id, R.c.body).where(
        R.c.campaign_id == campaign_id, R.c.kind == "buy_x_get_y")).all()
    return frozenset(f"{campaign_id}/{r.rule_id}" for r in rows
                     if json.loads(r.body).get("percent_off", 100) == 100)


def campaign_reports(engine: Engine, campaign_ids: Sequence[str] = (),
                     store_id: str | None = None, now: datetime | None = None
                     ) -> list[CampaignReport]:
    """The ROI of the campaigns asked for (default: every campaign, newest first); with
    `store_id`, only the campaigns for that store, measured on its sales alone."""
    now = now or m.utcnow()
    query = select(C).order_by(C.c.created_at.desc(), C.c.id)
    if campaign_ids:
        query = query.where(C.c.id.in_(list(campaign_ids)))
    out = []
    with engine.connect() as conn:
        for c in conn.execute(query).all():
            stores = tuple(json.loads(c.stores))
            if store_id is not None:
                if stores and store_id not in stores:
                    continue
                stores = (store_id,)
            start, end = window(c, now)
            before = _lines(conn, stores, start - (end - start), start, full=False)
            facts = CampaignFacts(c.id, c.name, c.holdout_permille, gift_rules(conn, c.id))
            roi = campaign_roi(facts, _lines(conn, stores, start, end), before,
                               _members(conn, start, end))
            out.append(CampaignReport(c.id, c.name, c.status, stores, start, end,
                                      c.holdout_permille, roi))
    return out
