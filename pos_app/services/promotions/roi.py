"""What this store's campaigns earned, as HQ measures it (issue 16 item 6): the manager's
view on the till asks HQ (GET /v1/promotions/roi) for its own store's report.

The figures are HQ's: only HQ sees every till's sales, the members the holdout left out and
the period before, so the till keeps nothing and computes nothing here. The call is short
(a manager is waiting) and made off the GUI thread by the UI; when HQ does not answer
(down, slow, TLS, token, or a reply the till cannot read: hq_calls.NO_ANSWER_CODES, as the
coupon reconciliation) or the till is unpaired, it refuses with `campaign_roi_offline` (or
`campaign_roi_unpaired`), a sentence saying the report needs HQ — selling never depends on
it. HQ answers for the device's own store only: no till sees another's figures.
"""

from __future__ import annotations

from sqlalchemy import Engine

from pos_app.errors import PosError
from pos_app.services.hq_calls import NO_ANSWER_CODES, ClientFactory, quick_client
from sync.contract.roi_api import CampaignRoiRow
from sync.link import hq_link, tls_options

CONNECT_TIMEOUT_S = 3.0
READ_TIMEOUT_S = 10.0  # HQ queries a campaign's whole window
OFFLINE_CODES = NO_ANSWER_CODES  # a garbled reply too (a proxy's login page): no answer

_default_client = quick_client(READ_TIMEOUT_S, CONNECT_TIMEOUT_S)


class CampaignRoiService:
    def __init__(self, engine: Engine, client_factory: ClientFactory | None = None) -> None:
        self._engine = engine
        self._client_factory = client_factory or _default_client

    def report(self) -> list[CampaignRoiRow]:
        """This store's campaigns with HQ's figures (newest first); PosError
        `campaign_roi_offline` when HQ cannot answer, with why in `detail`."""
        link = hq_link(self._engine)
        if link is None:
            raise PosError("campaign_roi_unpaired")
        try:
            with self._client_factory(link.hq_url, link.token, **tls_options(link)) as client:
                return list(client.campaign_roi().campaigns)
        except PosError as exc:
            if exc.code in OFFLINE_CODES:
                raise PosError("campaign_roi_offline", detail=exc.message()) from exc
            raise
