"""POST /v1/devices/register: spend a one-time enrollment code, get a device token."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from sqlalchemy import insert, select, update

from hq import models as m
from hq.auth import get_engine, unauthorized
from hq.db import writer
from hq.tokens import new_device_token, normalize_code, sha256_hex
from sync.dto import ErrorBody, RegisterRequest, RegisterResponse

router = APIRouter()


@router.post(
    "/devices/register",
    response_model=RegisterResponse,
    responses={401: {"model": ErrorBody, "description": "unknown or already used code"}},
)
def register(body: RegisterRequest, request: Request) -> RegisterResponse:
    """The code is marked used by a conditional UPDATE (… AND used_at IS NULL): of two
    devices racing with the same code exactly one wins, the other gets 401."""
    if "\x00" in body.device_name or "\x00" in body.enrollment_code:
        raise HTTPException(status_code=422, detail="NUL character in request")
    codes, dev = m.EnrollmentCode.__table__, m.Device.__table__
    store, term = m.Store.__table__, m.Terminal.__table__
    token, device_id = new_device_token(), m.new_id()
    with writer(get_engine(request)).begin() as conn:
        row = conn.execute(
            select(codes.c.id, codes.c.terminal_id).where(
                codes.c.code_hash == sha256_hex(normalize_code(body.enrollment_code)),
                codes.c.used_at.is_(None),
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
    return RegisterResponse(
        device_token=token, device_id=device_id, store_id=info.id, store_code=info.code,
        store_name=info.name, store_address=info.address, terminal_id=info.tid,
        terminal_code=info.tcode,
    )
