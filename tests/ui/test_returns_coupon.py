"""The returns dialog of a coupon sale (issue 17): it offers to let the customer use the
coupon again, unticked by default (the coupon stays redeemed); ticked by a manager, the
return queues `coupon.revived`. A sale without a coupon does not offer it."""

from __future__ import annotations

from pos_app.domain.tenders import Tender, TenderKind
from tests.ui.conftest import db_rows
from tests.ui.test_sale_coupon_ui import EARBUDS, discount_code
from tests.ui.test_sale_flow import COLA, sign_in_by_keyboard
from ui.returns.by_receipt import ReturnsDialog


def _sell(window, *codes: str) -> str:
    till = window.till
    for code in codes:
        till.sale.scan(code)
    return till.sale.complete([Tender(TenderKind.CASH, till.sale.totals().total)]).receipt_no


def test_a_manager_revives_a_returned_sales_coupon(make_window, qtbot):
    window, container = make_window()
    db = container.data_dir / "terminal.db"
    sign_in_by_keyboard(window, "9001", "9999")  # a manager: no PIN asked
    plain = ReturnsDialog(window.till, _sell(window, COLA))
    qtbot.addWidget(plain)
    assert not plain.revive.isVisibleTo(plain)
    receipt = _sell(window, EARBUDS, discount_code())
    dialog = ReturnsDialog(window.till, receipt)
    qtbot.addWidget(dialog)
    assert dialog.revive.isVisibleTo(dialog) and not dialog.revive.isChecked()
    dialog.tick(0)
    dialog.revive.setChecked(True)
    dialog.refund()
    assert dialog.completed is not None
    assert db_rows(db, "SELECT count(*) FROM outbox_event WHERE type = 'coupon.revived'") == [
        (1,)]
    assert db_rows(db, "SELECT count(*) FROM coupon_redemption") == [(0,)]
