"""The online member calls (search at HQ, a member's purchases at every store)."""

from __future__ import annotations

from pydantic import Field

from sync.contract.fields import Strict
from sync.contract.streams_members import MemberData


class MemberSearchRequest(Strict):
    q: str = Field(min_length=1, max_length=64)


class MemberSearchResponse(Strict):
    members: list[MemberData]


class MemberPurchase(Strict):
    """One sale of a member at any store, for the profile's HQ history."""

    sale_id: str
    receipt_no: str
    store_name: str
    created_at: str  # ISO-8601 UTC
    total: int  # fen


class MemberPurchasesResponse(Strict):
    purchases: list[MemberPurchase]
