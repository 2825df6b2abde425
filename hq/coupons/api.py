"""Coupons over HTTP (sync/contract/coupons_api.py has the full list and the models).

    POST /v1/coupons/redeem        a till (device token): redeem online, atomically
    POST /v1/coupons/release       a till: give back what a voided sale held
    GET  /v1/coupons/reconciliation  a till: its own store's reconciliation
    GET  /v1/admin/coupons/reconciliation  HQ staff: ?campaign=ID (repeat), ?store=CODE,
                                   ?format=csv
    POST /v1/admin/coupons/claim   a mini-program or web page (admin/partner token): claim a
                                   definition's coupon for a member by id, unionid or phone

A refusal is an answer (200 with `outcome: refused` and a reason code), so a till never
mistakes "already redeemed" for HQ being down.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from hq.admin import AdminError
from hq.admin_auth import CurrentAdmin
from hq.auth import CurrentDevice, get_engine
from hq.coupons import issuing, reconcile_query
from hq.coupons import redeem as redeeming
from hq.store_scope import own_store, store_by_code
from sync.contract.coupons_api import (
    CouponClaimRequest,
    CouponClaimResponse,
    CouponReconciliation,
    CouponRedeemRequest,
    CouponRedeemResponse,
    CouponReleaseRequest,
)
from sync.contract.envelope import ErrorBody

router = APIRouter()
_ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody},
                                            422: {"model": ErrorBody}}


@router.post("/coupons/redeem", response_model=CouponRedeemResponse, responses=_ERRORS)
def redeem(request: Request, device: CurrentDevice, body: CouponRedeemRequest
           ) -> CouponRedeemResponse:
    return redeeming.redeem(get_engine(request), device, body)


@router.post("/coupons/release", response_model=CouponRedeemResponse, responses=_ERRORS)
def release(request: Request, device: CurrentDevice, body: CouponReleaseRequest
            ) -> CouponRedeemResponse:
    return redeeming.release(get_engine(request), device, body)


@router.post("/admin/coupons/claim", response_model=CouponClaimResponse,
             responses={**_ERRORS, 503: {"model": ErrorBody}})
def claim(request: Request, admin: CurrentAdmin, body: CouponClaimRequest
          ) -> CouponClaimResponse:
    """Per-member limits and stock are honoured; the same key answers the first again (per
    admin token). 503 when HQ has no key to sign with (nothing is issued)."""
    try:
        return issuing.claim(get_engine(request), admin, body)
    except AdminError as exc:
        raise HTTPException(503, detail=str(exc)) from exc


@router.get("/coupons/reconciliation", response_model=CouponReconciliation,
            responses=_ERRORS)
def store_reconciliation(request: Request, device: CurrentDevice) -> CouponReconciliation:
    """The store comes from the device, never the query: a till sees its own store only."""
    return reconcile_query.report(get_engine(request), store_id=own_store(device))


@router.get("/admin/coupons/reconciliation", response_model=CouponReconciliation,
            responses={**_ERRORS, 404: {"model": ErrorBody}})
def admin_reconciliation(
    request: Request, _admin: CurrentAdmin,
    campaign: Annotated[list[str], Query(max_length=1000)] = [],  # noqa: B006 (FastAPI's way)
    store: Annotated[str | None, Query(max_length=16)] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> CouponReconciliation | Response:
    engine = get_engine(request)
    store_id = store_by_code(engine, store)
    rep = reconcile_query.report(engine, campaign or None, store_id)
    if format == "csv":
        return Response(reconcile_query.csv_text(rep), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition":
                                 'attachment; filename="coupon-reconciliation.csv"'})
    return rep
