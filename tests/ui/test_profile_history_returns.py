"""The profile's purchase history shows a return on the sale it returns (tester 24, finding
8): it kept the sale's full amount. Real demo store, a member's sale partly returned, the real
dialog offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.domain.money import format_money
from pos_app.domain.tenders import Tender, TenderKind
from tests.ui.demo_shop import signed_in_demo
from ui.dialogs.member_profile import MemberProfileDialog

COLA = "6901234567892"


@pytest.fixture
def shop(tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    yield from signed_in_demo(tmp_path)


def test_a_returned_sale_shows_what_came_back(shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    member = shop.till.members.enroll("刘测试", "13712345679")
    shop.till.sale.attach_member(member)
    shop.till.sale.ring(COLA, 2)
    done = shop.till.sale.complete([Tender(TenderKind.CASH, 10_000)])
    (line,) = shop.till.returns.find_sale(done.receipt_no).lines
    back = shop.till.returns.complete(done.receipt_no, {line.sale_line_id: 1})
    dialog = MemberProfileDialog(shop.till, shop.till.members.profile(member.id))
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.history
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    total = table.item(0, 3).text()
    assert format_money(done.total) in total and format_money(back.refund_total) in total
