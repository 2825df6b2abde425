"""Hypothesis: random shifts made through the real till (sales in any tender mix, points,
returns of this or earlier shifts' sales, cash in / out, no-sales) close to a Z whose every
figure matches what the till was asked to do, to the fen; Z numbers run on without a gap
and the grand total carries over."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from pos_app.services.approvals import NeedsApproval
from pos_app.services.shifts import ClosedShift
from tests.services.shifts.shift_world import (
    BAG,
    COLA,
    PINS,
    TEA,
    Ledger,
    add_member,
    close_exactly,
    raw_sums,
    till_as,
)

CODES = (COLA, TEA, BAG)
PAYS = ("cash", "card", "split", "wechat", "points")
OPS = st.one_of(
    st.tuples(st.just("sale"), st.lists(st.sampled_from(CODES), min_size=1, max_size=3),
              st.sampled_from(PAYS)),
    st.tuples(st.just("return"), st.integers(0, 10**6)),
    st.tuples(st.just("in"), st.integers(1, 50_000)),
    st.tuples(st.just("out"), st.integers(1, 30_000)),
    st.tuples(st.just("no_sale")),
)


def _pay(till, ledger, codes, how, member):
    for code in codes:
        till.sale.ring(code)
    if how == "points":
        till.sale.cart.attach_member(member)
    total = till.sale.totals().total
    if how == "cash":
        tenders = [Tender(TenderKind.CASH, -(-total // 500) * 500)]
    elif how == "card":
        tenders = [Tender(TenderKind.CARD, total)]
    elif how == "wechat":
        tenders = [Tender(TenderKind.WECHAT, total, "4200000001")]
    elif how == "split":
        tenders = [Tender(TenderKind.CARD, total // 3), Tender(TenderKind.CASH,
                                                             total - total // 3 + 40)]
    else:
        points = min(till.sale.points_offer().max_fen, total)
        tenders = [Tender(TenderKind.POINTS, points)] + (
            [Tender(TenderKind.CASH, total - points)] if total > points else [])
    done = till.sale.complete(tenders)
    ledger.sold(tenders, done)
    return done


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(shifts=st.lists(st.lists(OPS, max_size=8), min_size=1, max_size=2))
def test_random_shifts_close_to_the_fen(world, shifts):
    till = till_as(world)
    if till.shift is not None:  # what an earlier example left: a fresh shift for this one
        close_exactly(till)
    till.open_shift(20000)
    member = add_member(world, balance=1_000_000)
    sold: list = []
    last = till.shifts.z_list(1)
    z_no = last[0][0] if last else 0
    grand = till.shifts.z_report(z_no).grand_total if z_no else 0
    for ops in shifts:
        ledger, opening = Ledger(), till.shift.opening_float
        no_sales = 0
        for op in ops:
            if op[0] == "sale":
                sold.append(_pay(till, ledger, op[1], op[2], member))
            elif op[0] == "return" and sold:
                sale = sold[op[1] % len(sold)]
                found = till.returns.find_sale(sale.receipt_no)
                line = next((ln for ln in found.lines if ln.left > 0), None)
                if line is not None:
                    ledger.returned(till.returns.complete(sale.receipt_no,
                                                          {line.sale_line_id: 1}))
            elif op[0] == "in":
                till.shifts.cash_move("in", op[1], "float_top_up")
                ledger.cash_in += op[1]
            elif op[0] == "out":
                try:
                    till.shifts.cash_move("out", op[1], "bank_deposit")
                    ledger.cash_out += op[1]
                except PosError as exc:
                    assert exc.code == "cash_out_exceeds_drawer"
                    assert op[1] > ledger.expected_cash(opening)
            elif op[0] == "no_sale":
                asked = till.shifts.no_sale()
                assert isinstance(asked, NeedsApproval)
                till.shifts.no_sale(approved_by=till.approve(asked, *PINS["manager"]))
                no_sales += 1
        shift_id = till.shift.id
        done = close_exactly(till)
        assert isinstance(done, ClosedShift)
        z = done.report
        z_no += 1
        assert z.z_no == z_no
        assert (z.sales_count, z.sales_total) == (ledger.sales, ledger.sales_total)
        assert (z.returns_count, z.returns_total) == (ledger.returns, ledger.returns_total)
        assert (z.cash_in, z.cash_out, z.no_sales) == (ledger.cash_in, ledger.cash_out,
                                                       no_sales)
        by = {t.kind: t for t in z.tenders}
        for kind in set(ledger.tendered) | set(ledger.refunded):
            assert (by[kind].sales, by[kind].refunds) == (ledger.tendered[kind],
                                                          ledger.refunded[kind]), kind
        assert z.expected_cash == ledger.expected_cash(opening)
        assert z.points_tendered == ledger.tendered["points"] - ledger.refunded["points"]
        raw = raw_sums(world, shift_id)
        assert raw["sales_total"] == z.sales_total and raw["returns_total"] == z.returns_total
        assert raw["cash"] - raw["cash_refunds"] == by["cash"].sales - by["cash"].refunds
        assert z.grand_total == grand + z.sales_total - z.returns_total
        grand = z.grand_total
        till.open_shift(20000)
    close_exactly(till)
