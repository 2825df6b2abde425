"""A demo store with a few days of selling for the KPI screens, made through the real till:
王芳 (2001) and a second guide 李雷 (2002) sell, the cashier sells with no guide, 王芳 enrols
members (one with a birthday this month, one lapsed) and one of her sales is moved 40 days
back (outside today and this month, inside a 45-day custom range)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, text

from local_db.uow import write_session
from pos_app.domain.kpis import STORE_TZ
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.context import TerminalInfo
from pos_app.services.terminal_setup import TerminalSetupService
from pos_app.services.till import Till, TillServices

COLA = "6901234567892"  # ¥3.50 in the demo catalog
BACKDATED_DAYS = 40


@dataclass
class Shop:
    wang_today: int  # fen 王芳 sold today
    wang_backdated: int  # fen of her sale moved 40 days back
    li_today: int
    no_guide_today: int
    members: dict[str, str]  # name → member id (enrolled by 王芳)
    wang_receipt: str  # a receipt of 王芳's today (re-attribution)


def _sell(till: Till, quantity: int, member_id: str | None = None):
    if member_id:
        till.members.attach(till.members.find(f"SFM:{member_id}"))
    till.sale.ring(COLA, quantity)
    return till.sale.complete([Tender(TenderKind.CASH, till.sale.totals().total)])


def _signed_in(engine: Engine, terminal: TerminalInfo, code: str, pin: str) -> Till:
    till = Till(TillServices.build(engine, terminal, None))
    till.sign_in(code, pin)
    if till.shift is None:
        till.open_shift(20000)
    return till


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def seed_selling(engine: Engine, terminal: TerminalInfo) -> Shop:
    TerminalSetupService(engine).add_staff("2002", "李雷", "guide", "2323")
    now = datetime.now(UTC)
    wang = _signed_in(engine, terminal, "2001", "2222")
    this_month = now.astimezone(STORE_TZ).strftime("%m")  # the store's calendar
    fresh = wang.members.enroll("赵敏", "13911112222", birthday=f"1990-{this_month}-01")
    lapsed = wang.members.enroll("钱多", "13933334444")
    wang.members.add_tag(fresh.id, "VIP")
    first = _sell(wang, 3, fresh.id)  # ¥10.50, a member's sale
    old = _sell(wang, 4)  # ¥14.00, moved back
    wang.sign_out()
    li = _signed_in(engine, terminal, "2002", "2323")
    _sell(li, 1)
    li.sign_out()
    cashier = _signed_in(engine, terminal, "1001", "1111")
    _sell(cashier, 2)
    cashier.sign_out()
    with write_session(engine) as session:
        back = _stamp(now - timedelta(days=BACKDATED_DAYS))
        session.execute(text("UPDATE sale SET created_at = :at WHERE receipt_no = :r"),
                        {"at": back, "r": old.receipt_no})
        long_ago = _stamp(now - timedelta(days=120))
        session.execute(text("UPDATE member SET created_at = :at WHERE id = :id"),
                        {"at": long_ago, "id": lapsed.id})
    return Shop(wang_today=1050, wang_backdated=1400, li_today=350, no_guide_today=700,
                members={"赵敏": fresh.id, "钱多": lapsed.id}, wang_receipt=first.receipt_no)
