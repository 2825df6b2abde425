"""Online member look-ups for a till: POST /v1/members/search {"q": …} (id, any identifier,
name contains; survivors only, at most 20) and GET /v1/members/{id}/purchases (every store's
sales, newest first) for members or history the till does not hold.

The search is a POST with the query in the body, not a GET: request lines are logged (httpx
on the till, uvicorn's access log here) and must never carry a phone number or a name.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request

from hq import members
from hq.auth import CurrentDevice, get_engine
from sync.dto import (
    ErrorBody,
    MemberData,
    MemberPurchase,
    MemberPurchasesResponse,
    MemberSearchRequest,
    MemberSearchResponse,
)

router = APIRouter()


@router.post("/members/search", response_model=MemberSearchResponse,
             responses={401: {"model": ErrorBody}})
def search_members(
    request: Request, device: CurrentDevice, body: MemberSearchRequest
) -> MemberSearchResponse:
    if "\x00" in body.q:
        raise HTTPException(status_code=422, detail="NUL character in query")
    with get_engine(request).connect() as conn:
        found = members.search(conn, body.q)
    return MemberSearchResponse(members=[MemberData.model_validate(d) for d in found])


@router.get("/members/{member_id}/purchases", response_model=MemberPurchasesResponse,
            responses={401: {"model": ErrorBody}})
def member_purchases(
    request: Request,
    device: CurrentDevice,
    member_id: Annotated[str, Path(min_length=1, max_length=64)],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> MemberPurchasesResponse:
    if "\x00" in member_id:
        raise HTTPException(status_code=422, detail="NUL character in member id")
    with get_engine(request).connect() as conn:
        rows = members.purchases(conn, member_id, limit)
    return MemberPurchasesResponse(purchases=[MemberPurchase.model_validate(r) for r in rows])
