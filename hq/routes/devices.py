"""POST /v1/devices/register: spend a one-time enrollment code, get a device token.

Wrong codes are throttled per client IP and across all IPs (hq.limits.Bucket): after a
few misses the caller gets 429 with Retry-After, checked before the database is touched,
so 3,000 guesses cost HQ nothing and find nothing. A code past its `expires_at` is unknown.
A code made with `--replace` revokes the terminal's other devices as it registers.
GET /v1/devices/pepper: the store's PIN pepper, for a till paired before tills got it.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from sqlalchemy import insert, select, update

from hq import models as m
from hq.admin import store_pepper
from hq.auth import CurrentDevice, get_engine, unauthorized
from hq.continuity import high_water
from hq.db import writer
from hq.tokens import new_device_token, normalize_code, sha256_hex
from sync.dto import ErrorBody, PepperResponse, RegisterRequest, RegisterResponse

router = APIRouter()


@router.post(
    "/devices/register",
    response_model=RegisterResponse,
    responses={401: {"model": ErrorBody, "description": "unknown, expired or used code"},
               429: {"model": ErrorBody, "description": "too many wrong codes, wait"}},
)
def register(body: RegisterRequest, request: Request) -> RegisterResponse:
    """The code is marked used by a conditional UPDATE (… AND used_at IS NULL): of two
    devices racing with the same code exactly one wins, the other gets 401."""
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
    codes, dev = m.EnrollmentCode.__table__, m.Device.__table__
    store, term = m.Store.__table__, m.Terminal.__table__
    token, device_id = new_device_token(), m.new_id()
    with writer(get_engine(request)).begin() as conn:
        row = conn.execute(
            select(codes.c.id, codes.c.terminal_id, codes.c.replaces).where(
                codes.c.code_hash == sha256_hex(normalize_code(body.enrollment_code)),
                codes.c.used_at.is_(None),
                codes.c.expires_at > m.utcnow(),
            )
        ).first()
        if row is None:
            raise unauthorized("unknown or already used enrollment code")
        spent = conn.execute(
            update(codes)
            .where(codes.c.id == row.id, codes.c.used_at.is_(None))
            .values(used_at=m.utcnow(), device_id=device_id)
        ).rowcount
        if spent != 1:
            raise unauthorized("unknown or already used enrollment code")
        if row.replaces:  # the terminal's old install stops here
            conn.execute(update(dev).where(dev.c.terminal_id == row.terminal_id,
                                           dev.c.revoked.is_(False))
                         .values(revoked=True, revoked_at=m.utcnow()))
        conn.execute(insert(dev), {
            "id": device_id, "terminal_id": row.terminal_id, "name": body.device_name,
            "token_hash": sha256_hex(token), "created_at": m.utcnow(), "revoked": False,
        })
        info = conn.execute(
            select(store.c.id, store.c.code, store.c.name, store.c.address,
                   term.c.id.label("tid"), term.c.code.label("tcode"))
            .join(term, term.c.store_id == store.c.id)
            .where(term.c.id == row.terminal_id)
        ).one()
        marks = high_water(conn, info.tid)  # a terminal paired again continues its numbers
        pepper = store_pepper(conn, info.id).hex()
    return RegisterResponse(
        high_water=marks,
        device_token=token, device_id=device_id, store_id=info.id, store_code=info.code,
        store_name=info.name, store_address=info.address, terminal_id=info.tid,
        terminal_code=info.tcode, staff_pepper=pepper,
    )


@router.get("/devices/pepper", response_model=PepperResponse,
            responses={401: {"model": ErrorBody}})
def pepper(request: Request, device: CurrentDevice) -> PepperResponse:
    """The device's store's PIN pepper (a till paired before revision 0007 asks once)."""
    with writer(get_engine(request)).begin() as conn:
        return PepperResponse(staff_pepper=store_pepper(conn, device.store_id).hex())
