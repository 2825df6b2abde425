"""The receipt look-up over HTTP (sync/contract/returns_api.py has the model).

    GET /v1/returns/receipt?code=…   a till (device token): a sale of its own store by UUID
                                     or full receipt number; 404 otherwise

Another store's sale answers 404 just like an unknown one (hq.store_scope): a till learns
nothing of other stores' receipts.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from hq.auth import CurrentDevice, get_engine
from hq.returns.lookup import find_sale, returnable
from hq.store_scope import own_store
from sync.contract.envelope import ErrorBody
from sync.contract.returns_api import ReceiptLookupResponse

router = APIRouter()
_ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody},
                                            404: {"model": ErrorBody}}


@router.get("/returns/receipt", response_model=ReceiptLookupResponse, responses=_ERRORS)
def receipt(request: Request, device: CurrentDevice,
            code: Annotated[str, Query(min_length=1, max_length=64)]) -> ReceiptLookupResponse:
    with get_engine(request).connect() as conn:
        sale = find_sale(conn, code.strip(), own_store(device))
        if sale is None:
            raise HTTPException(404, detail="no such receipt")
        return returnable(conn, device, sale)
