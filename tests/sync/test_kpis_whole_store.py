"""The manager's dashboard shows the whole store (issue 19-C): two tills paired with a real
HQ over HTTP each sell; each till's dashboard figures hold the other's sale once synced
(GET /v1/kpis with the device token); with HQ out of reach the dashboard falls back to the
till's own sales and says so ("This till only — HQ unreachable"); a till never paired says
it shows this till only. Driven through the real KpiDashboard (pytest-qt, offscreen)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hq import admin
from pos_app.domain.cart import Cart
from pos_app.domain.kpis import Period, local_day
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.services.kpis import KpiService
from pos_app.services.kpis.whole_store import FROM_HQ, TILL_HQ_DOWN
from pos_app.services.till import Till, TillServices
from tests.qt_wait import wait_until
from tests.services.unit_world import COLA
from tests.sync.hq_world import PairedTill, paired_till, seed_hq
from tests.sync.test_returns_two_tills import offline, sync
from ui.kpis import KpiDashboard

pytestmark = pytest.mark.timeout(300)


def _sell(till: PairedTill, quantity: int) -> None:
    cart = Cart()
    till.scanner.ring(cart, COLA, quantity)
    till.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 350 * quantity)],
                                till.cashier, till.shift)
    sync(till)


def _manager(till: PairedTill) -> Till:
    signed = Till(TillServices.build(till.engine, till.terminal, None))
    signed.sign_in("9001", "9999")
    return signed


def _open(qtbot, kpis: KpiService, till: Till) -> KpiDashboard:
    dialog = KpiDashboard(kpis, till)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load()
    wait_until(lambda: dialog.report is not None and not dialog.loading, timeout_ms=20_000)
    return dialog


def test_each_tills_sales_on_the_others_dashboard_and_the_note_offline(hq, tmp_path, qtbot):
    seed_hq(hq, tmp_path)
    admin.create_staff(hq.engine, "S01", "9001", "张伟", "manager", "9999")
    a, b = paired_till(hq, tmp_path, "T01"), paired_till(hq, tmp_path, "T02")
    _sell(a, 3)  # 1050 fen at A
    _sell(b, 1)  # 350 fen at B
    sync(a)  # A has the manager too (staff stream)
    today = Period.day(local_day(datetime.now(UTC)))

    for till, own in ((a, 1050), (b, 350)):
        manager = _manager(till)
        view = manager.kpis.whole_store(today, manager.staff)
        assert view.source == FROM_HQ and view.whole_store
        assert (view.kpis.total.net_sales, view.kpis.total.sales) == (1400, 2)
        assert view.kpis.daily == [(today.start, 1400)]
        mine = manager.kpis.store(today, manager.staff)  # the till's own database
        assert (mine.total.net_sales, mine.total.sales) == (own, 1)

        dialog = _open(qtbot, manager.kpis, manager)
        assert dialog.report.total.net_sales == 1400
        assert dialog.source.text() == "Whole store (every till), as HQ has it"
        assert "14.00" in dialog.summary.text()
        dialog.close()

        cut_off = KpiService(till.engine, till.terminal, client_factory=offline)
        down = cut_off.whole_store(today, manager.staff)
        assert down.source == TILL_HQ_DOWN and down.error.code == "hq_unreachable"
        assert (down.kpis.total.net_sales, down.kpis.total.sales) == (own, 1)
        dialog = _open(qtbot, cut_off, manager)
        assert dialog.source.text() == "This till only — HQ unreachable"
        assert dialog.report.total.net_sales == own
        dialog.close()
