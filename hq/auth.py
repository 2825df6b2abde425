"""Bearer-token dependency: every sync call must come from a paired, unrevoked device.

401 (never 403) for a missing, unknown or revoked token: the terminal reacts to 401 by asking
to be paired again, which is the right move in all three cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, select

from hq.models import Device, Terminal
from hq.tokens import sha256_hex

_bearer = HTTPBearer(auto_error=False, description="Device token from /v1/devices/register")


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    terminal_id: str
    store_id: str


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def lookup_device(engine: Engine, token: str) -> DeviceInfo | None:
    """The live device this token belongs to, or None (unknown or revoked)."""
    dev, term = Device.__table__, Terminal.__table__
    with engine.connect() as conn:
        row = conn.execute(
            select(dev.c.id, dev.c.terminal_id, term.c.store_id)
            .join(term, term.c.id == dev.c.terminal_id)
            .where(dev.c.token_hash == sha256_hex(token), dev.c.revoked.is_(False))
        ).first()
    if row is None:
        return None
    return DeviceInfo(id=row.id, terminal_id=row.terminal_id, store_id=row.store_id)


def current_device(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> DeviceInfo:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise unauthorized("missing bearer token")
    device = lookup_device(get_engine(request), credentials.credentials)
    if device is None:
        raise unauthorized("unknown or revoked device token")
    return device


CurrentDevice = Annotated[DeviceInfo, Depends(current_device)]
