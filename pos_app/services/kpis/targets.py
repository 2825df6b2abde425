"""Monthly net sales targets per guide (guide_target), and the staff names a report shows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from local_db.uow import write_session
from pos_app.domain.kpis import parse_month
from pos_app.errors import PosError
from pos_app.services import audit, outbox
from pos_app.services.context import StaffInfo, TerminalInfo
from pos_app.services.kpis.queries import stamp
from sync.contract.events_kpis import GuideTargetSetPayload
from sync.contract.fields import MAX_FEN

GUIDE_ROLES = ("guide", "manager")


def staff_names(conn: Connection) -> tuple[dict[str, str], list[str]]:
    """Every staff member's name by id, and the active guides (shown even with no sales)."""
    names: dict[str, str] = {}
    guides: list[str] = []
    for sid, name, role, active in conn.exec_driver_sql(
            "SELECT id, name, role, active FROM staff"):
        names[sid] = name
        if active and role == "guide":
            guides.append(sid)
    return names, guides


def load(conn: Connection, month: str) -> dict[str, int]:
    parse_month(month)
    rows = conn.exec_driver_sql(
        "SELECT guide_id, net_sales_target FROM guide_target WHERE month = ?", (month,))
    return {g: int(t) for g, t in rows}


def save(engine: Engine, terminal: TerminalInfo, manager: StaffInfo, guide_id: str,
         month: str, fen: int, now: datetime) -> None:
    year, mon = parse_month(month)
    month = f"{year:04d}-{mon:02d}"
    if isinstance(fen, bool) or not isinstance(fen, int) or not 0 <= fen <= MAX_FEN:
        raise PosError("kpi_bad_target")
    with write_session(engine) as session:
        conn = session.connection()
        row = conn.exec_driver_sql(
            "SELECT name, role FROM staff WHERE id = ? AND store_id = ?",
            (guide_id, terminal.store_id)).first()
        if row is None or row[1] not in GUIDE_ROLES:
            raise PosError("kpi_not_a_guide", name=row[0] if row else guide_id)
        before = conn.exec_driver_sql(
            "SELECT net_sales_target FROM guide_target WHERE guide_id = ? AND month = ?",
            (guide_id, month)).scalar()
        conn.exec_driver_sql(
            "INSERT INTO guide_target (guide_id, month, net_sales_target, set_by, set_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (guide_id, month) DO UPDATE SET"
            " net_sales_target = excluded.net_sales_target, set_by = excluded.set_by,"
            " set_at = excluded.set_at",
            (guide_id, month, fen, manager.id, stamp(now)))
        audit.append(session, "kpi_target", manager.id, guide_id, month=month, target=fen,
                     before=before)
        outbox.enqueue(session, guide_id, GuideTargetSetPayload(
            store_id=terminal.store_id, guide_id=guide_id, month=month, net_sales_target=fen,
            set_by=manager.id, set_at=now))

