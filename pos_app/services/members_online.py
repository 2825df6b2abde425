"""Members this till does not hold, and history it never saw, asked of HQ while online.

The till holds its store's region of members (the `members` stream). A customer enrolled
elsewhere who shops here for the first time is not in it: the look-up then asks HQ's
search, and keeps what HQ returns (PRODUCT §4, "plus recent ones") so the next look-up,
and the sale's points, work offline. The profile's purchase history adds HQ's sales at
every store to the ones this till recorded.

Calls are short (a cashier is waiting): a few seconds, then a clear "HQ unreachable". The
UI runs them off the GUI thread. HQ answers only exact identifiers or a name with the
phone's last four digits, hides another store's member's phone and coupons until the
member buys here, shows history only of this store's members and limits look-ups per
till (hq/privacy.py): each refusal becomes a message the cashier can act on. Nothing here
is needed to sell: offline, the local look-up is all there is.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Engine

from local_db.ids import as_utc
from local_db.uow import write_session
from pos_app.domain.members import normalise_phone
from pos_app.errors import PosError
from pos_app.services.hq_calls import ClientFactory, quick_client
from pos_app.services.members import PurchaseSummary
from sync.apply_members import cache_members
from sync.client import HqClient
from sync.contract.streams_members import MemberData, MemberIdentifierData
from sync.link import hq_link, tls_options

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 3.0
READ_TIMEOUT_S = 5.0

_default_client = quick_client(READ_TIMEOUT_S, CONNECT_TIMEOUT_S)


def hq_query(text: str) -> str:
    """What to ask HQ for what was typed or scanned: a member code's UUID, a normalised
    mobile number, or the text itself (card, openid, "name 1234" / "1234 name")."""
    raw = " ".join((text or "").split())
    if raw[:4].upper() == "SFM:":
        return raw[4:].strip()
    try:
        return normalise_phone(raw)
    except PosError:
        return raw


def _lookup_error(exc: PosError) -> PosError:
    """HQ's refusals of a look-up, said in the till's words (HQ answers codes, not text)."""
    detail = str(exc.params.get("detail", ""))
    if exc.code == "hq_refused" and "search_too_broad" in detail:
        return PosError("member_search_too_broad")
    if exc.code == "hq_refused" and "member_not_in_store" in detail:
        return PosError("member_history_not_here")
    if exc.code == "hq_busy":
        return PosError("member_lookup_quota", retry_after=exc.params.get("retry_after", "?"))
    return exc


def _phone_known(found: list[MemberData], query: str) -> list[MemberData]:
    """HQ hides the phone of another store's member; when the customer just gave it and
    HQ matched exactly one member by it, this till knows it anyway: keep it, so the next
    look-up by phone works offline."""
    if len(found) != 1 or found[0].phone is not None or not query.isdigit():
        return found
    member = found[0]
    identifiers = [*member.identifiers, MemberIdentifierData(kind="phone", value=query)]
    return [member.model_copy(update={"phone": query, "identifiers": identifiers})]


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
        try:
            with self._client() as client:
                found = _phone_known(client.search_members(query).members, query)
        except PosError as exc:
            raise _lookup_error(exc) from exc
        with write_session(self._engine) as session:
            ids = cache_members(session, found)
        log.info("HQ member search returned %d member(s), kept locally", len(ids))
        return ids

    def purchases(self, member_id: str, local: list[PurchaseSummary]
                  ) -> list[PurchaseSummary]:
        """This till's purchases plus HQ's at every store, one row per sale, newest first.
        A sale HQ has and this till recorded keeps the local row, given HQ's store name."""
        try:
            with self._client() as client:
                remote = client.member_purchases(member_id).purchases
        except PosError as exc:
            raise _lookup_error(exc) from exc
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
