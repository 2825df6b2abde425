"""This store's coupon reconciliation as HQ computes it (issue 17 item 6), for the manager's
screen: per campaign and guide, coupons issued / claimed / redeemed online and offline,
conflicts, gifts handed out with their unit codes, and every mismatch of gifts handed out =
coupons redeemed = units gifted.

The figures are HQ's (only HQ sees every till's redemptions and the coupons' claims), so the
till keeps and computes nothing here; the call is made off the GUI thread by the UI, and
offline or unpaired it refuses with a sentence saying the report needs HQ.
"""

from __future__ import annotations

from sqlalchemy import Engine

from pos_app.errors import PosError
from pos_app.services.hq_calls import NO_ANSWER_CODES, ClientFactory, quick_client
from sync.contract.coupons_api import CouponReconciliation
from sync.link import hq_link, tls_options

CONNECT_TIMEOUT_S = 3.0
READ_TIMEOUT_S = 10.0
OFFLINE_CODES = NO_ANSWER_CODES

_default_client = quick_client(READ_TIMEOUT_S, CONNECT_TIMEOUT_S)


class CouponReconciliationService:
    def __init__(self, engine: Engine, client_factory: ClientFactory | None = None) -> None:
        self._engine = engine
        self._client_factory = client_factory or _default_client

    def report(self) -> CouponReconciliation:
        """HQ's reconciliation for this till's store; PosError `coupon_recon_offline` (why
        in `detail`) or `coupon_recon_unpaired`."""
        link = hq_link(self._engine)
        if link is None:
            raise PosError("coupon_recon_unpaired")
        try:
            with self._client_factory(link.hq_url, link.token, **tls_options(link)) as client:
                return client.coupon_reconciliation()
        except PosError as exc:
            if exc.code in OFFLINE_CODES:
                raise PosError("coupon_recon_offline", detail=exc.message()) from exc
            raise
