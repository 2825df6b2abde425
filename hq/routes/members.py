"""Online member look-ups for a till: GET /v1/members/search?q= (id, any identifier, name
contains; survivors only, at most 20) and GET /v1/members/{id}/purchases (every store's
sales, newest first) for members or history the till does not hold."""

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
    MemberSearchResponse,
)

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
