"""Re-attributing a sold line to another guide (Action.REATTRIBUTE_LINE, managers).

Why a new row and never an UPDATE of sale_line: the sale is a fact (what was rung up, on
the receipt and at HQ); who a line counts for is a later decision, kept with who made it,
when and why. The KPI queries credit each line to its latest row (queries.CREDITED).

A returned line may be re-attributed too, and the picker marks it (tester 9): its return
follows its sale to the new guide, so net sales do not change, but each guide's count of
sales, returns and refunded amount does; refusing it would leave a sale and its return on
the wrong guide for good. The mark ("returned") keeps a manager from taking it for a sale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from local_db.ids import new_id
from local_db.uow import read_session, write_session
from pos_app.errors import PosError
from pos_app.services import audit, outbox
from pos_app.services.context import StaffInfo, TerminalInfo
from pos_app.services.kpis.queries import CREDITED, stamp
from pos_app.services.kpis.targets import GUIDE_ROLES
from pos_app.services.returns import full_receipt_no
from sync.contract.events_kpis import LineReattributedPayload


@dataclass(frozen=True)
class SoldLine:
    sale_line_id: str
    sale_id: str
    receipt_no: str
    line_no: int
    name: str
    quantity: int
    net: int  # fen
    guide_id: str  # credited now ("" = no guide)
    sold_by_guide_id: str  # as rung up
    returned: int = 0  # units of it returned since

    @property
    def fully_returned(self) -> bool:
        return self.returned >= self.quantity > 0


_LINES = f"""
SELECT l.id, s.id, s.receipt_no, l.line_no, l.name, l.quantity, l.net, {CREDITED},
       COALESCE(l.guide_id, ''),
       (SELECT COALESCE(SUM(rl.quantity), 0) FROM return_line rl WHERE rl.sale_line_id = l.id)
FROM sale_line l JOIN sale s ON s.id = l.sale_id"""


def sold_lines(engine: Engine, terminal: TerminalInfo, receipt_or_sale: str) -> list[SoldLine]:
    """By the receipt number as typed at returns ("101" = this till's S01-T01-000101), the
    full number, or the sale's id."""
    key = receipt_or_sale.strip()
    with read_session(engine) as session:
        rows = session.connection().exec_driver_sql(
            _LINES + " WHERE s.receipt_no IN (?, ?) OR s.id = ? ORDER BY l.line_no",
            (key, full_receipt_no(key, terminal), key))
        return [SoldLine(*r) for r in rows]


def reattribute(engine: Engine, terminal: TerminalInfo, asked_by: StaffInfo,
                manager: StaffInfo, sale_line_id: str, guide_id: str, reason: str,
                now: datetime) -> str:
    reason = reason.strip()[:200]  # the wire's Text bound
    if not reason:
        raise PosError("kpi_reason_required")
    guide_id = guide_id or ""
    with write_session(engine) as session:
        conn = session.connection()
        line = conn.exec_driver_sql(
            _LINES + " WHERE l.id = ?", (sale_line_id,)).first()
        if line is None:
            raise PosError("kpi_line_not_found")
        current = line[7] or ""
        if guide_id:
            who = conn.exec_driver_sql(
                "SELECT name, role FROM staff WHERE id = ? AND store_id = ?",
                (guide_id, terminal.store_id)).first()
            if who is None or who[1] not in GUIDE_ROLES:
                raise PosError("kpi_not_a_guide", name=who[0] if who else guide_id)
        if guide_id == current:
            raise PosError("kpi_same_guide")
        row_id = new_id()
        conn.exec_driver_sql(
            "INSERT INTO line_attribution (id, sale_line_id, sale_id, guide_id, from_guide_id,"
            " by, asked_by, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row_id, sale_line_id, line[1], guide_id, current, manager.id, asked_by.id,
             stamp(now), reason))
        audit.append(session, "kpi_reattribute", manager.id, sale_line_id, sale_id=line[1],
                     guide=guide_id, before=current, asked_by=asked_by.id, reason=reason)
        outbox.enqueue(session, row_id, LineReattributedPayload(
            attribution_id=row_id, store_id=terminal.store_id,
            terminal_id=terminal.terminal_id, sale_id=line[1], sale_line_id=sale_line_id,
            guide_id=guide_id, from_guide_id=current, by=manager.id, asked_by=asked_by.id,
            at=now, reason=reason))
    return row_id
