"""Coupons over HTTP (sync/contract/coupons_api.py has the full list and the models).

    POST /v1/coupons/redeem        a till (device token): redeem online, atomically
    POST /v1/coupons/release       a till: give back what a voided sale held
    POST /v1/admin/coupons/claim   a mini-program or web page (admin/partner token): claim a
                                   definition's coupon for a member by id, unionid or phone

A refusal is an answer (200 with `outcome: refused` and a reason code), so a till never
mistakes "already redeemed" for HQ being down.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from hq.admin import AdminError
from hq.admin_auth import CurrentAdmin
from hq.auth import CurrentDevice, get_engine
from hq.coupons import issuing
from hq.coupons import redeem as redeeming
from sync.contract.coupons_api import (
    CouponClaimRequest,
    CouponClaimResponse,
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
