"""POST /v1/events: a batch of outbox events, answered per event."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request

from hq.auth import CurrentDevice, get_engine
from hq.push_limits import bounded_push
from sync.contract.envelope import ErrorBody, PushRequest, PushResponse

router = APIRouter()


@router.post(
    "/events",
    response_model=PushResponse,
    responses={401: {"model": ErrorBody}, 413: {"model": ErrorBody},
               429: {"model": ErrorBody}, 503: {"model": ErrorBody}},
)
def push_events(
    body: PushRequest,
    request: Request,
    device: CurrentDevice,
    idempotency_key: Annotated[str | None, Header(max_length=128)] = None,
) -> PushResponse:
    """The Idempotency-Key header is accepted but not needed: each event is deduplicated by
    its event_id, which also covers a batch that was re-cut differently on retry."""
    state = request.app.state
    length = request.headers.get("content-length", "")
    return PushResponse(results=bounded_push(
        get_engine(request), state.write_gate, state.limits, device, body.events,
        int(length) if length.isdigit() else None))
