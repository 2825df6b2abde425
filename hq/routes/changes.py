"""GET /v1/changes: one page of a stream after a cursor.

The body is built from the change log's stored JSON (hq.changes.read_page_json) and sent as
is: FastAPI's response_model validation and re-serialisation of 2,000 rows per page was
most of what HQ spent serving a first download. The OpenAPI document still names
`ChangesPage`, the model a till parses the body with."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from hq.auth import CurrentDevice, get_engine
from hq.changes import read_page_json
from sync.contract.envelope import MAX_PAGE, ChangesPage, ErrorBody
from sync.contract.streams import StreamName

router = APIRouter()
MAX_CURSOR = 2**63 - 1  # BIGINT; larger numbers are a 422, not a database error


@router.get("/changes", response_model=ChangesPage, responses={401: {"model": ErrorBody}})
def get_changes(
    request: Request,
    device: CurrentDevice,
    stream: StreamName,
    cursor: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500,
) -> Response:
    with get_engine(request).connect() as conn:
        body = read_page_json(conn, stream, cursor, limit, device.store_id)
    return Response(content=body, media_type="application/json")
