"""The receipt service: the member on the receipt (masked) with this sale's points and the
balance they leave, and every label and tender in the store's receipt language."""

from __future__ import annotations

from local_db.models_members import Member
from local_db.uow import write_session
from pos_app import i18n
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.receipts import ReceiptService
from tests.services.test_points import BAG
from tests.services.unit_world import pay_cash, till_for


def add_member(world, phone: str | None = "13812345678", card_no: str | None = None,
               balance: int = 10_000) -> str:
    with write_session(world.engine) as session:
        member = Member(name="陈静", phone=phone, card_no=card_no, points_balance=balance,
                        provisional=False)
        session.add(member)
        session.flush()
        return member.id


def test_a_member_sale_paid_partly_with_points_shows_points_and_new_balance(world):
    till = till_for(world)
    till.cart.attach_member(add_member(world))
    till.sale.ring(BAG)  # ¥129.00
    done = till.sale.complete([Tender(TenderKind.POINTS, 6450), Tender(TenderKind.CASH, 6450)])
    receipt = till.receipts.print(done.sale_id)
    member = receipt.member
    assert member is not None
    assert member.masked == "138****5678"
    assert (member.points_earned, member.points_redeemed) == (64, 6450)
    assert member.points_balance == 10_000 - 6450 + 64


def test_a_member_without_a_phone_is_shown_by_a_masked_card(world):
    till = till_for(world)
    till.cart.attach_member(add_member(world, phone=None, card_no="SF00012345", balance=0))
    till.sale.ring(BAG)
    receipt = till.receipts.print(pay_cash(till).sale_id)
    assert receipt.member.masked == "****2345"
    assert (receipt.member.points_earned, receipt.member.points_redeemed) == (129, 0)
    assert receipt.member.points_balance == 129


def test_no_member_no_member_block(world):
    till = till_for(world)
    till.sale.ring(BAG)
    assert till.receipts.print(pay_cash(till).sale_id).member is None


def test_tenders_and_footer_follow_the_store_language_not_the_screen(world):
    till = till_for(world)
    till.sale.ring(BAG)
    sale_id = pay_cash(till).sale_id
    i18n.set_language("en")  # the cashier's screen
    receipts = ReceiptService(world.engine, world.terminal, None)
    chinese = receipts.receipt_for(sale_id)
    assert (chinese.language, chinese.tenders[0].label, chinese.footer) == (
        "zh_CN", "现金", "感谢您的光临")
    i18n.set_language("zh_CN")
    receipts.set_language("en")
    english = receipts.receipt_for(sale_id)
    assert (english.language, english.tenders[0].label, english.footer) == (
        "en", "Cash", "Thank you for shopping with us")
