"""A closed shift's report with every figure set, for the slip tests (domain, printer, UI)."""

from __future__ import annotations

from datetime import timedelta, timezone

from pos_app.domain.shifts import Count, DiscountFigures, MoveFigures, ShiftFacts, build_report

CST = timezone(timedelta(hours=8))  # the store's clock: slips are shown in local time

FACTS = ShiftFacts(
    opening_float=50000, sales_count=12, sales_total=123450, returns_count=1,
    returns_total=3500, tendered={"cash": 80000, "card": 30000, "wechat": 13450},
    refunded={"cash": 3500},
    moves=(MoveFigures("in", "float_top_up", 1, 10000),
           MoveFigures("out", "bank_deposit", 2, 50000)),
    discounts=(DiscountFigures("promo.bogo", "c1/r1", "可口可乐500ml 买一送一", 3, 1200),
               DiscountFigures("member_price", "member_price", "Member price", 2, 500)),
    cash_sales=8, no_sales=1, sales_voided=1, lines_voided=2, parked_dropped=3,
    coupons_redeemed=4, gifts_handed=5, queued_events=14, audit_seq=321, audit_hash="ab" * 32,
)
COUNT = Count(cash={10000: 3, 5000: 2, 1000: 5, 50: 3}, others={"card": 29900})


def z_report(**changes):
    kwargs = dict(kind="Z", shift_id="shift-1", store_code="S01", terminal_code="T01",
                  opened_by="李娜", opened_at="2026-12-07T01:00:00+00:00",
                  at="2026-12-07T09:30:00+00:00", count=COUNT, z_no=12, closed_by="张伟",
                  grand_total_before=1_000_000)
    kwargs.update(changes)
    return build_report(FACTS, **kwargs)


def x_report():
    return build_report(FACTS, kind="X", shift_id="shift-1", store_code="S01",
                        terminal_code="T01", opened_by="李娜",
                        opened_at="2026-12-07T01:00:00+00:00", at="2026-12-07T05:00:00+00:00")
