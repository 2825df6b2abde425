"""The X and Z figures of a shift, computed from its facts (what the till's tables hold).

Pure: the till's service reads the facts with a few SQL sums and HQ builds the same facts
from the events it holds, so both sides' figures come out of one rule. Every amount is
integer fen; nothing here rounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from pos_app.domain.shifts.count import Count

CASH = "cash"
POINTS = "points"
DEFAULT_TOLERANCE = 500  # ¥5: over or short by more needs a manager at close


@dataclass(frozen=True)
class MoveFigures:
    """Cash moves of one kind ("in" | "out") and reason."""

    kind: str
    reason_code: str
    count: int
    amount: int


@dataclass(frozen=True)
class DiscountFigures:
    """What one pricing rule (campaign, member price, coupon, cashier) took off."""

    kind: str
    rule_id: str
    name: str  # the rule's English name (a msgid), translated where shown
    sales: int  # sales it touched
    amount: int


@dataclass(frozen=True)
class ShiftFacts:
    """What happened in the shift, as summed from the rows (or from HQ's events)."""

    opening_float: int = 0
    sales_count: int = 0
    sales_total: int = 0
    returns_count: int = 0
    returns_total: int = 0
    tendered: Mapping[str, int] = field(default_factory=dict)  # kind → fen (cash net of change)
    refunded: Mapping[str, int] = field(default_factory=dict)  # kind → fen
    moves: tuple[MoveFigures, ...] = ()
    discounts: tuple[DiscountFigures, ...] = ()
    cash_sales: int = 0  # sales with a cash tender: each opened the drawer
    cash_refunds: int = 0  # returns refunding cash: each slip opened the drawer too
    no_sales: int = 0
    sales_voided: int = 0
    lines_voided: int = 0
    parked_dropped: int = 0
    coupons_redeemed: int = 0
    gifts_handed: int = 0
    queued_events: int = 0
    paired: bool = True  # False: a stand-alone till, its events are kept, never sent
    audit_seq: int = 0
    audit_hash: str = ""


@dataclass(frozen=True)
class TenderFigures:
    kind: str
    sales: int
    refunds: int
    cash_in: int
    cash_out: int
    expected: int
    counted: int | None = None  # None: not counted yet (an X, or a blind Z before the count)
    difference: int | None = None  # counted − expected: > 0 over, < 0 short


@dataclass(frozen=True)
class ShiftReport:
    """Every figure the X/Z slip and the shift screens show (fen, counts, ids)."""

    kind: str  # "X" | "Z"
    shift_id: str
    store_code: str
    terminal_code: str
    opened_by: str  # the staff member's name, as printed (a reprint never looks it up)
    opened_at: str  # ISO 8601, UTC
    at: str  # when the figures were taken (the close, for a Z)
    closed_by: str = ""  # name, likewise
    z_no: int = 0  # 0 on an X
    opening_float: int = 0
    sales_count: int = 0
    sales_total: int = 0
    returns_count: int = 0
    returns_total: int = 0
    net_total: int = 0
    tenders: tuple[TenderFigures, ...] = ()
    cash_in: int = 0
    cash_out: int = 0
    moves: tuple[MoveFigures, ...] = ()
    discounts: tuple[DiscountFigures, ...] = ()
    discount_total: int = 0
    sales_voided: int = 0
    lines_voided: int = 0
    parked_dropped: int = 0
    drawer_opens: int = 0  # cash sales + cash refunds + no-sales + cash moves
    no_sales: int = 0
    coupons_redeemed: int = 0
    gifts_handed: int = 0
    points_tendered: int = 0
    queued_events: int = 0
    paired: bool = True  # False: the queued events are kept on this till (no HQ to wait for)
    audit_seq: int = 0
    audit_hash: str = ""
    expected_cash: int = 0
    counted_cash: int | None = None
    over_short: int | None = None  # all tenders: counted − expected
    tolerance: int = DEFAULT_TOLERANCE
    over_tolerance: bool = False
    cash_pieces: tuple[tuple[int, int], ...] = ()  # (denomination fen, pieces) as counted
    expected_hidden: bool = False  # a blind count not given yet: expected figures are 0
    grand_total_before: int = 0
    grand_total: int = 0  # running total of net sales over every Z, never reset
    counts: int = 0  # a Z: how many counts were checked before it closed (at least 1)
    copy: bool = False  # a reprint of a stored Z: the slip says COPY / 副本 (never stored)


def tender_figures(facts: ShiftFacts) -> tuple[TenderFigures, ...]:
    """Expected per tender: what was taken less what was refunded; cash also holds the
    float and the moves. Cash first, then the rest by name, so slips are stable."""
    cash_in = sum(m.amount for m in facts.moves if m.kind == "in")
    cash_out = sum(m.amount for m in facts.moves if m.kind == "out")
    kinds = sorted(set(facts.tendered) | set(facts.refunded) | {CASH},
                   key=lambda k: (k != CASH, k))
    rows = []
    for kind in kinds:
        sales, refunds = facts.tendered.get(kind, 0), facts.refunded.get(kind, 0)
        is_cash = kind == CASH
        expected = sales - refunds + (facts.opening_float + cash_in - cash_out if is_cash else 0)
        rows.append(TenderFigures(kind, sales, refunds, cash_in if is_cash else 0,
                                  cash_out if is_cash else 0, expected))
    return tuple(rows)


def drawer_opens(facts: ShiftFacts) -> int:
    """How often the drawer opened: once per sale taking cash, per return refunding cash
    (its slip kicks the drawer), per no-sale, and per cash in or out (the screen kicks the
    drawer once a move is recorded). HQ's Z view calls the same rule on the events it
    holds, so a drawer opened behind the till's back shows on neither side, and a recorded
    one on both."""
    return (facts.cash_sales + facts.cash_refunds + facts.no_sales
            + sum(m.count for m in facts.moves))


def build_report(facts: ShiftFacts, *, kind: str, shift_id: str, store_code: str,
                 terminal_code: str, opened_by: str, opened_at: str, at: str,
                 count: Count | None = None, tolerance: int = DEFAULT_TOLERANCE,
                 z_no: int = 0, closed_by: str = "", grand_total_before: int = 0,
                 ) -> ShiftReport:
    """The report; with `count` each tender gets counted and difference, and the report
    says whether any tender is over or short by more than `tolerance`."""
    tenders = tender_figures(facts)
    counted_cash = over_short = None
    over = False
    if count is not None:
        tenders = tuple(
            replace(t, counted=count.counted(t.kind, t.expected),
                    difference=count.counted(t.kind, t.expected) - t.expected)
            for t in tenders)
        counted_cash = count.cash_total
        over_short = sum(t.difference or 0 for t in tenders)
        over = any(abs(t.difference or 0) > tolerance for t in tenders)
    net = facts.sales_total - facts.returns_total
    return ShiftReport(
        kind=kind, shift_id=shift_id, store_code=store_code, terminal_code=terminal_code,
        opened_by=opened_by, opened_at=opened_at, at=at, closed_by=closed_by, z_no=z_no,
        opening_float=facts.opening_float, sales_count=facts.sales_count,
        sales_total=facts.sales_total, returns_count=facts.returns_count,
        returns_total=facts.returns_total, net_total=net, tenders=tenders,
        cash_in=tenders[0].cash_in, cash_out=tenders[0].cash_out, moves=facts.moves,
        discounts=facts.discounts, discount_total=sum(d.amount for d in facts.discounts),
        sales_voided=facts.sales_voided, lines_voided=facts.lines_voided,
        parked_dropped=facts.parked_dropped, drawer_opens=drawer_opens(facts),
        no_sales=facts.no_sales, coupons_redeemed=facts.coupons_redeemed,
        gifts_handed=facts.gifts_handed,
        points_tendered=facts.tendered.get(POINTS, 0) - facts.refunded.get(POINTS, 0),
        queued_events=facts.queued_events, paired=facts.paired, audit_seq=facts.audit_seq,
        audit_hash=facts.audit_hash, expected_cash=tenders[0].expected,
        counted_cash=counted_cash, over_short=over_short, tolerance=tolerance,
        over_tolerance=over, cash_pieces=count.pieces() if count else (),
        grand_total_before=grand_total_before, grand_total=grand_total_before + net,
    )


def hide_expected(report: ShiftReport) -> ShiftReport:
    """A blind count's view before the count: how many sales and returns stay, but nothing
    the drawer's expected cash could be worked out from (20-L1; in a shop paid mostly in
    cash the sales total alone nearly tells it): the sales and returns totals, the net, the
    expected, taken and refunded per tender and the points tendered are 0, and
    `expected_hidden` tells the slip to leave them out."""
    return replace(
        report, expected_hidden=True, expected_cash=0, sales_total=0, returns_total=0,
        net_total=0, points_tendered=0,
        tenders=tuple(replace(t, expected=0, sales=0, refunds=0) for t in report.tenders),
    )
