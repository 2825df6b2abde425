"""Guide KPIs over HTTP (issue 19 item 5).

    GET /v1/kpis?from=D&to=D               a till (device token): its own store's figures
    GET /v1/admin/kpis?store=CODE&from=D&to=D[&format=csv]   HQ staff (admin token)
    GET /v1/admin/kpis?from=D&to=D[&format=csv]   every store (the rollup): a row per store
                                                  and guide, {"stores": [...]} in JSON

The store of a device is the device's, never the query's, so a till sees no other store.
Money in fen, ratios in basis points (pos_app.domain.kpis.table.as_json); the CSV is the
till's export (UTF-8 with BOM).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from hq.admin_auth import CurrentAdmin
from hq.auth import CurrentDevice, get_engine
from hq.kpis.across import coded
from hq.kpis.across_out import across_csv, across_json
from hq.kpis.report import store_kpis
from hq.store_scope import own_store, store_by_code
from pos_app.domain.kpis import Period
from pos_app.domain.kpis.table import as_json, csv_bytes

router = APIRouter()


def period_of(start: date, end: date) -> Period:
    """The period a from/to pair names: a day, an ISO week, a whole month, else custom (a
    month shows the guides' targets, as on the till)."""
    try:
        for named in (Period.day(start), Period.week(start), Period.month(start)):
            if (named.start, named.end) == (start, end):
                return named
        return Period.custom(start, end)
    except Exception as exc:  # the domain's refusal (reversed, too long) as a 422
        raise HTTPException(422, detail=f"bad period: {exc}") from None


@router.get("/kpis")
def device_kpis(request: Request, device: CurrentDevice,
                start: Annotated[date, Query(alias="from")],
                end: Annotated[date, Query(alias="to")]) -> dict[str, Any]:
    return as_json(store_kpis(get_engine(request), own_store(device), period_of(start, end)))


@router.get("/admin/kpis", response_model=None)
def admin_kpis(request: Request, _admin: CurrentAdmin,
               start: Annotated[date, Query(alias="from")],
               end: Annotated[date, Query(alias="to")],
               store: Annotated[str | None, Query(max_length=16)] = None,
               format: Annotated[Literal["json", "csv"], Query()] = "json",
               ) -> dict[str, Any] | Response:
    engine = get_engine(request)
    period = period_of(start, end)
    store_id = store_by_code(engine, store)  # 404 for a code HQ does not know
    if store_id is None:  # every store at once, from the rollup (issue 19-C)
        reports = coded(engine, period)
        if format == "csv":
            return _csv(across_csv(reports, period.label))
        return across_json(reports, period.start.isoformat(), period.end.isoformat(),
                           period.kind)
    kpis = store_kpis(engine, store_id, period)
    if format == "csv":
        return _csv(csv_bytes(kpis))
    return as_json(kpis)


def _csv(body: bytes) -> Response:
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="kpis.csv"'})
