"""Members at the till (PRODUCT §4): look-up, name search, offline enrolment, profile, merges.

Every write is ONE transaction (local_db.uow.write_session) with its outbox event and audit
row. Logs carry ids only, never a name or a phone number.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from local_db.ids import new_id, utcnow
from local_db.models import Member, MemberIdentifier
from local_db.uow import read_session, write_session
from pos_app.domain.codes import CodeKind, classify
from pos_app.domain.members import (
    GENDERS,
    mask_phone,
    normalise_phone,
    validate_birthday,
    validate_name,
    validate_tag,
)
from pos_app.domain.permissions import guides_by_default
from pos_app.errors import PosError
from pos_app.services import audit, members_search, outbox
from pos_app.services.context import StaffInfo, TerminalInfo
from pos_app.services.member_profile import (
    MemberProfile,
    OpenCoupon,
    PurchaseSummary,
    read_profile,
    tags_of,
)
from sync.contract.events_members import MemberEnrolledPayload, MemberTaggedPayload

log = logging.getLogger(__name__)

_CARD = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-]{3,47}")
_LAST4 = re.compile(r"\d{4}")
_IDENTIFIER_KINDS = ("card", "openid", "unionid", "eshop")
_MAX_HOPS = 8  # merged_into chains followed at most this far

_COLUMNS = "id, name, phone, card_no, tier, points_balance, provisional, merged_into"


@dataclass(frozen=True)
class MemberInfo:
    id: str
    name: str
    phone_masked: str
    phone: str | None  # full number: the UI decides whom to show it to
    card_no: str | None
    tier: str
    points_balance: int  # HQ's last known balance
    pending_points: int  # local deltas HQ has not confirmed yet
    provisional: bool

    @property
    def points(self) -> int:
        return self.points_balance + self.pending_points


def _pending(conn: Connection, member_id: str) -> int:
    return int(conn.execute(
        text("SELECT COALESCE(SUM(delta), 0) FROM points_entry"
             " WHERE member_id = :id AND status = 'pending'"),
        {"id": member_id},
    ).scalar() or 0)


def _info(conn: Connection, row) -> MemberInfo:  # type: ignore[no-untyped-def]
    return MemberInfo(
        id=row.id,
        name=row.name,
        phone_masked=mask_phone(row.phone),
        phone=row.phone,
        card_no=row.card_no,
        tier=row.tier,
        points_balance=int(row.points_balance or 0),
        pending_points=_pending(conn, row.id),
        provisional=bool(row.provisional),
    )


def _row_by(conn: Connection, where: str, **params: object):  # type: ignore[no-untyped-def]
    return conn.execute(text(f"SELECT {_COLUMNS} FROM member WHERE {where}"), params).first()


def _follow(conn: Connection, row):  # type: ignore[no-untyped-def]
    """The member HQ merged `row` into (transitively), or `row` itself."""
    hops = 0
    while row is not None and row.merged_into and hops < _MAX_HOPS:
        nxt = _row_by(conn, "id = :id", id=row.merged_into)
        if nxt is None:
            break
        row, hops = nxt, hops + 1
    return row


def _by_identifier(conn: Connection, kinds: tuple[str, ...], value: str):  # type: ignore[no-untyped-def]
    marks = ", ".join(f":k{i}" for i in range(len(kinds)))
    params: dict[str, object] = {f"k{i}": k for i, k in enumerate(kinds)}
    params["v"] = value
    member_id = conn.execute(
        text(f"SELECT member_id FROM member_identifier WHERE kind IN ({marks}) AND value = :v"),
        params,
    ).scalar()
    return None if member_id is None else _row_by(conn, "id = :id", id=member_id)


class MemberService:
    def __init__(self, engine: Engine, terminal: TerminalInfo) -> None:
        self._engine = engine
        self._terminal = terminal

    # -- look-up -------------------------------------------------------------------------

    def lookup(self, text_: str) -> MemberInfo | None:
        """By member code (SFM:<uuid>), full mobile, card number, unionid/openid/e-shop id."""
        raw = (text_ or "").strip()
        if not raw:
            return None
        with read_session(self._engine) as session:
            conn = session.connection()
            row = None
            try:
                phone = normalise_phone(raw)
            except PosError:
                phone = None
            if phone is not None:
                row = _row_by(conn, "phone = :p", p=phone) or _by_identifier(
                    conn, ("phone",), phone)
            else:
                c = classify(raw, "member")
                if c.kind != CodeKind.MEMBER or not c.member_ref:
                    return None
                ref = c.member_ref
                if raw[:4].upper() == "SFM:":
                    row = _row_by(conn, "id = :id", id=ref)
                else:
                    row = _row_by(conn, "card_no = :c", c=ref) or _by_identifier(
                        conn, _IDENTIFIER_KINDS, ref)
            row = _follow(conn, row)
            return None if row is None else _info(conn, row)

    def is_known_card(self, code: str) -> bool:
        """For `classify(..., is_known_card=)`: a card number or identifier of a local member."""
        with read_session(self._engine) as session:
            conn = session.connection()
            return (_row_by(conn, "card_no = :c", c=code) or _by_identifier(
                conn, _IDENTIFIER_KINDS, code)) is not None

    def find_by_last4(self, last4: str, name_part: str = "", limit: int = 20) -> list[MemberInfo]:
        """Members whose mobile ends in `last4` and whose name contains `name_part`.

        `name_part` also matches pinyin (full or initials, as a prefix), like the name search.
        """
        digits = (last4 or "").strip()
        if not _LAST4.fullmatch(digits):
            raise PosError("member_last4_invalid")
        wanted = members_search.match_expression(name_part or "")
        needles = [] if wanted is None else [
            t.strip('"*') for t in wanted.split(" AND ")]
        with read_session(self._engine) as session:
            conn = session.connection()
            rows = conn.execute(
                text(f"SELECT {_COLUMNS} FROM member WHERE substr(phone, -4) = :l"
                     " AND merged_into IS NULL"),
                {"l": digits},
            ).all()
            out: list[MemberInfo] = []
            for row in rows:
                terms = members_search.search_terms(row.name).split()
                if all(any(t.startswith(n) for t in terms) for n in needles):
                    out.append(_info(conn, row))
                    if len(out) >= limit:
                        break
            return out

    def search(self, query: str, limit: int = 20) -> list[MemberInfo]:
        """Name search: 2-character Chinese names, pinyin (wangfang) and initials (wf)."""
        with read_session(self._engine) as session:
            conn = session.connection()
            ids = members_search.search_ids(conn, query, limit)
            if not ids:
                return []
            marks = ", ".join(f":i{n}" for n in range(len(ids)))
            rows = conn.execute(
                text(f"SELECT {_COLUMNS} FROM member WHERE id IN ({marks})"),
                {f"i{n}": v for n, v in enumerate(ids)},
            ).all()
            by_id = {r.id: r for r in rows}
            return [_info(conn, by_id[i]) for i in ids if i in by_id]

    def name_index_partial(self) -> bool:
        """A first download's name index is still being built: a name search may miss some."""
        with read_session(self._engine) as session:
            return members_search.name_index_partial(session.connection())

    def by_ids(self, ids: list[str]) -> list[MemberInfo]:
        """Members by id in the given order (merges followed, each survivor once)."""
        out: dict[str, MemberInfo] = {}
        with read_session(self._engine) as session:
            conn = session.connection()
            for member_id in ids:
                row = _follow(conn, _row_by(conn, "id = :id", id=member_id))
                if row is not None and row.id not in out:
                    out[row.id] = _info(conn, row)
        return list(out.values())

    # -- enrolment -----------------------------------------------------------------------

    def enroll(
        self,
        name: str,
        phone: str,
        staff: StaffInfo,
        card_no: str | None = None,
        birthday: str | None = None,
        gender: str = "",
        consent: bool = True,
        marketing_consent: bool = False,
    ) -> MemberInfo:
        """A provisional member with a terminal-made UUID; works offline (HQ confirms later).

        `consent` (the membership terms) is required: the enrolment dialog asks for it as an
        active opt-in (PIPL); `marketing_consent` (messages and offers) is a separate choice.
        Member, identifiers, search row, outbox "member.enrolled" and audit: one transaction.
        """
        if not consent:
            raise PosError("member_consent_required")
        clean_name = validate_name(name)
        clean_phone = normalise_phone(phone)
        card = _check_card((card_no or "").strip()) if (card_no or "").strip() else None
        born = _birthday(birthday)
        gender = (gender or "").strip().lower()
        if gender not in GENDERS:
            raise PosError("member_gender_invalid")
        now = utcnow()
        member_id = new_id()
        with write_session(self._engine) as session:
            conn = session.connection()
            if _row_by(conn, "phone = :p", p=clean_phone) or _by_identifier(
                    conn, ("phone",), clean_phone):
                raise PosError("member_phone_taken", phone=mask_phone(clean_phone))
            if card is not None and (_row_by(conn, "card_no = :c", c=card) or _by_identifier(
                    conn, ("card",), card)):
                raise PosError("member_card_taken")
            member = Member(
                id=member_id, name=clean_name, phone=clean_phone, card_no=card, birthday=born,
                gender=gender, home_store_id=self._terminal.store_id,
                owner_guide_id=staff.id if guides_by_default(staff.role) else None,
                enrolled_by=staff.id, consent=True, marketing_consent=bool(marketing_consent),
                provisional=True,
                created_at=now, updated_at=now,
            )
            session.add(member)
            session.add(MemberIdentifier(member_id=member_id, kind="phone", value=clean_phone))
            if card is not None:
                session.add(MemberIdentifier(member_id=member_id, kind="card", value=card))
            session.flush()
            members_search.index_member(conn, member_id, clean_name)
            outbox.enqueue(session, member_id, MemberEnrolledPayload(
                id=member_id, name=clean_name, phone=clean_phone, card_no=card,
                birthday=born, gender=gender, consent=True,
                marketing_consent=bool(marketing_consent),
                home_store_id=self._terminal.store_id, enrolled_by=staff.id,
                created_at=now,
            ))
            audit.append(session, "member_enrolled", staff.id, member_id)
        log.info("member enrolled id=%s by staff=%s", member_id, staff.id)
        return MemberInfo(
            id=member_id, name=clean_name, phone_masked=mask_phone(clean_phone),
            phone=clean_phone, card_no=card, tier="regular", points_balance=0,
            pending_points=0, provisional=True,
        )

    # -- profile and tags ----------------------------------------------------------------

    def profile(self, member_id: str, viewer: StaffInfo) -> MemberProfile:
        """The member screen; audited as "member_viewed" (who looked, ids only)."""
        with write_session(self._engine) as session:
            conn = session.connection()
            row = _follow(conn, _row_by(conn, "id = :id", id=member_id))
            if row is None:
                raise PosError("member_not_found")
            member = session.get(Member, row.id)
            assert member is not None
            profile = read_profile(conn, member, _pending(conn, member.id), viewer)
            audit.append(session, "member_viewed", viewer.id, member.id)
            return profile

    def add_tag(self, member_id: str, tag: str, staff: StaffInfo) -> list[str]:
        """A guide-added tag (kept once); queued for HQ as "member.tagged"; returns the tags."""
        clean = validate_tag(tag)
        with write_session(self._engine) as session:
            member = session.get(Member, member_id)
            if member is None:
                raise PosError("member_not_found")
            tags = tags_of(member.tags)
            if clean not in tags:
                tags.append(clean)
                member.tags = json.dumps(tags, ensure_ascii=False)
                member.updated_at = utcnow()
                session.add(member)
                session.flush()
                outbox.enqueue(session, member.id,
                               MemberTaggedPayload(id=member.id, tag=clean, by=staff.id))
                audit.append(session, "member_tagged", staff.id, member.id)
            return tags


def _birthday(value: str | None) -> str | None:
    return validate_birthday(value, date.today())


_FIELD_CHECKS = {
    "name": validate_name,
    "phone": normalise_phone,
    "card": lambda v: v.strip() and _check_card(v.strip()),
    "birthday": _birthday,
}


def _check_card(card: str) -> str:
    if not _CARD.fullmatch(card):
        raise PosError("member_card_invalid")
    return card


def enrolment_field_error(field: str, value: str) -> str | None:
    """The translated reason one enrolment field is refused, or None (the same checks
    `MemberService.enroll` makes before it writes anything)."""
    try:
        _FIELD_CHECKS[field](value or "")
    except PosError as exc:
        return exc.message()
    return None


__all__ = ["MemberInfo", "MemberProfile", "MemberService", "OpenCoupon", "PurchaseSummary"]
