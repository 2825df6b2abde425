"""`ClientelingService`: the signed-in guide's own customers, a page at a time.

Why the guide is never a parameter: a guide sees their own customers and no one else's
(PRODUCT §7, issue 19). The lists are always the signed-in person's, checked against the
permissions table (SEE_OWN_KPIS), so no screen can ask for another guide's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

from local_db.ids import utcnow
from local_db.uow import read_session
from pos_app.domain.kpis import STORE_TZ
from pos_app.domain.members import mask_phone
from pos_app.domain.permissions import Action
from pos_app.domain.search_text import CJK, fold, pinyin_of
from pos_app.services import approvals
from pos_app.services.clienteling import queries as q
from pos_app.services.context import StaffInfo
from pos_app.services.member_profile import tags_of

UNSEEN_DAYS = 90  # "not seen for 90 days" (issue 19)
EXPIRING_DAYS = 14  # a coupon running out within two weeks is worth a call
PAGE = 50  # rows a screen asks for at a time
MAX_PAGE = 500


class CustomerList(StrEnum):
    ALL = "all"
    BIRTHDAYS = "birthdays"  # birthday in this calendar month, by day
    UNSEEN = "unseen"  # no sale here for UNSEEN_DAYS, most recently lapsed first
    EXPIRING = "expiring"  # an open coupon running out within EXPIRING_DAYS


@dataclass(frozen=True)
class Customer:
    member_id: str
    name: str
    phone_masked: str  # a guide's list never shows a full number
    tier: str
    birthday: str | None  # ISO date as enrolled
    last_seen: datetime | None  # their last sale on this till (aware UTC); None: never
    tags: tuple[str, ...]
    coupon_title: str = ""  # EXPIRING: the coupon running out; other lists: the soonest open
    coupon_code: str = ""
    coupon_until: datetime | None = None
    enrolled_at: datetime | None = None  # a never-seen member's "since when" (aware UTC)


@dataclass(frozen=True)
class CustomerPage:
    which: CustomerList
    customers: list[Customer]
    total: int  # rows in the whole list
    offset: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.customers) < self.total


_LISTS = {
    CustomerList.ALL: (q.ALL, q.ALL_ORDER),
    CustomerList.BIRTHDAYS: (q.BIRTHDAYS, q.BIRTHDAYS_ORDER),
    CustomerList.UNSEEN: (q.UNSEEN, q.UNSEEN_ORDER),
    CustomerList.EXPIRING: (q.EXPIRING, q.EXPIRING_ORDER),
}


def pinyin_key(name: str | None) -> str:
    """What a name sorts by: each run of Chinese characters as its toneless pinyin, one
    syllable a word (王芳 -> "wang fang"), Latin letters and digits folded, as written."""
    folded = fold(name or "")
    spelled = CJK.sub(lambda m: " " + " ".join(pinyin_of(m.group())) + " ", folded)
    return " ".join(spelled.split())


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _instant(value: object) -> datetime | None:
    if value is None:
        return None
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _like(tag: str) -> str:
    """A LIKE pattern for one whole tag inside the JSON list (`"VIP"`), wildcards escaped."""
    quoted = tag.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f'%"{quoted}"%'


class ClientelingService:
    def __init__(self, engine: Engine, tz: tzinfo = STORE_TZ,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self._engine = engine
        self._tz = tz
        self._clock = clock

    def today(self) -> date:
        """The store's calendar day (birthdays are this month's in the store's calendar)."""
        return self._clock().astimezone(self._tz).date()

    def customers(self, staff: StaffInfo | None, which: CustomerList = CustomerList.ALL,
                  offset: int = 0, limit: int = PAGE, tag: str = "") -> CustomerPage:
        """One page of the signed-in guide's list `which`, optionally only members tagged
        `tag`; refused to a role that has no customers of its own (cashiers)."""
        me = approvals.check(staff, Action.SEE_OWN_KPIS)
        limit = max(1, min(limit, MAX_PAGE))
        offset = max(0, offset)
        sql, order = _LISTS[which]
        params = self._params(me.id, tag)
        sql = sql.format(tagged=q.TAGGED if tag.strip() else "")
        with read_session(self._engine) as session:
            conn = session.connection()
            conn.connection.driver_connection.create_function(  # type: ignore[union-attr]
                "pinyin_key", 1, pinyin_key, deterministic=True)
            total = int(conn.execute(text(f"SELECT count(*) FROM ({sql})"), params).scalar()
                        or 0)
            rows = conn.execute(text(f"{sql}{order} LIMIT :limit OFFSET :offset"),
                                {**params, "limit": limit, "offset": offset}).all()
            seen = self._last_sales(conn, [r.id for r in rows])
            coupons = {} if which == CustomerList.EXPIRING else self._soonest_coupons(
                conn, [r.id for r in rows], params["now"])
        return CustomerPage(which, [self._customer(r, seen, coupons.get(r.id))
                                    for r in rows], total, offset)

    def counts(self, staff: StaffInfo | None, tag: str = "") -> dict[CustomerList, int]:
        """How many rows each list holds (the screen's tab titles)."""
        me = approvals.check(staff, Action.SEE_OWN_KPIS)
        params = self._params(me.id, tag)
        out: dict[CustomerList, int] = {}
        with read_session(self._engine) as session:
            conn = session.connection()
            for which, (sql, _order) in _LISTS.items():
                sql = sql.format(tagged=q.TAGGED if tag.strip() else "")
                out[which] = int(conn.execute(text(f"SELECT count(*) FROM ({sql})"),
                                              params).scalar() or 0)
        return out

    def _params(self, guide_id: str, tag: str) -> dict[str, object]:
        now = self._clock()
        return {
            "guide": guide_id,
            "tag": _like(tag),
            "month": f"{self.today().month:02d}",
            "cutoff": _stamp(now - timedelta(days=UNSEEN_DAYS)),
            "now": _stamp(now),
            "horizon": _stamp(now + timedelta(days=EXPIRING_DAYS)),
        }

    @staticmethod
    def _last_sales(conn: Connection, ids: list[str]) -> dict[str, datetime | None]:
        """The last sale with each listed member (one index probe each: a page is small)."""
        return {i: _instant(conn.execute(text("SELECT " + q.LAST_SALE.replace("m.id", ":id")),
                                         {"id": i}).scalar()) for i in ids}

    @staticmethod
    def _soonest_coupons(conn: Connection, ids: list[str], now: object) -> dict[str, object]:
        """Each listed member's open coupon that runs out first (tester 24: the column was
        filled only on the EXPIRING list, so "all my customers" showed none at all)."""
        out: dict[str, object] = {}
        for i in ids:
            row = conn.execute(text(q.SOONEST_COUPON), {"id": i, "now": now}).first()
            if row is not None:
                out[i] = row
        return out

    @staticmethod
    def _customer(row, seen: dict[str, datetime | None],  # type: ignore[no-untyped-def]
                  coupon=None) -> Customer:
        mapping = dict(row._mapping)
        if coupon is not None:
            mapping.update(coupon._mapping)
        return Customer(
            member_id=row.id, name=row.name, phone_masked=mask_phone(row.phone),
            tier=row.tier, birthday=row.birthday, last_seen=seen.get(row.id),
            tags=tuple(tags_of(row.tags)),
            coupon_title=mapping.get("coupon_title") or "",
            coupon_code=mapping.get("coupon_code") or "",
            coupon_until=_instant(mapping.get("coupon_until")),
            enrolled_at=_instant(mapping.get("created_at")),
        )
