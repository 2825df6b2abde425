"""HQ's admin API for campaigns (/v1/admin/campaigns), for HQ staff tools; the same service
as `shopfloor-hq promotions …` behind an admin token (hq/admin_auth.py), never a till's.

    POST /v1/admin/campaigns                {name, id?, starts_at?, ends_at?, stores (codes),
                                             members_only, member_tiers, holdout_permille}
    GET  /v1/admin/campaigns                every campaign with its rules, newest first
    POST /v1/admin/campaigns/{id}/rules     one rule (docs/promotions.md's rule JSON)
    POST /v1/admin/campaigns/{id}/end       ends it now

Each answers the campaign as the `promotions` stream carries it (PromotionData, store ids).
A refusal is 422 `{"detail": {"code": "promo_…", "message": …}}` with the domain's code and
nothing written; an unknown campaign 404, an ended one 409.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Path, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Engine

from hq.admin import AdminError
from hq.admin_auth import CurrentAdmin
from hq.auth import get_engine
from hq.promotions import service
from hq.promotions.publish import campaign_row
from hq.promotions.validation import CampaignRefusedError
from sync.contract.envelope import ErrorBody
from sync.contract.streams_promotions import PromotionData

router = APIRouter()
CampaignId = Annotated[str, Path(min_length=1, max_length=64)]
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody}, 404: {"model": ErrorBody}, 409: {"model": ErrorBody},
    422: {"model": ErrorBody}}


class CampaignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    id: str | None = Field(default=None, min_length=1, max_length=64)
    starts_at: str | None = Field(default=None, max_length=32)  # store-local ISO 8601
    ends_at: str | None = Field(default=None, max_length=32)
    stores: list[Annotated[str, Field(max_length=16)]] = Field(default=[], max_length=1000)
    members_only: bool = False
    member_tiers: list[Annotated[str, Field(max_length=16)]] = Field(default=[], max_length=4)
    holdout_permille: int = Field(default=0, ge=0, le=1000)


def _answer(engine: Engine, campaign_id: str) -> PromotionData:
    with engine.connect() as conn:
        return campaign_row(conn, campaign_id)


def _refusal(exc: AdminError) -> HTTPException:
    if isinstance(exc, CampaignRefusedError):
        return HTTPException(422, detail={"code": exc.code, "message": exc.text})
    text = str(exc)
    status = 404 if text.startswith(("unknown campaign", "unknown store")) else 409
    return HTTPException(status, detail=text)


@router.post("/admin/campaigns", status_code=201, response_model=PromotionData,
             responses=_ERRORS)
def create_campaign(request: Request, _admin: CurrentAdmin, body: CampaignIn) -> PromotionData:
    engine = get_engine(request)
    try:
        cid = service.create_campaign(engine, service.NewCampaign(
            name=body.name, starts_at=body.starts_at, ends_at=body.ends_at,
            store_codes=tuple(body.stores), members_only=body.members_only,
            member_tiers=tuple(body.member_tiers), holdout_permille=body.holdout_permille,
            id=body.id))
    except AdminError as exc:
        raise _refusal(exc) from None
    return _answer(engine, cid)


@router.get("/admin/campaigns", response_model=list[PromotionData], responses=_ERRORS)
def list_campaigns(request: Request, _admin: CurrentAdmin) -> list[dict[str, Any]]:
    return service.list_campaigns(get_engine(request))


@router.post("/admin/campaigns/{campaign_id}/rules", status_code=201,
             response_model=PromotionData, responses=_ERRORS)
def add_rule(request: Request, _admin: CurrentAdmin, campaign_id: CampaignId,
             rule: Annotated[dict[str, Any], Body()]) -> PromotionData:
    engine = get_engine(request)
    try:
        service.add_rule(engine, campaign_id, rule)
    except AdminError as exc:
        raise _refusal(exc) from None
    return _answer(engine, campaign_id)


@router.post("/admin/campaigns/{campaign_id}/end", response_model=PromotionData,
             responses=_ERRORS)
def end_campaign(request: Request, _admin: CurrentAdmin,
                 campaign_id: CampaignId) -> PromotionData:
    engine = get_engine(request)
    try:
        service.end_campaign(engine, campaign_id)
    except AdminError as exc:
        raise _refusal(exc) from None
    return _answer(engine, campaign_id)
