"""Members end to end: real terminals paired with a real HQ over HTTP.

An offline enrolment of a phone HQ already knows ends, after sync, as ONE member holding
both histories and both tills' points, with every local reference on the survivor; two
tills redeeming the same points offline leave HQ with a flagged conflict and the debt in
the balance; HQ refuses bad member payloads with reasons.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlmodel import select as sm_select

from hq import models as hm
from hq.coupons import issue
from local_db.models import OutboxEvent
from local_db.uow import read_session
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.members import MemberService
from sync.contract.envelope import EventIn
from sync.round import sync_once
from tests.hq.server import HQServer
from tests.sync.hq_world import PairedTill, paired_till

BAG, TEA = "6937654321097", "6920202888883"  # ¥129.00, ¥5.50
PHONE = "13812345678"


def sync(till: PairedTill) -> None:
    with till.client() as client:
        result = sync_once(till.engine, client)
    assert result.ok, result.error


def members(till: PairedTill) -> MemberService:
    return MemberService(till.engine, till.terminal)


def sell(till: PairedTill, member_id: str, *codes: str, points_fen: int = 0) -> str:
    cart = Cart()
    for code in codes:
        till.scanner.ring(cart, code)
    cart.attach_member(member_id)
    total = cart.totals().total
    tenders = [Tender(TenderKind.POINTS, points_fen)] if points_fen else []
    tenders.append(Tender(TenderKind.CASH, total - points_fen))
    return till.checkout.complete_sale(cart, tenders, till.cashier, till.shift).sale_id


def rows(till: PairedTill, sql: str, **params: object) -> list[tuple]:
    with till.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def hq_member(hq: HQServer, member_id: str):  # type: ignore[no-untyped-def]
    with hq.engine.connect() as conn:
        return conn.execute(select(hm.Member.__table__).where(hm.Member.id == member_id)).one()


@pytest.fixture
def tills(hq: HQServer, tmp_path: Path) -> tuple[PairedTill, PairedTill]:
    return paired_till(hq, tmp_path, "T01"), paired_till(hq, tmp_path, "T02")


def test_offline_enrolment_of_known_phone_merges_into_one_member(hq: HQServer, tills):  # type: ignore[no-untyped-def]
    a, b = tills
    known = members(b).enroll("王芳", PHONE, b.cashier, card_no="8800001")
    sell(b, known.id, BAG)  # 129 points at B
    sync(b)
    assert hq_member(hq, known.id).points_balance == 129
    # till A has not pulled since: it enrols the same phone offline, and sells to it
    provisional = members(a).enroll("王芳", PHONE, a.cashier)
    assert provisional.id != known.id and provisional.provisional
    sell(a, provisional.id, BAG, TEA)  # 134 points at A
    coupon = issue(hq.engine, known.id, "生日礼", kind="gift").code
    sync(a)
    survivor = hq_member(hq, known.id)
    assert survivor.points_balance == 129 + 134 and survivor.merged_into is None
    assert hq_member(hq, provisional.id).merged_into == known.id
    with hq.engine.connect() as conn:
        assert set(conn.execute(select(hm.Sale.member_id)).scalars()) == {known.id}
        reason = conn.execute(select(hm.Event.reason).where(
            hm.Event.entity_id == provisional.id)).scalar()
    assert reason == f"merged into {known.id}"
    # at A: one live member with both histories, nothing points at the provisional id
    live = rows(a, "SELECT id, phone, card_no, points_balance, provisional FROM member"
                   " WHERE merged_into IS NULL")
    assert live == [(known.id, PHONE, "8800001", 263, 0)]
    assert rows(a, "SELECT merged_into, phone FROM member WHERE id = :i", i=provisional.id) == [
        (known.id, None)]
    assert rows(a, "SELECT DISTINCT member_id FROM sale WHERE member_id IS NOT NULL") == [
        (known.id,)]
    assert rows(a, "SELECT DISTINCT member_id, status FROM points_entry") == [
        (known.id, "confirmed")]
    assert {r[0] for r in rows(a, "SELECT member_id FROM member_identifier")} == {known.id}
    found = members(a).lookup(PHONE)
    assert found is not None and found.id == known.id and found.points_balance == 263
    assert [m.id for m in members(a).search("王芳")] == [known.id]
    # the profile opened by the provisional id shows the survivor, with its coupon
    profile = members(a).profile(provisional.id, a.cashier)
    assert profile.id == known.id and [c.code for c in profile.coupons] == [coupon]
    # B learns about A's points too
    sync(b)
    assert rows(b, "SELECT points_balance FROM member WHERE id = :i", i=known.id) == [(263,)]


def test_two_tills_overdraw_points_offline(hq: HQServer, tills):  # type: ignore[no-untyped-def]
    a, b = tills
    mem = members(a).enroll("李雷", "13900001111", a.cashier)
    sell(a, mem.id, BAG, BAG)  # 258 points
    sync(a)
    sync(b)
    assert rows(b, "SELECT points_balance FROM member WHERE id = :i", i=mem.id) == [(258,)]
    # both offline, each spends 250 of the 258 points (¥2.50 on a ¥5.50 tea, +3 earned)
    sell(a, mem.id, TEA, points_fen=250)
    sell(b, mem.id, TEA, points_fen=250)
    sync(a)
    sync(b)
    with read_session(b.engine) as session:
        event = session.exec(sm_select(OutboxEvent).where(OutboxEvent.type == "sale.completed")
                             .order_by(OutboxEvent.seq.desc())).first()
    assert event is not None
    assert event.status == "conflict" and "points_overdrawn" in (event.last_error or ""), event
    row = hq_member(hq, mem.id)
    # A left 258 - 250 + 3 = 11; B's 250 takes those 11, 239 are a flagged debt, +3 earned
    assert (row.points_balance, row.points_debt) == (3, 239)
    with hq.engine.connect() as conn:
        kinds = conn.execute(select(hm.SyncException.kind)).scalars().all()
        debt = conn.execute(select(hm.PointsLedger.delta).where(
            hm.PointsLedger.reason == "debt")).scalars().all()
        sales = conn.execute(select(hm.Sale.id)).scalars().all()
    assert kinds == ["points_overdrawn"] and debt == [-239] and len(sales) == 3
    sync(a)
    for till in (a, b):
        assert rows(till, "SELECT points_balance, points_debt FROM member WHERE id = :i",
                    i=mem.id) == [(3, 239)]
        assert members(till).lookup(f"SFM:{mem.id}").points == 3
        assert rows(till, "SELECT count(*) FROM points_entry WHERE status = 'pending'"
                          " AND member_id = :i", i=mem.id) == [(0,)]


def test_bad_member_payloads_are_rejected_with_reasons(hq: HQServer, tills):  # type: ignore[no-untyped-def]
    a, _ = tills
    bad = [
        ({"id": "m1", "name": "", "phone": PHONE, "created_at": "2026-01-01T00:00:00Z"},
         "name"),
        ({"id": "m1", "name": "甲", "created_at": "2026-01-01T00:00:00Z"}, "needs a phone"),
        ({"id": "m1", "name": "甲", "phone": "12ab", "created_at": "2026-01-01T00:00:00Z"},
         "phone"),
        ({"id": "m1", "name": "甲", "phone": PHONE, "created_at": "2026-01-01T00:00:00Z",
          "points_balance": 1000}, "points_balance"),
    ]
    events = [EventIn(event_id=f"bad-member-{n:04d}", seq=n + 1, type="member.enrolled",
                      entity_id="m1", created_at="2026-01-01T00:00:00Z", payload=p)
              for n, (p, _) in enumerate(bad)]
    with a.client() as client:
        results = client.push(events, "bad-members").results
    for ev, result, (_, why) in zip(events, results, bad, strict=True):
        assert result.event_id == ev.event_id
        assert result.status == "rejected" and why in result.reason, result
    with hq.engine.connect() as conn:
        assert conn.execute(select(hm.Member.id)).first() is None
