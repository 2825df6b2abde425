"""The till's KPI use cases (issue 19): the manager's store report, a guide's own figures,
monthly targets, re-attributing a sold line, exports.

Who sees what is the permissions table's word (SEE_STORE_KPIS, SEE_OWN_KPIS,
SET_GUIDE_TARGETS, REATTRIBUTE_LINE), asked here in the service so no screen can show a
guide another guide's figures by forgetting a check.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy import Engine

from local_db.ids import utcnow
from local_db.uow import read_session
from pos_app.domain.kpis import STORE_TZ, GuideKpis, Period, StoreKpis, compute
from pos_app.domain.permissions import Action
from pos_app.errors import PosError
from pos_app.services import approvals
from pos_app.services.approvals import Approval
from pos_app.services.context import StaffInfo, TerminalInfo
from pos_app.services.kpis import attribution, export, targets
from pos_app.services.kpis.attribution import SoldLine
from pos_app.services.kpis.queries import load_facts
from pos_app.services.kpis.whole_store import ClientFactory, StoreView, ask_hq


class KpiService:
    def __init__(self, engine: Engine, terminal: TerminalInfo, tz: tzinfo = STORE_TZ,
                 clock: Callable[[], datetime] = utcnow,
                 client_factory: ClientFactory | None = None) -> None:
        self._engine = engine
        self._client_factory = client_factory
        self._terminal = terminal
        self._tz = tz
        self._clock = clock

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def today(self) -> Period:
        """Today in the store's calendar (the screens' default period is built from it)."""
        return Period.day(self._clock().astimezone(self._tz).date())

    # --- reading ------------------------------------------------------------------------
    def store(self, period: Period, staff: StaffInfo | None) -> StoreKpis:
        """Every guide's figures and the store's totals: managers only."""
        approvals.check(staff, Action.SEE_STORE_KPIS)
        return self._compute(period)

    def whole_store(self, period: Period, staff: StaffInfo | None) -> StoreView:
        """The manager's dashboard (19-C): every till's figures from HQ when paired and HQ
        answers, else this till's own, saying so (StoreView.source). Managers only; slow
        when HQ is (seconds): call it off the GUI thread."""
        approvals.check(staff, Action.SEE_STORE_KPIS)
        return ask_hq(self._engine, period, lambda: self._compute(period),
                      self._client_factory)

    def mine(self, period: Period, staff: StaffInfo | None) -> GuideKpis:
        """The signed-in guide's (or manager's) own figures, against their target."""
        me = approvals.check(staff, Action.SEE_OWN_KPIS)
        return self._row(self._compute(period), me.id, me.name)

    def guide(self, period: Period, staff: StaffInfo | None, guide_id: str) -> GuideKpis:
        """One guide's figures: a manager sees anyone's, a guide only their own."""
        if staff is not None and staff.id == guide_id:
            return self.mine(period, staff)
        if not approvals.may(staff, Action.SEE_STORE_KPIS):
            raise PosError("kpi_not_your_figures")
        return self._row(self._compute(period), guide_id, "")

    def _compute(self, period: Period) -> StoreKpis:
        with read_session(self._engine) as session:
            conn = session.connection()
            facts = load_facts(conn, self._terminal.store_id, period, self._tz)
            names, guides = targets.staff_names(conn)
            goals = targets.load(conn, period.month_key) if period.kind == "month" else {}
        return compute(period, facts, self._terminal.store_id, names, goals, guides)

    @staticmethod
    def _row(kpis: StoreKpis, guide_id: str, name: str) -> GuideKpis:
        return kpis.guide(guide_id) or GuideKpis(guide_id, name)

    # --- targets ------------------------------------------------------------------------
    def set_target(self, staff: StaffInfo | None, guide_id: str, month: str, fen: int) -> None:
        """A guide's net sales target for 'YYYY-MM' (managers); audited, sent to HQ."""
        me = approvals.check(staff, Action.SET_GUIDE_TARGETS)
        targets.save(self._engine, self._terminal, me, guide_id, month, fen, self._clock())

    def targets(self, month: str) -> dict[str, int]:
        """guide id → target fen for 'YYYY-MM' (what the guide's screen compares with)."""
        with read_session(self._engine) as session:
            return targets.load(session.connection(), month)

    # --- re-attribution -----------------------------------------------------------------
    def sold_lines(self, receipt_or_sale: str) -> list[SoldLine]:
        """A sale's lines with the guide each is credited to now and the units returned (the
        picker's rows); the short receipt number works as at returns."""
        return attribution.sold_lines(self._engine, self._terminal, receipt_or_sale)

    def reattribute(self, staff: StaffInfo | None, sale_line_id: str, guide_id: str,
                    reason: str, approved_by: Approval | None = None) -> str:
        """Credit a sold line to `guide_id` ("" = no guide) from now on: a new
        line_attribution row, audited and queued to HQ in one transaction. Returns its id."""
        decided = approvals.decide(staff, Action.REATTRIBUTE_LINE, approved_by, sale_line_id)
        if not isinstance(decided, StaffInfo):  # the table asks a manager's approval
            raise decided.reason
        assert staff is not None
        return attribution.reattribute(self._engine, self._terminal, staff, decided,
                                       sale_line_id, guide_id, reason, self._clock())

    # --- exports ------------------------------------------------------------------------
    @staticmethod
    def export_csv(kpis: StoreKpis, path: Path | str) -> Path:
        """CSV, UTF-8 with BOM (Excel in China opens it right); same bytes for same data."""
        return export.write_csv(kpis, Path(path))

    @staticmethod
    def export_xlsx(kpis: StoreKpis, path: Path | str) -> Path:
        """XLSX with the table and native chart sheets; same bytes for same data."""
        return export.write_xlsx(kpis, Path(path))
