"""Online member look-ups for a till: POST /v1/members/search {"q": …} and GET
/v1/members/{id}/purchases, under hq.privacy's rules: exact identifiers or a name with the
phone's last four digits only (else 422 `search_too_broad`), at most 5 answers, members
outside the store's region masked, history only of the region's members (else 403
`member_not_in_store`), per-device quotas (429 with Retry-After) and an audit row each.

The search is a POST with the query in the body, not a GET: request lines are logged (httpx
on the till, uvicorn's access log here) and must never carry a phone number or a name.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request

from hq import members, privacy
from hq.auth import CurrentDevice, get_engine
from hq.db import writer
from sync.contract.envelope import ErrorBody
from sync.contract.members_api import (
    MemberPurchase,
    MemberPurchasesResponse,
    MemberSearchRequest,
    MemberSearchResponse,
)
from sync.contract.streams_members import MemberData

router = APIRouter()
SEARCH_TOO_BROAD = "search_too_broad"
NOT_IN_STORE = "member_not_in_store"


def _throttled(seconds: int) -> HTTPException:
    return HTTPException(status_code=429, detail="member_lookup_quota",
                         headers={"Retry-After": str(seconds)})


@router.post("/members/search", response_model=MemberSearchResponse,
             responses={401: {"model": ErrorBody}, 422: {"model": ErrorBody},
                        429: {"model": ErrorBody}})
def search_members(
    request: Request, device: CurrentDevice, body: MemberSearchRequest
) -> MemberSearchResponse:
    if "\x00" in body.q:
        raise HTTPException(status_code=422, detail="NUL character in query")
    refused, found = False, []
    with writer(get_engine(request)).begin() as conn:  # the audit row commits either way
        wait = privacy.retry_after(conn, device)
        if wait:
            privacy.audit(conn, device, "search", "throttled", [])
        else:
            try:
                how, value, last4 = privacy.classify(body.q)
            except privacy.QueryTooBroadError:
                privacy.audit(conn, device, "search", "refused", [])
                refused = True
            else:
                found = privacy.search(conn, device, how, value, last4)
                privacy.audit(conn, device, "search", how, [d["id"] for d in found])
    if wait:
        raise _throttled(wait)
    if refused:
        raise HTTPException(status_code=422, detail=SEARCH_TOO_BROAD)
    return MemberSearchResponse(members=[MemberData.model_validate(d) for d in found])


@router.get("/members/{member_id}/purchases", response_model=MemberPurchasesResponse,
            responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody},
                       429: {"model": ErrorBody}})
def member_purchases(
    request: Request,
    device: CurrentDevice,
    member_id: Annotated[str, Path(min_length=1, max_length=64)],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> MemberPurchasesResponse:
    if "\x00" in member_id:
        raise HTTPException(status_code=422, detail="NUL character in member id")
    allowed, rows = True, []
    with writer(get_engine(request)).begin() as conn:  # the audit row commits either way
        wait = privacy.retry_after(conn, device)
        survivor = members.resolve(conn, member_id)
        if wait:
            privacy.audit(conn, device, "purchases", "throttled", [])
        elif survivor is not None and not privacy.in_region(conn, device, survivor):
            allowed = False
            privacy.audit(conn, device, "purchases", "refused", [survivor])
        else:
            rows = members.purchases(conn, member_id, limit)
            privacy.audit(conn, device, "purchases", "id", [survivor] if survivor else [])
    if wait:
        raise _throttled(wait)
    if not allowed:
        raise HTTPException(status_code=403, detail=NOT_IN_STORE)
    return MemberPurchasesResponse(purchases=[MemberPurchase.model_validate(r) for r in rows])
