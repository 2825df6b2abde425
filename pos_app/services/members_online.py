"""Members this till does not hold, and history it never saw, asked of HQ while online.

The till holds its store's region of members (the `members` stream). A customer enrolled
elsewhere who shops here for the first time is not in it: the look-up then asks HQ's
search, and keeps what HQ returns (PRODUCT §4, "plus recent ones") so the next look-up,
and the sale's points, work offline. The profile's purchase history adds HQ's sales at
every store to the ones this till recorded.

Calls are short (a cashier is waiting): a few seconds, then a clear "HQ unreachable". The
UI runs them off the GUI thread. Nothing here is needed to sell: offline, the local
look-up is all there is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Engine

from local_db.ids import as_utc
from local_db.uow import write_session
from pos_app.domain.members import normalise_phone
from pos_app.errors import PosError
from pos_app.services.members import PurchaseSummary
from sync.apply_members import cache_members
from sync.client import HqClient
from sync.link import hq_link, tls_options

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3.0
READ_TIMEOUT_S = 5.0
ClientFactory = Callable[..., HqClient]  # (hq_url, token, **tls_options)


def _default_client(url: str, token: str, **tls: str) -> HqClient:
    return HqClient(url, token, timeout=READ_TIMEOUT_S, connect_timeout=CONNECT_TIMEOUT_S,
                    **tls)


def hq_query(text: str) -> str:
    """What to ask HQ for what was typed or scanned: a member code's UUID, a normalised
    mobile number, or the text itself (card, openid, name)."""
    raw = (text or "").strip()
    if raw[:4].upper() == "SFM:":
        return raw[4:].strip()
    try:
        return normalise_phone(raw)
    except PosError:
        return raw


class MembersOnline:
    def __init__(self, engine: Engine, client_factory: ClientFactory | None = None) -> None:
        self._engine = engine
        self._client_factory = client_factory or _default_client

    def available(self) -> bool:
        """Paired with HQ (whether HQ answers is only known by asking)."""
        return hq_link(self._engine) is not None

    def _client(self) -> HqClient:
        link = hq_link(self._engine)
        if link is None:
            raise PosError("hq_not_paired")
        return self._client_factory(link.hq_url, link.token, **tls_options(link))

    def search(self, text: str) -> list[str]:
        """Ask HQ, keep the members it returns on this till; their ids, best first."""
        query = hq_query(text)[:64]
        if not query:
            return []
        with self._client() as client:
            found = client.search_members(query).members
        with write_session(self._engine) as session:
            ids = cache_members(session, found)
        log.info("HQ member search returned %d member(s), kept locally", len(ids))
        return ids

    def purchases(self, member_id: str, local: list[PurchaseSummary]
                  ) -> list[PurchaseSummary]:
        """This till's purchases plus HQ's at every store, one row per sale, newest first.
        A sale HQ has and this till recorded keeps the local row, given HQ's store name."""
        with self._client() as client:
            remote = client.member_purchases(member_id).purchases
        merged = {p.sale_id: p for p in local}
        for r in remote:
            known = merged.get(r.sale_id)
            if known is not None:
                merged[r.sale_id] = replace(known, store_name=r.store_name)
            else:
                merged[r.sale_id] = PurchaseSummary(
                    sale_id=r.sale_id, receipt_no=r.receipt_no,
                    created_at=datetime.fromisoformat(r.created_at), total=r.total,
                    store_name=r.store_name, from_hq=True)
        return sorted(merged.values(), key=lambda p: as_utc(p.created_at), reverse=True)
