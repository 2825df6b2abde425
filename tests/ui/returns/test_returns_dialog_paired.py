"""The returns dialog on a till paired with a real HQ: another till's receipt is looked up
at HQ off the GUI thread and returned; with HQ out of reach the dialog says the receipt is
at another till and HQ cannot be reached."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from sync.round import sync_once
from tests.hq.server import run_hq_server
from tests.qt_wait import wait_until
from tests.sync.hq_world import PairedTill, paired_till
from ui.returns.by_receipt import ReturnsDialog

COLA = "6901234567892"


def _sync(till: PairedTill) -> None:
    with till.client() as client:
        assert sync_once(till.engine, client).ok


def test_another_tills_receipt_online_then_offline(tmp_path: Path, qtbot):
    with run_hq_server(f"sqlite:///{tmp_path / 'hq.db'}") as hq:
        a, b = paired_till(hq, tmp_path, "T01"), paired_till(hq, tmp_path, "T02")
        cart = Cart()
        a.scanner.ring(cart, COLA, 2)
        done = a.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 700)], a.cashier,
                                        a.shift)
        _sync(a)
        till = b.signed_in()
        assert till.returns.asks_hq()
        dialog = ReturnsDialog(till)
        qtbot.addWidget(dialog)
        dialog.load(done.receipt_no)
        assert "HQ" in dialog.summary.text()  # asking, off the GUI thread
        wait_until(lambda: dialog.sale is not None, 10_000)
        assert "another till" in dialog.origin.text()
        dialog.tick(0, 1)
        assert "¥3.50" in dialog.summary.text()
        dialog.refund()
        wait_until(lambda: dialog.completed is not None, 10_000)
        assert dialog.completed.kind == "other_till" and dialog.completed.refund_total == 350

        with b.engine.begin() as conn:  # HQ out of reach from now on
            conn.execute(text("UPDATE hq_link SET hq_url = 'http://127.0.0.1:9'"))
        offline = ReturnsDialog(till)
        qtbot.addWidget(offline)
        offline.load(done.receipt_no)
        wait_until(lambda: "cannot be reached" in offline.summary.text(), 10_000)
        assert offline.sale is None and offline.receipt_edit.isEnabled()
        for engine in (a.engine, b.engine):
            engine.dispose()
