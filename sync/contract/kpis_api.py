"""HQ's guide KPIs of a till's own store (issue 19, the whole store for the till: 19-C).

    GET /v1/kpis?from=D&to=D   a till (device token): its store's figures, every till's
                               events HQ holds (hq/kpis/api.py; pos_app.domain.kpis.table
                               .as_json: fen, counts, derived figures in integer units)

The till reads back the stored figures of each row (the derived ones it recomputes with the
same domain rules) and the daily trend. Unknown fields are ignored: HQ may add figures.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, create_model

from pos_app.domain.kpis import COUNTS

# One row of figures: pos_app.domain.kpis.GuideKpis' stored fields, the counts taken from
# its one list (COUNTS), so the wire and the domain cannot drift apart.
KpiRow = create_model(
    "KpiRow", __config__=ConfigDict(extra="ignore"),
    guide_id=(str, ...), name=(str, ""), **{c: (int, 0) for c in COUNTS},
    target=(int | None, None))


class StoreKpisAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    store_id: str
    kind: str
    guides: list[KpiRow]
    total: KpiRow
    daily: list[tuple[date, int]] = []
