"""Campaign ROI over HTTP (issue 16 item 6).

    GET /v1/promotions/roi                 a till (device token): its own store's campaigns,
                                           measured on its store's sales (CampaignRoiResponse)
    GET /v1/admin/campaigns/roi            HQ staff (admin token): ?campaign=ID (repeat),
                                           ?store=CODE, ?format=csv (yuan, text/csv)

The till's manager view asks the first; the store comes from the device, never the query,
so a till sees no other store's figures.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from hq.admin_auth import CurrentAdmin
from hq.auth import CurrentDevice, get_engine
from hq.promotions.roi_query import campaign_reports
from hq.promotions.roi_report import csv_text, roi_row
from hq.promotions.service import store_codes
from hq.store_scope import own_store, store_by_code
from sync.contract.envelope import ErrorBody
from sync.contract.roi_api import CampaignRoiResponse

router = APIRouter()
_ERRORS: dict[int | str, dict] = {401: {"model": ErrorBody}, 404: {"model": ErrorBody}}


@router.get("/promotions/roi", response_model=CampaignRoiResponse, responses=_ERRORS)
def store_roi(request: Request, device: CurrentDevice) -> CampaignRoiResponse:
    reports = campaign_reports(get_engine(request), store_id=own_store(device))
    return CampaignRoiResponse(store_id=own_store(device),
                               campaigns=[roi_row(r) for r in reports])


@router.get("/admin/campaigns/roi", response_model=CampaignRoiResponse, responses=_ERRORS)
def admin_roi(
    request: Request, _admin: CurrentAdmin,
    campaign: Annotated[list[str], Query(max_length=1000)] = [],  # noqa: B006 (FastAPI's way)
    store: Annotated[str | None, Query(max_length=16)] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> CampaignRoiResponse | Response:
    engine = get_engine(request)
    store_id = store_by_code(engine, store)
    reports = campaign_reports(engine, campaign, store_id)
    if format == "csv":
        return Response(csv_text(reports, store_codes(engine)),
                        media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="roi.csv"'})
    return CampaignRoiResponse(store_id=store_id, campaigns=[roi_row(r) for r in reports])
