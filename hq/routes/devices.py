"""POST /v1/devices/register: spend a one-time enrollment code, get a device token.

Wrong codes are throttled per client IP and across all IPs (hq.limits.Bucket): after a
few misses the caller gets 429 with Retry-After, checked before the database is touched,
so 3,000 guesses cost HQ nothing and find nothing. A code past its `expires_at` is unknown.
A code made with `--replace` revokes the terminal's other devices as it registers.
The same till asking again (same code and nonce, shortly after) gets the same answer:
hq/registration.py says how and why.
GET /v1/devices/pepper: the store's PIN pepper, for a till paired before tills got it.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from hq.admin import store_pepper
from hq.auth import CurrentDevice, get_engine
from hq.db import writer
from hq.registration import register_device
from sync.contract.envelope import ErrorBody
from sync.contract.registration import PepperResponse, RegisterRequest, RegisterResponse

router = APIRouter()


@router.post(
    "/devices/register",
    response_model=RegisterResponse,
    responses={401: {"model": ErrorBody, "description": "unknown, expired or used code"},
               429: {"model": ErrorBody, "description": "too many wrong codes, wait"}},
)
def register(body: RegisterRequest, request: Request) -> RegisterResponse:
    """The code is marked used by a conditional UPDATE (… AND used_at IS NULL): of two
    devices racing with the same code exactly one wins, the other gets 401 unless it is the
    same till's retry (hq.registration)."""
    if "\x00" in body.device_name or "\x00" in body.enrollment_code:
        raise HTTPException(status_code=422, detail="NUL character in request")
    state = request.app.state
    ip = request.client.host if request.client else "?"
    wait = state.register_ip.wait_s(ip) or state.register_all.wait_s("*")
    if wait:
        raise HTTPException(status_code=429, detail="too many wrong enrollment codes",
                            headers={"Retry-After": str(wait)})
    try:
        return _register(body, request)
    except HTTPException as exc:
        if exc.status_code == 401:  # a miss: spend from both buckets
            state.register_ip.take(ip)
            state.register_all.take("*")
        raise


def _register(body: RegisterRequest, request: Request) -> RegisterResponse:
    with writer(get_engine(request)).begin() as conn:
        return register_device(conn, body)


@router.get("/devices/pepper", response_model=PepperResponse,
            responses={401: {"model": ErrorBody}})
def pepper(request: Request, device: CurrentDevice) -> PepperResponse:
    """The device's store's PIN pepper (a till paired before revision 0007 asks once)."""
    with writer(get_engine(request)).begin() as conn:
        return PepperResponse(staff_pepper=store_pepper(conn, device.store_id).hex())
