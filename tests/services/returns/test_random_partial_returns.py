"""Property (issue 18, Must hold): over random sales and random partial returns, what is
refunded never exceeds what was paid — per line, per tender line and in total — and once
every unit is back, exactly what was paid (cash change excluded) has gone back, to the fen.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from tests.services.unit_world import COLA, rows, till_for

TEA = "6920202888883"


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cola=st.integers(min_value=1, max_value=7), tea=st.integers(min_value=1, max_value=7),
       card_share=st.integers(min_value=0, max_value=1000),
       wechat_share=st.integers(min_value=0, max_value=1000),
       change=st.integers(min_value=0, max_value=3000),
       picks=st.lists(st.tuples(st.integers(min_value=0, max_value=1),
                                st.integers(min_value=1, max_value=8)),
                      min_size=1, max_size=8))
def test_refunds_never_exceed_what_was_paid(world, cola, tea, card_share, wechat_share,
                                            change, picks):
    till = till_for(world)
    till.sale.ring(COLA, cola)
    till.sale.ring(TEA, tea)
    total = till.sale.totals().total
    card = total * card_share // 1000
    wechat = (total - card) * wechat_share // 1000
    cash = total - card - wechat
    tenders = [Tender(k, a, ref) for k, a, ref in (
        (TenderKind.CARD, card, ""), (TenderKind.WECHAT, wechat, "WX1"),
        (TenderKind.CASH, cash + change if cash else 0, "")) if a]
    done = till.sale.complete(tenders)
    for line_index, quantity in picks:
        sale = till.returns.find_sale(done.receipt_no)
        line = sale.lines[line_index]
        try:
            till.returns.complete(done.receipt_no, {line.sale_line_id: quantity})
        except PosError as exc:
            assert exc.code == "return_too_many" and quantity > line.left
    # whatever came back, bring back the rest: then everything paid has gone back exactly
    sale = till.returns.find_sale(done.receipt_no)
    rest = {ln.sale_line_id: ln.left for ln in sale.lines if ln.left > 0}
    if rest:
        till.returns.complete(done.receipt_no, rest)

    per_line = rows(world, "SELECT l.net, l.quantity, COALESCE(SUM(r.amount), 0), "
                    "COALESCE(SUM(r.quantity), 0) FROM sale_line l LEFT JOIN return_line r "
                    "ON r.sale_line_id = l.id WHERE l.sale_id = ? GROUP BY l.id", done.sale_id)
    for net, sold, refunded, returned in per_line:
        assert refunded == net and returned == sold
    paid = dict(rows(world, "SELECT line_no, amount FROM tender WHERE sale_id = ?",
                     done.sale_id))
    last_cash = max((n for n, k in rows(world, "SELECT line_no, kind FROM tender WHERE "
                                        "sale_id = ?", done.sale_id) if k == "cash"),
                    default=None)
    if last_cash is not None:
        paid[last_cash] -= change  # change given is never refunded
    back = dict(rows(world, "SELECT t.line_no, SUM(t.amount) FROM refund_tender t JOIN "
                     "sale_return r ON r.id = t.return_id WHERE r.sale_id = ? "
                     "GROUP BY t.line_no", done.sale_id))
    for line_no, amount in back.items():
        assert amount <= paid[line_no]
    assert sum(back.values()) == total
