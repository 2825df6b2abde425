"""GET /v1/members/search?q=: online member look-up for a till (phone exact, card exact,
name contains; surviving members only, at most 20)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from hq import members
from hq.auth import CurrentDevice, get_engine
from sync.dto import ErrorBody, MemberData, MemberSearchResponse

router = APIRouter()


@router.get("/members/search", response_model=MemberSearchResponse,
            responses={401: {"model": ErrorBody}})
def search_members(
    request: Request,
    device: CurrentDevice,
    q: Annotated[str, Query(min_length=1, max_length=64)],
) -> MemberSearchResponse:
    if "\x00" in q:
        raise HTTPException(status_code=422, detail="NUL character in query")
    with get_engine(request).connect() as conn:
        found = members.search(conn, q)
    return MemberSearchResponse(members=[MemberData.model_validate(d) for d in found])
