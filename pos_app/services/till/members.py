"""Members at the till (`till.members`): find, search, ask HQ, enrol, profile, tags, and
the customer joining or leaving the sale (PRODUCT §4)."""

from __future__ import annotations

from pos_app.errors import PosError
from pos_app.services.members import (
    MemberInfo,
    MemberProfile,
    PurchaseSummary,
    enrolment_field_error,
)
from pos_app.services.till.sale import SaleFeature
from pos_app.services.till.services import TillServices
from pos_app.services.till.session import TillSession


class MembersFeature:
    def __init__(self, services: TillServices, session: TillSession, sale: SaleFeature) -> None:
        self._s = services
        self._session = session
        self._sale = sale

    def find(self, text: str) -> MemberInfo:
        """An exact look-up: member code, card, full phone or unionid."""
        self._session.staff_required()
        query = text.strip()
        member = self._s.members.lookup(query) if query else None
        if member is None:
            raise PosError("member_not_found", query=query[:40])
        return member

    def search(self, query: str, limit: int = 20) -> list[MemberInfo]:
        """Name search (characters, pinyin, initials), or "5678 王": last four digits + name."""
        self._session.staff_required()
        text = query.strip()
        if not text:
            return []
        head, _sep, rest = text.partition(" ")
        if len(head) == 4 and head.isdigit():
            return self._s.members.find_by_last4(head, rest.strip())
        return self._s.members.search(text, limit=limit)

    def name_search_partial(self) -> bool:
        """The name index is still being built (after a first download): the search may
        miss some members by name; phone, card and code look-ups are whole."""
        return self._s.members.name_index_partial()

    def find_online(self, text: str) -> list[MemberInfo]:
        """Ask HQ for a member this till does not hold (slow: call it off the GUI thread);
        the ones found are kept here, so the next look-up works offline."""
        self._session.staff_required()
        return self._s.members.by_ids(self._s.members_online.search(text))

    def can_ask_hq(self) -> bool:
        return self._s.members_online.available()

    def history(self, member_id: str, local: list[PurchaseSummary]) -> list[PurchaseSummary]:
        """The profile's purchases with HQ's (every store) added; slow, off the GUI thread."""
        self._session.staff_required()
        return self._s.members_online.purchases(member_id, local)

    def enroll(
        self, name: str, phone: str, card_no: str | None = None, birthday: str | None = None,
        gender: str = "", consent: bool = True, marketing_consent: bool = False,
    ) -> MemberInfo:
        """Enrolled by whoever is signed in (online or offline: provisional until HQ confirms).
        Refused without `consent` to the terms; `marketing_consent` is the customer's own."""
        staff = self._session.staff_required()
        return self._s.members.enroll(
            name, phone, staff, card_no=card_no or None, birthday=birthday, gender=gender,
            consent=consent, marketing_consent=marketing_consent,
        )

    @staticmethod
    def field_error(field: str, value: str) -> str | None:
        """What is wrong with one enrolment field as typed (name, phone, card, birthday),
        translated; None when it is fine. Checked as the person types, without the DB."""
        return enrolment_field_error(field, value)

    def profile(self, member_id: str) -> MemberProfile:
        """The profile as this viewer may see it (phone masked unless the table lets them
        see it); audited."""
        return self._s.members.profile(member_id, self._session.staff_required())

    def add_tag(self, member_id: str, tag: str) -> list[str]:
        return self._s.members.add_tag(member_id, tag, self._session.staff_required())

    # --- the customer on this sale -------------------------------------------------------
    @property
    def attached(self) -> MemberInfo | None:
        return self._sale.member

    def attach(self, member: MemberInfo) -> MemberInfo:
        return self._sale.attach_member(member)

    def detach(self) -> None:
        self._sale.detach_member()

    def refresh(self) -> MemberInfo | None:
        return self._sale.refresh_member()
