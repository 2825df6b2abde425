"""The demo store's past: members and about 30 days of sales, so the manager's KPI dashboard,
the guide's own screen, the Z reprint list and a member's profile have something in them.

Seeded once (a demo that already holds a Z is left as it is), after the catalog and staff.
Members are written as HQ's members stream would bring them (confirmed, with birthdays,
tags and owning guides, a few with open coupons). The sales, returns and shifts go through
the real till services — checkout, returns, shifts with their X/Z — so stock moves, points,
audit rows and outbox events are those of a real day's trading.

Backdating, for the demo seed ONLY: the checkout, the returns and the shifts are built with
their `clock` set to each past moment (the way tests/services/kpis/kpi_dataset.py rings a
sale 40 days back). Nothing else in the app sets a service's clock. The demo's outbox keeps
the events those services queue, as it keeps the units the seed receives: a demo till is
never paired, so they stay queued, and the history is seeded once, so the queue does not
grow from one start to the next (each past Z says how many were queued, as an offline
store's would; the manager closes them, which the Z's approval rule allows).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import select

from local_db.member_index import index_members
from local_db.models import Member, MemberCoupon, Staff
from local_db.models_shifts import ZReport
from local_db.uow import read_session, write_session
from pos_app.domain.codes.shortcode import make_short_code
from pos_app.domain.kpis.period import STORE_TZ
from pos_app.domain.shifts.count import DENOMINATIONS, Count
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from pos_app.services.checkout import CheckoutService
from pos_app.services.context import TerminalInfo
from pos_app.services.returns import ReturnService
from pos_app.services.shifts import ShiftService
from pos_app.services.till import Till, TillServices

DAYS = 30  # days of history before today
HISTORY_GUIDE = ("2002", "赵敏", "guide", "3333")  # a second guide, sales history only
GOODS = ("6901234567892", "6920202888883", "6918580000201", "6910096000201",
         "6934644000307", "6936539000102", "6948434000200", "6950708000106",
         "6951845000301", "6980562000103", "6904790000100", "6937654321097")
# name, phone, birthday (month, day; None: this month), tags, owned by guide 2001, days
# since enrolment, open coupons: days until expiry
MEMBERS: tuple[tuple[str, str, tuple[int, int] | None, tuple[str, ...], bool, int,
                     tuple[int, ...]], ...] = (
    ("李秀英", "13900001001", None, ("VIP", "护肤"), True, 400, (5,)),
    ("王磊", "13900001002", (3, 14), ("运动",), True, 300, (12, 60)),
    ("张敏", "13900001003", None, ("新客",), True, 200, ()),
    ("刘洋", "13900001004", (7, 2), ("数码", "VIP"), True, 100, (9,)),
    ("陈晨", "13900001005", (11, 20), (), True, 350, ()),
    ("杨帆", "13900001006", None, ("护肤",), False, 250, (30,)),
    ("赵雪", "13900001007", (1, 8), ("运动",), True, 180, ()),
    ("黄丽", "13900001008", (9, 30), ("VIP",), False, 500, (3,)),
    ("周杰", "13900001009", (5, 5), ("数码",), True, 220, ()),
    ("吴婷", "13900001010", None, (), False, 150, ()),
    ("孙浩", "13900001011", (12, 28), ("新客",), True, 3, (20,)),  # enrolled this week
    ("马琳", "13900001012", (4, 16), ("护肤", "VIP"), False, 320, ()),
)
LAPSED = "13900001004"  # 刘洋: enrolled 100 days ago, not seen since
BUYERS = ("13900001001", "13900001002", "13900001005", "13900001012")


def _member_id(phone: str) -> str:
    return f"0193a6e0-5c1e-7000-8000-0{phone[-11:]}"


def seed_demo_history(engine: Engine, terminal: TerminalInfo, guide_pin_hash: str | None,
                      now: datetime | None = None) -> bool:
    """Members and past trading, once; False when the demo already has its past."""
    with read_session(engine) as session:
        if session.exec(select(ZReport.id).limit(1)).first() is not None:
            return False
        guides = {s.code: s.id for s in session.exec(select(Staff)).all()}
    now = now or datetime.now(UTC)
    clock = [now]
    try:
        tills = _tills(engine, terminal, clock)
    except PosError:  # a store whose cashier or manager is not the demo's: no made-up past
        return False
    with _unsynced(engine):
        _write_members(engine, guides, now, guide_pin_hash, terminal)
        _trade(tills, clock, now)
    return True


@contextmanager
def _unsynced(engine: Engine) -> Iterator[None]:
    """The seed's ~250 small commits without an fsync each (PRAGMA synchronous=OFF on every
    connection it checks out), then the pool dropped so the till's own connections come
    back with synchronous=FULL (kernel.sqlite). Demo seed only: the history of a fresh demo
    file, which a power cut could at worst leave to be seeded again in a new demo dir; an
    app crash loses nothing (WAL). The history took ~6 s with an fsync a commit, ~2 s without."""

    def off(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        dbapi_conn.execute("PRAGMA synchronous=OFF")

    engine.dispose()
    event.listen(engine, "checkout", off)
    try:
        yield
    finally:
        event.remove(engine, "checkout", off)
        engine.dispose()


def _write_members(engine: Engine, staff: dict[str, str], now: datetime,
                   guide_pin_hash: str | None, terminal: TerminalInfo) -> None:
    today = now.astimezone(STORE_TZ).date()
    with write_session(engine) as session:
        if HISTORY_GUIDE[0] not in staff and guide_pin_hash:
            session.add(Staff(store_id=terminal.store_id, code=HISTORY_GUIDE[0],
                              name=HISTORY_GUIDE[1], role=HISTORY_GUIDE[2],
                              pin_hash=guide_pin_hash))
        rows, coupons = [], []
        for n, (name, phone, bday, tags, mine, age, expiring) in enumerate(MEMBERS):
            month, day = bday or (today.month, min(28, 3 + 4 * n % 25))
            member_id = _member_id(phone)
            rows.append(Member(
                id=member_id, name=name, phone=phone, birthday=date(1980 + n * 2, month,
                                                                    day).isoformat(),
                tier=("gold", "silver", "regular")[n % 3], tags=json.dumps(tags,
                                                                         ensure_ascii=False),
                owner_guide_id=staff.get("2001") if mine else None,
                enrolled_by=staff.get("2001") if mine else None,
                home_store_id=terminal.store_id,  # the store's own members (its KPIs count them)
                consent=True, provisional=False, points_balance=200 + 37 * n,
                created_at=now - timedelta(days=age), updated_at=now - timedelta(days=age)))
            for k, days in enumerate(expiring):
                coupons.append(MemberCoupon(
                    id=f"0193a6e0-5c1e-7000-8001-{n:08d}{k:04d}", member_id=member_id,
                    code=make_short_code(f"DEMC{n:02d}K{k}0"), campaign="demo-members",
                    kind="amount_off", title="满200减20", value=2000, min_spend=20000,
                    valid_from=now - timedelta(days=30), valid_until=now + timedelta(days=days)))
        session.add_all(rows)
        session.flush()
        session.add_all(coupons)
        index_members(session.connection(), [(m.id, m.name) for m in rows])


def _tills(engine: Engine, terminal: TerminalInfo, clock: list[datetime]
           ) -> tuple[Till, Till, TillServices]:
    """The cashier's and the manager's tills, their checkout, returns and shifts on `clock`."""
    services = TillServices.build(engine, terminal, None)
    at = lambda: clock[0]  # noqa: E731 - the demo's moving "now"
    services.checkout = CheckoutService(engine, terminal, services.catalog, clock=at,
                                        units_service=services.units, pricing=services.pricing)
    services.returns = ReturnService(engine, terminal, clock=at)
    services.shifts = ShiftService(engine, terminal, clock=at)
    cashier, manager = Till(services), Till(services)
    cashier.sign_in("1001", "1111")
    manager.sign_in("9001", "9999")
    return cashier, manager, services


def _count(cash: int) -> Count:
    """The drawer's cash counted note by note and coin by coin, to the fen."""
    pieces: dict[int, int] = {}
    for fen in DENOMINATIONS:
        pieces[fen], cash = divmod(cash, fen)
    return Count(cash={k: v for k, v in pieces.items() if v})


def _trade(tills: tuple[Till, Till, TillServices], clock: list[datetime],
           now: datetime) -> None:
    cashier, manager, services = tills
    staff = {s.code: s.id for s in cashier.sale.guides()}
    guides = [staff.get("2001"), staff.get("2002"), None]
    found = services.members.by_ids([_member_id(p) for p in BUYERS])
    members = {p: m for p, m in zip(BUYERS, found, strict=False)}
    midnight = now.astimezone(STORE_TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    receipts: list[str] = []
    for back in range(DAYS, 0, -1):
        day = midnight - timedelta(days=back)
        clock[0] = (day + timedelta(hours=9, minutes=30)).astimezone(UTC)
        manager.open_shift(50000)
        cashier.session.shift = manager.session.shift
        for n in range(2 + (back * 13 + back // 4) % 3 + (day.weekday() >= 5)):  # weekends busier
            clock[0] = (day + timedelta(hours=10 + 2 * n, minutes=7 * back % 50)).astimezone(UTC)
            receipts.append(_one_sale(cashier, back, n, guides, members))
        if back % 7 == 3 and len(receipts) > 6:  # a customer brings something back
            clock[0] = (day + timedelta(hours=19)).astimezone(UTC)
            sale = manager.returns.find_sale(receipts[-6])
            manager.returns.complete(receipts[-6], {sale.lines[0].sale_line_id: 1})
        clock[0] = (day + timedelta(hours=21)).astimezone(UTC)
        expected = manager.shifts.x_report().expected_cash
        manager.shifts.close(_count(expected))
    for guide_id, fen in zip(guides, (300000, 150000), strict=False):  # this month's targets
        if guide_id:
            manager.kpis.set_target(manager.staff, guide_id, f"{midnight:%Y-%m}", fen)


def _one_sale(till: Till, back: int, n: int, guides: list[str | None],
              members: dict) -> str:
    """One sale of one or two goods, for a guide or a walk-in; some members' and a split."""
    seed = back * 7 + n * 3
    guide = guides[0] if n == 0 or back % 6 == 0 else guides[seed % len(guides)]
    till.sale.set_sale_guide(guide)
    member = members.get(BUYERS[seed % len(BUYERS)]) if seed % 5 == 0 else None
    if member is not None:
        till.members.attach(member)
    till.sale.ring(GOODS[seed % len(GOODS)], 1 + seed % 2)
    if seed % 4 == 1:
        till.sale.ring(GOODS[(seed + 5) % len(GOODS)])
    total = till.sale.totals().total
    if back == 5 and n == 1:  # a split: part by card, the rest in cash
        tenders = [Tender(TenderKind.CARD, total // 2), Tender(TenderKind.CASH, total - total // 2)]
    elif seed % 3 == 0:
        tenders = [Tender(TenderKind.WECHAT, total, reference=f"42000{back:02d}{n}")]
    else:
        tenders = [Tender(TenderKind.CASH, total)]
    return till.sale.complete(tenders).receipt_no
