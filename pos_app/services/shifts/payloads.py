"""The shift events as the contract has them (sync/contract/events_shifts.py), built from
the rows and the Z the service just wrote."""

from __future__ import annotations

from local_db.models import CashMove, Shift
from pos_app.domain.shifts import ShiftReport
from sync.contract.events_shifts import (
    CashMovedPayload,
    NoSalePayload,
    ShiftClosedPayload,
    ZFigures,
    ZTender,
)


def moved_payload(row: CashMove) -> CashMovedPayload:
    return CashMovedPayload(
        id=row.id, shift_id=row.shift_id, terminal_id=row.terminal_id, staff_id=row.staff_id,
        kind=row.kind, amount=row.amount, reason_code=row.reason_code, note=row.note,
        at=row.created_at)


def no_sale_payload(row: CashMove) -> NoSalePayload:
    return NoSalePayload(
        id=row.id, shift_id=row.shift_id, terminal_id=row.terminal_id, staff_id=row.staff_id,
        approved_by=row.approved_by or row.staff_id, at=row.created_at)


def z_figures(report: ShiftReport) -> ZFigures:
    return ZFigures(
        z_no=report.z_no, opening_float=report.opening_float,
        sales_count=report.sales_count, sales_total=report.sales_total,
        returns_count=report.returns_count, returns_total=report.returns_total,
        cash_in=report.cash_in, cash_out=report.cash_out,
        discount_total=report.discount_total, no_sales=report.no_sales,
        points_tendered=report.points_tendered, expected_cash=report.expected_cash,
        over_short=report.over_short or 0,
        tenders=[ZTender(kind=t.kind, sales=t.sales, refunds=t.refunds, expected=t.expected,
                         counted=t.counted if t.counted is not None else t.expected)
                 for t in report.tenders],
        grand_total=report.grand_total, queued_events=report.queued_events,
        audit_seq=report.audit_seq, audit_hash=report.audit_hash,
        counts=report.counts or None)


def closed_payload(shift: Shift, closed_by: str, report: ShiftReport) -> ShiftClosedPayload:
    assert shift.closed_at is not None
    return ShiftClosedPayload(
        shift_id=shift.id, terminal_id=shift.terminal_id, closed_by=closed_by,
        closed_at=shift.closed_at, counted_cash=report.counted_cash, z=z_figures(report))
