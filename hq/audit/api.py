"""GET /v1/audit/heads: the heads HQ holds for the calling device's terminal, newest first
(`shopfloor audit verify --against-hq` checks the till's rows still carry them)."""

from __future__ import annotations

from datetime import UTC

from fastapi import APIRouter, Query, Request
from sqlalchemy import select

from hq.auth import CurrentDevice, get_engine
from hq.models_audit import AuditHead
from sync.contract.envelope import ErrorBody
from sync.contract.events_audit import AuditHeadsResponse, HeldHead

router = APIRouter()
_T = AuditHead.__table__


@router.get("/audit/heads", response_model=AuditHeadsResponse,
            responses={401: {"model": ErrorBody}})
def get_heads(request: Request, device: CurrentDevice,
              limit: int = Query(1000, ge=1, le=10_000)) -> AuditHeadsResponse:
    with get_engine(request).connect() as conn:
        rows = conn.execute(
            select(_T.c.seq, _T.c.hash, _T.c.reported_at, _T.c.agrees)
            .where(_T.c.terminal_id == device.terminal_id)
            .order_by(_T.c.seq.desc(), _T.c.id.desc()).limit(limit)).all()
    return AuditHeadsResponse(terminal_id=device.terminal_id, heads=[
        HeldHead(seq=r.seq, hash=r.hash, agrees=r.agrees, reported_at=(
            r.reported_at if r.reported_at.tzinfo else r.reported_at.replace(tzinfo=UTC)))
        for r in rows])
