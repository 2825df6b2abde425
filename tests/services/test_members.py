"""Members: look-ups, name search, offline enrolment, profile and privacy, HQ merges."""

from __future__ import annotations

import json
import logging
import sqlite3

import pytest

from local_db.ids import new_id
from local_db.uow import write_session
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from pos_app.services.members import MemberService
from sync.apply_members import apply_members
from sync.contract.envelope import Change

TABLES = ("member", "member_identifier", "member_fts", "outbox_event", "audit_log")


def _snapshot(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in TABLES}
    finally:
        conn.close()


@pytest.fixture
def members(world) -> MemberService:
    return MemberService(world.engine, world.terminal)


@pytest.fixture
def wang(members, world):
    return members.enroll("王芳", "138 1234 5678", world.guide, card_no="C0001",
                          birthday="1990-05-31", gender="female")


# -- must-holds: bad input, clear message, nothing saved ------------------------------------

@pytest.mark.parametrize("kwargs, code", [
    ({"name": "李雷", "phone": "1381234"}, "phone_invalid"),
    ({"name": "李雷", "phone": "12812345678"}, "phone_invalid"),
    ({"name": "李雷", "phone": ""}, "phone_invalid"),
    ({"name": "", "phone": "13900001111"}, "member_name_required"),
    ({"name": "   ", "phone": "13900001111"}, "member_name_required"),
    ({"name": "李雷", "phone": "13900001111", "card_no": "C0001"}, "member_card_taken"),
    ({"name": "李雷", "phone": "+86 138-1234-5678"}, "member_phone_taken"),
    ({"name": "李雷", "phone": "13900001111", "birthday": "1990-13-01"},
     "member_birthday_invalid"),
])
def test_bad_enrolments_say_why_and_save_nothing(members, world, wang, kwargs, code):
    before = _snapshot(world.path)
    with pytest.raises(PosError) as err:
        members.enroll(staff=world.cashier, **kwargs)
    assert err.value.code == code
    message = err.value.message()
    assert message and message != code
    assert "王芳" not in message and "13812345678" not in message and "C0001" not in message
    assert _snapshot(world.path) == before


def test_a_taken_phone_is_named_masked_only(members, world, wang):
    with pytest.raises(PosError) as err:
        members.enroll("李雷", "13812345678", world.cashier)
    assert "138****5678" in err.value.message()


# -- enrolment -------------------------------------------------------------------------------

def test_enrolment_offline_writes_member_identifiers_search_row_event_and_audit(world, wang):
    assert wang.provisional and wang.phone == "13812345678"
    assert wang.phone_masked == "138****5678" and wang.tier == "regular"
    conn = sqlite3.connect(world.path)
    row = conn.execute("SELECT name, phone, card_no, provisional, home_store_id, enrolled_by,"
                       " owner_guide_id, consent FROM member WHERE id = ?", (wang.id,)).fetchone()
    assert row == ("王芳", "13812345678", "C0001", 1, world.terminal.store_id, world.guide.id,
                   world.guide.id, 1)
    kinds = sorted(conn.execute("SELECT kind, value FROM member_identifier WHERE member_id = ?",
                                (wang.id,)).fetchall())
    assert kinds == [("card", "C0001"), ("phone", "13812345678")]
    assert conn.execute("SELECT terms FROM member_fts WHERE member_id = ?",
                        (wang.id,)).fetchone() == ("王 芳 王芳 wangfang wf",)
    type_, entity, payload, status = conn.execute(
        "SELECT type, entity_id, payload, status FROM outbox_event WHERE entity_id = ?",
        (wang.id,)).fetchone()
    assert (type_, entity, status) == ("member.enrolled", wang.id, "pending")
    body = json.loads(payload)
    assert set(body) == {"id", "name", "phone", "card_no", "birthday", "gender", "consent",
                         "marketing_consent", "home_store_id", "enrolled_by", "created_at"}
    assert body["phone"] == "13812345678" and body["birthday"] == "1990-05-31"
    action, detail = conn.execute(
        "SELECT action, detail FROM audit_log WHERE entity_id = ?", (wang.id,)).fetchone()
    assert action == "member_enrolled" and "王芳" not in detail and "1381234" not in detail


def test_logs_carry_no_names_or_phones(members, world, caplog):
    caplog.set_level(logging.DEBUG)
    m = members.enroll("赵敏", "13700001234", world.cashier)
    members.profile(m.id, world.manager)
    members.lookup("13700001234")
    text = caplog.text
    assert "赵敏" not in text and "13700001234" not in text and "137****1234" not in text


# -- look-ups --------------------------------------------------------------------------------

def test_lookup_by_code_phone_card_and_other_identifiers(members, world, wang):
    assert members.lookup(f"SFM:{wang.id}").id == wang.id
    assert members.lookup("13812345678").id == wang.id
    assert members.lookup("+86 138 1234 5678").id == wang.id
    assert members.lookup("C0001").id == wang.id
    conn = sqlite3.connect(world.path)
    conn.execute("INSERT INTO member_identifier (id, member_id, kind, value) VALUES (?,?,?,?)",
                 (new_id(), wang.id, "unionid", "oUnion_abcdefghijklmnopqrstu"))
    conn.commit()
    assert members.lookup("oUnion_abcdefghijklmnopqrstu").id == wang.id
    assert members.lookup("13900000000") is None
    assert members.lookup("C9999") is None
    assert members.lookup(f"SFM:{new_id()}") is None
    assert members.lookup("") is None
    assert members.lookup("6901234567892") is None  # a product barcode is no member


def test_lookup_by_last4_and_name(members, world, wang):
    li = members.enroll("李娜", "13900005678", world.cashier)
    assert {m.id for m in members.find_by_last4("5678")} == {wang.id, li.id}
    assert [m.id for m in members.find_by_last4("5678", "芳")] == [wang.id]
    assert [m.id for m in members.find_by_last4("5678", "王芳")] == [wang.id]
    assert [m.id for m in members.find_by_last4("5678", "ln")] == [li.id]
    assert [m.id for m in members.find_by_last4("5678", "lina")] == [li.id]
    assert members.find_by_last4("0000", "王") == []
    with pytest.raises(PosError) as err:
        members.find_by_last4("56a8", "")
    assert err.value.code == "member_last4_invalid"


# -- name search -----------------------------------------------------------------------------

def test_search_by_two_chinese_characters_pinyin_and_initials(members, world, wang):
    wfang = members.enroll("王方", "13900001111", world.cashier)
    ouyang = members.enroll("欧阳小明", "13900002222", world.cashier)
    members.enroll("李娜", "13900003333", world.cashier)
    ids = lambda q: {m.id for m in members.search(q)}  # noqa: E731
    assert ids("王芳") == {wang.id}
    assert ids("王") == {wang.id, wfang.id}
    assert ids("芳") == {wang.id}
    assert ids("wangfang") == {wang.id, wfang.id}  # same pinyin, different characters
    assert ids("wangf") == {wang.id, wfang.id}
    assert ids("Wang Fang") == {wang.id, wfang.id}
    assert ids("WF") == {wang.id, wfang.id}
    assert ids("小明") == {ouyang.id}
    assert ids("欧阳小明") == {ouyang.id}
    assert ids("oyxm") == {ouyang.id}
    assert ids("张三") == set()
    assert ids("") == set() and ids("  ") == set() and ids('"*') == set()
    assert len(members.search("王", limit=1)) == 1


# -- profile and privacy ---------------------------------------------------------------------

def _sale_for(world, member_id: str, codes: list[str]) -> str:
    cart = Cart()
    for code in codes:
        world.scanner.ring(cart, code)
    done = world.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 100_000)],
                                        world.cashier, world.shift)
    conn = sqlite3.connect(world.path)
    sale_id = conn.execute("SELECT id FROM sale WHERE receipt_no = ?",
                           (done.receipt_no,)).fetchone()[0]
    conn.execute("UPDATE sale SET member_id = ? WHERE id = ?", (member_id, sale_id))
    conn.commit()
    return sale_id


def test_profile_masks_the_phone_except_for_managers_and_is_audited(members, world, wang):
    conn = sqlite3.connect(world.path)
    conn.execute("UPDATE product SET category = 'drinks' WHERE sku IN ('SKU-COLA', 'SKU-TEA')")
    conn.execute("UPDATE product SET category = 'bags' WHERE sku = 'SKU-BAG'")
    conn.execute("UPDATE member SET points_balance = 500 WHERE id = ?", (wang.id,))
    for delta, status in ((120, "pending"), (-20, "pending"), (999, "confirmed")):
        conn.execute("INSERT INTO points_entry (id, member_id, delta, reason, created_at, status)"
                     " VALUES (?,?,?,?,?,?)",
                     (new_id(), wang.id, delta, "sale", "2026-01-01 00:00:00", status))
    conn.commit()
    first = _sale_for(world, wang.id, ["6901234567892"])
    last = _sale_for(world, wang.id, ["6937654321097"])
    seen = members.profile(wang.id, world.cashier)
    assert seen.phone_display == "138****5678"
    assert members.profile(wang.id, world.manager).phone_display == "13812345678"
    assert (seen.hq_balance, seen.pending, seen.points) == (500, 100, 600)
    assert [p.sale_id for p in seen.purchases] == [last, first]
    assert seen.last_visit == seen.purchases[0].created_at
    assert seen.favourite_categories == ["bags", "drinks"]
    assert seen.guide_name == "王芳"  # the enrolling guide (same name as the member here)
    assert seen.tier == "regular" and seen.tags == []
    rows = conn.execute("SELECT staff_id, detail FROM audit_log WHERE action = 'member_viewed'"
                        " AND entity_id = ? ORDER BY seq", (wang.id,)).fetchall()
    assert [r[0] for r in rows] == [world.cashier.id, world.manager.id]
    assert all("1381234" not in r[1] and "王芳" not in r[1] for r in rows)
    info = members.lookup("C0001")
    assert (info.points_balance, info.pending_points, info.points) == (500, 100, 600)


def test_profile_of_an_unknown_member(members, world):
    with pytest.raises(PosError) as err:
        members.profile(new_id(), world.cashier)
    assert err.value.code == "member_not_found"


def test_tags_are_added_once_and_sent_to_hq(members, world, wang):
    assert members.add_tag(wang.id, " VIP ", world.guide) == ["VIP"]
    assert members.add_tag(wang.id, "VIP", world.guide) == ["VIP"]
    assert members.add_tag(wang.id, "喜欢帆布包", world.guide) == ["VIP", "喜欢帆布包"]
    assert members.profile(wang.id, world.guide).tags == ["VIP", "喜欢帆布包"]
    conn = sqlite3.connect(world.path)
    assert conn.execute("SELECT count(*) FROM outbox_event WHERE type = 'member.tagged'"
                        ).fetchone()[0] == 2
    with pytest.raises(PosError) as err:
        members.add_tag(wang.id, "  ", world.guide)
    assert err.value.code == "member_tag_required"


def _redirect(world, old_id: str, new_id_: str) -> None:
    """HQ's tombstone for a merge, applied as the puller does (one page transaction)."""
    with write_session(world.engine) as session:
        apply_members(session, [Change(key=old_id, op="delete",
                                       data={"merged_into": new_id_})])


# -- HQ merges -------------------------------------------------------------------------------

def test_redirect_rewrites_sales_points_identifiers_and_lookups(members, world, wang):
    older = members.enroll("王芳", "13900009999", world.cashier)  # HQ's surviving member
    sale_id = _sale_for(world, wang.id, ["6901234567892"])
    conn = sqlite3.connect(world.path)
    conn.execute("INSERT INTO points_entry (id, member_id, sale_id, delta, reason, created_at,"
                 " status) VALUES (?,?,?,?,?,?,?)",
                 (new_id(), wang.id, sale_id, 3, "sale", "2026-01-01 00:00:00", "pending"))
    conn.commit()
    _redirect(world, wang.id, older.id)
    _redirect(world, wang.id, older.id)  # idempotent
    assert conn.execute("SELECT member_id FROM sale WHERE id = ?", (sale_id,)).fetchone() == (
        older.id,)
    assert conn.execute("SELECT DISTINCT member_id FROM points_entry").fetchall() == [(older.id,)]
    assert conn.execute("SELECT count(*) FROM member_identifier WHERE member_id = ?",
                        (wang.id,)).fetchone() == (0,)
    merged, phone, card = conn.execute(
        "SELECT merged_into, phone, card_no FROM member WHERE id = ?", (wang.id,)).fetchone()
    assert (merged, phone, card) == (older.id, None, None)
    # the card and phone columns wait for HQ's upsert of the survivor; look-ups go through
    # the moved identifiers meanwhile
    assert members.lookup(f"SFM:{wang.id}").id == older.id  # old codes still work
    assert members.lookup("C0001").id == older.id
    assert members.lookup("13812345678").id == older.id  # via the moved phone identifier
    assert [m.id for m in members.search("王芳")] == [older.id]
    assert members.profile(wang.id, world.cashier).id == older.id
    assert members.lookup(f"SFM:{older.id}").pending_points == 3
