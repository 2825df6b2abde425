"""A small fixed clienteling data set: the demo guide 王芳's customers on 15 May 2026 (noon in
Shanghai), each member placed to land in (or stay out of) one list for one reason."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from local_db.models import CouponRedemption, Member, MemberCoupon
from local_db.uow import write_session
from pos_app.services.terminal_setup import TerminalSetupService
from tests.services.unit_world import COLA, pay_cash, till_for

NOW = datetime(2026, 5, 15, 4, 0, tzinfo=UTC)


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def build_customers(world) -> dict[str, str]:
    """Members of the guide (and one of another guide); returns name → member id."""
    other = TerminalSetupService(world.engine).add_staff("2002", "刘洋", "guide", "2323").id
    g = world.guide.id
    members = [
        # name, owner, enrolled_by, birthday, enrolled days ago, tags, merged
        ("安娜", g, world.manager.id, "1990-05-20", 300, ["VIP", "常客"], False),
        ("白雪", None, g, "1985-05-03", 200, [], False),
        ("陈晨", other, g, "1992-05-08", 300, [], False),  # owned by another guide
        ("丁一", None, g, "1979-04-11", 120, ["VIP"], False),
        ("范冰", None, g, None, 10, [], False),  # new: not lapsed
        ("高远", g, g, "1995-05-01", 300, [], True),  # merged away
    ]
    ids: dict[str, str] = {}
    with write_session(world.engine) as session:
        for name, owner, enrolled, birthday, days, tags, _merged in members:
            m = Member(name=name, owner_guide_id=owner, enrolled_by=enrolled,
                       birthday=birthday, tags=json.dumps(tags, ensure_ascii=False),
                       created_at=ago(days), provisional=False, consent=True,
                       phone=f"138000000{len(ids):02d}")
            session.add(m)
            session.flush()
            ids[name] = m.id
        session.execute(text("UPDATE member SET merged_into = :to WHERE id = :id"),
                        {"to": ids["安娜"], "id": ids["高远"]})

        def coupon(cid: str, who: str, days_left: float, title: str) -> None:
            session.add(MemberCoupon(id=cid, member_id=ids[who], code=cid.upper()[:10],
                                     kind="amount_off", title=title, value=1000,
                                     valid_from=ago(30),
                                     valid_until=NOW + timedelta(days=days_left)))

        coupon("c-a3", "安娜", 3, "满100减10")
        coupon("c-a30", "安娜", 30, "later")  # not about to expire
        coupon("c-a-1", "安娜", -1, "gone")  # expired yesterday
        coupon("c-b10", "白雪", 10, "生日券")
        coupon("c-d5", "丁一", 5, "used here")  # redeemed on this till: not open
        coupon("c-c2", "陈晨", 2, "not mine")
        session.flush()
        session.add(CouponRedemption(coupon_id="c-d5", kind="amount_off",
                                     member_id=ids["丁一"], store_id=world.terminal.store_id,
                                     staff_id=world.cashier.id))
    _bought(world, ids["安娜"], 10)
    _bought(world, ids["白雪"], 100)
    return ids


def _bought(world, member_id: str, days: int) -> None:
    """A real sale with the member attached, then dated `days` before NOW."""
    till = till_for(world, world.guide)
    till.members.attach(till.members.find(f"SFM:{member_id}"))
    till.sale.ring(COLA)
    done = pay_cash(till)
    with write_session(world.engine) as session:
        session.execute(text("UPDATE sale SET created_at = :at WHERE receipt_no = :r"),
                        {"at": ago(days).strftime("%Y-%m-%d %H:%M:%S.%f"),
                         "r": done.receipt_no})
