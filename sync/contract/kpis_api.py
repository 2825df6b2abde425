"""HQ's guide KPIs of a till's own store (issue 19, the whole store for the till: 19-C).

    GET /v1/kpis?from=D&to=D   a till (device token): its store's figures, every till's
                               events HQ holds (hq/kpis/api.py; pos_app.domain.kpis.table
                               .as_json: fen, counts, derived figures in integer units)

The till reads back the stored figures of each row (the derived ones it recomputes with the
same domain rules) and the daily trend. Unknown fields are ignored: HQ may add figures.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


class KpiRow(BaseModel):
    model_config = ConfigDict(extra="ignore")

    guide_id: str
    name: str = ""
    gross_sales: int = 0
    returns_amount: int = 0
    sales: int = 0
    units: int = 0
    member_sales: int = 0
    tracked_lines: int = 0
    tracked_coded: int = 0
    returns: int = 0
    return_units: int = 0
    returns_without_receipt: int = 0
    new_members: int = 0
    points_issued: int = 0
    coupons_redeemed: int = 0
    gift_redemptions: int = 0
    gifts_with_code: int = 0
    overrides: int = 0
    exceptions: int = 0
    target: int | None = None


class StoreKpisAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    store_id: str
    kind: str
    guides: list[KpiRow]
    total: KpiRow
    daily: list[tuple[date, int]] = []
