"""The Z's drawer opens (issue 18): cash sales + cash refunds (20-FIX2: the slip kicks the
drawer) + no-sales + cash moves (the drawer is kicked after each cash in / out), the same
on the till and in HQ's own Z view, which builds its figures from the events it holds with
the till's rule."""

from __future__ import annotations

from hq.shifts import shift_z
from pos_app.domain.shifts import Count
from pos_app.services.shifts import ClosedShift
from pos_app.services.till import Till, TillServices
from tests.hq.shifts.test_z_via_hq import _push_all
from tests.services.shifts.shift_world import COLA, TEA, Ledger, exact_count, sell
from tests.sync.hq_world import paired_till, seed_hq


def test_hqs_z_counts_the_drawer_opens_of_cash_moves_like_the_till(hq, tmp_path):
    from hq import admin

    seed_hq(hq, tmp_path)
    admin.create_staff(hq.engine, "S01", "9001", "张伟", "manager", "9999")
    paired = paired_till(hq, tmp_path, "T01")
    till = Till(TillServices.build(paired.engine, paired.terminal, None))
    till.sign_in("1001", "1111")
    ledger = Ledger()
    cash_sale = sell(till, ledger, [COLA], [("cash", 500)])  # opens the drawer
    card_sale = sell(till, ledger, [TEA], [("card", 550)])  # does not
    sell(till, ledger, [TEA, COLA], [("card", 300), ("cash", None)])  # opens it
    till.shifts.cash_move("in", 5000, "float_top_up")
    till.shifts.cash_move("out", 2000, "bank_deposit")
    till.shifts.no_sale(approved_by=till.approve(till.shifts.no_sale(), "9001", "9999"))
    for sale in (cash_sale, card_sale):  # the cash refund's slip opens it, the card's not
        line = till.returns.find_sale(sale.receipt_no).lines[0].sale_line_id
        till.returns.complete(sale.receipt_no, {line: 1})
    _push_all(paired)
    done = till.shifts.close(exact_count(till.shifts.check_count(Count())))
    assert isinstance(done, ClosedShift)
    assert (done.report.drawer_opens, done.report.no_sales) == (2 + 1 + 2 + 1, 1)
    _push_all(paired)
    with hq.engine.connect() as conn:
        view = shift_z(conn, done.shift_id)
    assert view is not None and view.till is not None and view.differences == []
    assert (view.hq.drawer_opens, view.hq.no_sales) == (done.report.drawer_opens, 1)
    assert sum(m.count for m in view.hq.moves) == 2
