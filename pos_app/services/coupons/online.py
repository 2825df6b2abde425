"""Asking HQ to redeem a coupon, briefly: a guide or cashier is waiting at the counter.

HQ's answer is final when it comes (redeemed, or refused with where and when the coupon was
redeemed first). When it does not come within `TIMEOUT_S` — no network, HQ down, the till
unpaired — the answer is `None`, and the coupon's offline policy decides (policy.py). The
request carries the till's redemption id as the idempotency key, so a retry after a lost
answer gets HQ's first answer again, and a redemption the till then fails to write is given
back with `release`.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from pos_app.errors import PosError
from pos_app.services.hq_calls import NO_ANSWER_CODES, ClientFactory, quick_client
from sync.contract.coupons_api import CouponRedeemRequest, CouponRedeemResponse
from sync.link import hq_link, tls_options

log = logging.getLogger(__name__)

TIMEOUT_S = 1.5  # the whole answer; a counter cannot wait longer than a scan or two
OFFLINE_CODES = NO_ANSWER_CODES

_default_client = quick_client(TIMEOUT_S, TIMEOUT_S)


class OnlineRedeemer:
    def __init__(self, engine: Engine, client_factory: ClientFactory | None = None) -> None:
        self._engine = engine
        self._client_factory = client_factory or _default_client

    def paired(self) -> bool:
        """False for a till with no HQ (the demo store): there is no one to ask."""
        return hq_link(self._engine) is not None

    def redeem(self, request: CouponRedeemRequest) -> CouponRedeemResponse | None:
        """HQ's answer, or None when HQ cannot answer now (the offline policy decides)."""
        link = hq_link(self._engine)
        if link is None:
            return None
        try:
            with self._client_factory(link.hq_url, link.token, **tls_options(link)) as client:
                return client.redeem_coupon(request)
        except PosError as exc:
            if exc.code in OFFLINE_CODES:
                log.info("coupon redeem: HQ did not answer (%s)", exc.code)
                return None
            raise

    def release(self, idempotency_key: str) -> bool:
        """Give back a coupon HQ redeemed for a redemption this till did not keep; False
        when HQ could not be told (its reconciliation then lists the coupon as redeemed
        without a gift or sale, for a manager to see)."""
        link = hq_link(self._engine)
        if link is None:
            return False
        try:
            with self._client_factory(link.hq_url, link.token, **tls_options(link)) as client:
                return client.release_coupon(idempotency_key).outcome == "released"
        except PosError as exc:
            log.warning("coupon release not sent (%s)", exc.code)
            return False
