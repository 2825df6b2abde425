"""The profile's purchase history (tester 24): the receipt number shows whole at 1366x768
(finding 9: it read "S01-···" while the Total column took the rest of the width), and a
return shows on the sale it returns (finding 8: it kept the sale's full amount). Real demo
store, a member's sales, the real dialog offscreen at the size it opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics

from pos_app.domain.money import format_money
from pos_app.domain.tenders import Tender, TenderKind
from tests.ui.demo_shop import signed_in_demo
from ui.dialogs.member_profile import MemberProfileDialog

COLA = "6901234567892"


@pytest.fixture
def shop(tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    yield from signed_in_demo(tmp_path)


def test_receipt_number_is_not_elided(shop, qtbot) -> None:  # type: ignore[no-untyped-def]
    member = shop.till.members.enroll("刘测试", "13712345678")
    shop.till.sale.attach_member(member)
    shop.till.sale.ring(COLA)
    done = shop.till.sale.complete([Tender(TenderKind.CASH, 10_000)])
    dialog = MemberProfileDialog(shop.till, shop.till.members.profile(member.id))
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.history
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    assert table.item(0, 1).text() == done.receipt_no
    needed = QFontMetrics(table.font()).horizontalAdvance(done.receipt_no)
    assert table.columnWidth(1) > needed
    assert table.columnWidth(3) < table.viewport().width() // 2  # Total no longer the rest


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
