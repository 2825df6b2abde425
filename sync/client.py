"""HTTP client for HQ: one method per endpoint, every failure turned into a PosError.

The pusher, puller and pairing code never see httpx exceptions or raw JSON: they get the
validated wire models of `sync.contract` or one of a few stable error codes, so the retry policy
(worker) and the messages (UI/CLI) depend only on those codes:

- `hq_unreachable`: connect/read/write errors and timeouts (retry with backoff);
- `hq_unauthorized`: 401 (the device must be paired again);
- `hq_error`: 5xx (retry with backoff);
- `hq_refused`: any other 4xx, e.g. a 422 for a batch HQ cannot parse (the pusher bisects);
- `hq_bad_response`: a 2xx whose body is not JSON or not the expected model;
- `hq_busy`: 429, HQ's per-device rate limit (retry with backoff, never bisect);
- `hq_tls_failed`: HQ's certificate (or pinned key) is not the one this till trusts.

The URL must be https:// unless it is this computer (sync.tls.check_url); `ca_file` and
`key_pin` choose whom to trust (the pairing row keeps both).
"""

from __future__ import annotations

import ssl
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from pydantic import BaseModel, ValidationError

from kernel.gc_pause import gc_paused
from pos_app.errors import PosError
from sync.contract.coupons_api import (
    CouponReconciliation,
    CouponRedeemRequest,
    CouponRedeemResponse,
    CouponReleaseRequest,
)
from sync.contract.envelope import API_PREFIX, ChangesPage, EventIn, PushRequest, PushResponse
from sync.contract.events_audit import AuditHeadsResponse
from sync.contract.kpis_api import StoreKpisAnswer
from sync.contract.members_api import (
    MemberPurchasesResponse,
    MemberSearchRequest,
    MemberSearchResponse,
)
from sync.contract.registration import (
    HighWater,
    PepperResponse,
    RegisterRequest,
    RegisterResponse,
)
from sync.contract.returns_api import ReceiptLookupResponse
from sync.contract.roi_api import CampaignRoiResponse
from sync.page_ahead import PageAhead
from sync.tls import check_url, ssl_context

if TYPE_CHECKING:
    import httpx  # imported on first use: ~0.2 s the till's start does not need to pay

M = TypeVar("M", bound=BaseModel)

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 30.0
CLOSE_WAIT_S = 2.0  # close() waits this long at most for a page asked ahead to end


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_tls_failure(exc: BaseException) -> bool:
    """A refused certificate or key pin (not a network failure: retrying will not help)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return "pinned key" in str(exc)


def _page_model(stream: str) -> type[ChangesPage]:
    """The model a stream's page is parsed with: the members' validates their rows as it
    parses (sync.member_rows, imported on the first members page: the till's start does
    not build its validator); any other stream's rows are validated where applied."""
    if stream == "members":
        from sync.member_rows import MembersPage

        return MembersPage
    return ChangesPage


class HqClient:
    """A thin, typed wrapper over one `httpx.Client` (connection reuse across batches)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = READ_TIMEOUT_S,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        transport: httpx.BaseTransport | None = None,
        ca_file: str | None = None,
        key_pin: str | None = None,
    ) -> None:
        url = base_url.strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise PosError("hq_url_invalid", url=base_url, detail="must start with http(s)://")
        check_url(url)
        verify = ssl_context(ca_file, key_pin) if url.startswith("https://") else True
        headers = {"Accept": "application/json", "User-Agent": "shopfloor-pos"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        import httpx

        try:
            self._http = httpx.Client(
                base_url=url + API_PREFIX,
                headers=headers,
                timeout=httpx.Timeout(timeout, connect=connect_timeout),
                transport=transport,
                verify=verify,
            )
        except (httpx.InvalidURL, ValueError) as exc:
            raise PosError("hq_url_invalid", url=base_url, detail=str(exc)) from exc
        self.base_url = url
        self._ahead: PageAhead[ChangesPage] | None = None

    # --- endpoints -----------------------------------------------------------------------
    def register(self, code: str, device_name: str, nonce: str = "") -> RegisterResponse:
        """`nonce`: the pairing attempt's own (sync.pairing), so HQ answers a retry again."""
        body = RegisterRequest(enrollment_code=code, device_name=device_name, nonce=nonce)
        return self._call("POST", "/devices/register", RegisterResponse, json=body.model_dump())

    def pepper(self) -> str:
        """The store's PIN pepper (hex), for a till paired before HQ handed it out."""
        return self._call("GET", "/devices/pepper", PepperResponse).staff_pepper

    def push(self, events: list[EventIn], idempotency_key: str) -> PushResponse:
        """The body is pydantic's own compact UTF-8 JSON (one pass, no dict in between, no
        \\u escapes for Chinese names): the upload of a backlog is mostly this (bench sync)."""
        body = PushRequest(events=events).model_dump_json().encode()
        return self._call(
            "POST", "/events", PushResponse, content=body,
            headers={"Idempotency-Key": idempotency_key, "Content-Type": "application/json"},
        )

    def changes(self, stream: str, cursor: int, limit: int) -> ChangesPage:
        """One page after `cursor`. After a page that says more follow, the next one is
        asked for at once on a thread, while the caller applies this one (sync.page_ahead):
        the wait for HQ overlaps the till's own work."""
        ahead, self._ahead = self._ahead, None
        key = (stream, cursor, limit)
        page = ahead.result() if ahead is not None and ahead.fits(key) else self._changes(*key)
        if page.has_more and not page.resync_required and page.next_cursor != cursor:
            nxt = (stream, page.next_cursor, limit)
            self._ahead = PageAhead(nxt, lambda: self._changes(*nxt))
        return page

    def _changes(self, stream: str, cursor: int, limit: int) -> ChangesPage:
        page = self._call(
            "GET", "/changes", _page_model(stream),
            params={"stream": stream, "cursor": cursor, "limit": limit}, fallback=ChangesPage,
        )
        if page.stream != stream:
            raise PosError("hq_bad_response", detail=f"asked {stream}, got {page.stream}")
        if not page.resync_required and page.next_cursor < cursor:
            raise PosError("hq_bad_response", detail=f"cursor went back to {page.next_cursor}")
        return page

    def search_members(self, query: str) -> MemberSearchResponse:
        body = MemberSearchRequest(q=query[:64])
        return self._call("POST", "/members/search", MemberSearchResponse,
                          json=body.model_dump())

    def member_purchases(self, member_id: str, limit: int = 50) -> MemberPurchasesResponse:
        return self._call("GET", f"/members/{quote(member_id, safe='')}/purchases",
                          MemberPurchasesResponse, params={"limit": limit})

    def campaign_roi(self) -> CampaignRoiResponse:
        """The ROI of this till's store's campaigns, measured on its sales (issue 16)."""
        return self._call("GET", "/promotions/roi", CampaignRoiResponse)

    def redeem_coupon(self, request: CouponRedeemRequest) -> CouponRedeemResponse:
        """Redeem a coupon at HQ atomically (issue 17). A refusal is an answer (`outcome`),
        not an error; the same idempotency key gets the first answer again, so a retry after
        a lost response is safe. Give this client a short timeout for the sale screen."""
        return self._call("POST", "/coupons/redeem", CouponRedeemResponse,
                          json=request.model_dump(mode="json"))

    def release_coupon(self, idempotency_key: str) -> CouponRedeemResponse:
        """Give back a coupon redeemed online for a sale voided before payment."""
        body = CouponReleaseRequest(idempotency_key=idempotency_key)
        return self._call("POST", "/coupons/release", CouponRedeemResponse,
                          json=body.model_dump())

    def coupon_reconciliation(self) -> CouponReconciliation:
        """This till's store's coupon reconciliation: per campaign and guide, the issued,
        claimed, redeemed, conflicts and gift units, with every mismatch (issue 17)."""
        return self._call("GET", "/coupons/reconciliation", CouponReconciliation)

    def return_receipt(self, code: str) -> ReceiptLookupResponse:
        """A sale of this till's store by UUID or full receipt number, with what other
        terminals' returns already took back (issue 18-C); 404 (hq_refused) if HQ has none."""
        return self._call("GET", "/returns/receipt", ReceiptLookupResponse,
                          params={"code": code[:64]})

    def store_kpis(self, start: date, end: date) -> StoreKpisAnswer:
        """This till's store's guide KPIs as HQ holds them: every till's sales (19-C)."""
        return self._call("GET", "/kpis", StoreKpisAnswer,
                          params={"from": start.isoformat(), "to": end.isoformat()})

    def high_water(self) -> HighWater:
        """What HQ holds of this terminal (receipt, return and outbox marks): a restored or
        re-paired till continues after them."""
        return self._call("GET", "/devices/high-water", HighWater)

    def audit_heads(self, limit: int = 1000) -> AuditHeadsResponse:
        """The audit chain heads HQ holds for this terminal, newest first (docs/audit.md)."""
        return self._call("GET", "/audit/heads", AuditHeadsResponse, params={"limit": limit})

    def health(self) -> httpx.Response:
        """HQ's /health answer as it came (no token needed): the self-test reads whether HQ
        answers and its clock (the Date header). httpx errors are the caller's to read."""
        return self._http.get("/health")

    # --- plumbing ------------------------------------------------------------------------
    def _call(self, method: str, path: str, model: type[M], fallback: type[M] | None = None,
              **kwargs: Any) -> M:
        """`fallback`: the model an answer `model` refuses is parsed with before it counts
        as bad (a stream's typed page, then the generic one: `_page_model`)."""
        import httpx  # loaded by __init__ already: a dictionary look-up

        try:
            response = self._http.request(method, path, **kwargs)
            # httpx's response and its stream refer to each other, so a response and the
            # body it holds (a page: ~1.3 MB) were freed only by the cycle collector, which
            # a full pull lets wait (sync.gc_young). The body is read: drop the stream.
            response.stream = httpx.ByteStream(b"")
        except httpx.ConnectError as exc:
            if _is_tls_failure(exc):
                raise PosError("hq_tls_failed", detail=_short(str(exc))) from exc
            raise PosError("hq_unreachable", detail=_short(f"{type(exc).__name__}: {exc}")) from exc
        except httpx.TransportError as exc:  # connect/read/write errors, timeouts, resets
            raise PosError("hq_unreachable", detail=_short(f"{type(exc).__name__}: {exc}")) from exc
        status = response.status_code
        if status == 401:
            raise PosError("hq_unauthorized")
        if status == 429:
            raise PosError("hq_busy", retry_after=response.headers.get("Retry-After", "?"))
        if status >= 500:
            raise PosError("hq_error", status=status)
        if status >= 400:
            raise PosError("hq_refused", status=status, detail=_short(response.text))
        if not 200 <= status < 300:
            raise PosError("hq_bad_response", detail=f"HTTP {status}")
        try:
            with gc_paused():  # a page of changes is 2,000 rows of objects (kernel.gc_pause)
                try:
                    return model.model_validate_json(response.content)
                except ValidationError:
                    if fallback is None:
                        raise
                return fallback.model_validate_json(response.content)
        except ValidationError as exc:
            raise PosError("hq_bad_response", detail=_short(str(exc))) from exc

    def close(self) -> None:
        """Closes the connections, then waits (at most CLOSE_WAIT_S) for a page asked ahead:
        no request thread outlives its client to write into a closed client's state."""
        ahead, self._ahead = self._ahead, None
        self._http.close()
        if ahead is not None:
            ahead.stop(CLOSE_WAIT_S)

    def __enter__(self) -> HqClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
