"""The manager's KPI dashboard (Action.SEE_STORE_KPIS, issue 19): a period, a guide filter,
the store's totals, the ranking of guides and the charts, exports, targets and
re-attribution.

Every report is computed off the GUI thread (ui/tasks.run_task); a bar moves when it takes
longer than a blink, and an answer for a period no longer asked for is dropped. The service
checks who may see it: this screen is only the manager's view of what it returns.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.kpis import StoreKpis
from pos_app.domain.permissions import Action, refusal
from pos_app.i18n import _
from pos_app.services.kpis import KpiService
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors, user_message
from ui.kpis.charts_panel import ChartsPanel
from ui.kpis.export import export_report
from ui.kpis.figures_text import guide_name, money, percent, two_places
from ui.kpis.period_picker import PeriodPicker
from ui.kpis.ranking import RankingTable
from ui.kpis.reattribute_dialog import ReattributeDialog
from ui.kpis.source_note import source_note
from ui.kpis.targets_dialog import TargetsDialog
from ui.screen_fit import fit_to_screen
from ui.tasks import alive, run_task
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar

ALL = "*all*"  # the guide filter's "every guide" (NO_GUIDE is "", a guide of its own)
BUSY_AFTER_MS = 250


def only(report: StoreKpis, guide_id: str) -> StoreKpis:
    """The report as the filter shows it: one guide's row (or all), the store's totals."""
    if guide_id == ALL:
        return report
    return StoreKpis(report.period, report.store_id,
                     [g for g in report.guides if g.guide_id == guide_id], report.total,
                     report.daily)


class KpiDashboard(QDialog):
    def __init__(self, kpis: KpiService, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kpis = kpis
        self._till = till
        self._asked = 0  # the number of the latest report asked for
        self.report: StoreKpis | None = None
        self.setObjectName("kpiDashboard")
        self.setWindowTitle(_("Guide KPIs"))
        self.resize(1320, 720)
        self.period = PeriodPicker(lambda: kpis.today().start)
        self.period.changed.connect(self.load)
        self.guide = QComboBox()
        self.guide.setObjectName("guideFilter")
        self.guide.addItem(_("All guides"), ALL)
        self.guide.setMinimumWidth(220)
        self.guide.currentIndexChanged.connect(self._show)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no percentage to tell: it moves while the sums run
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(self.busy.show)
        self.refresh = QPushButton(with_hotkey(_("Refresh"), "F5"))
        self.refresh.clicked.connect(self.load)
        top = QHBoxLayout()
        top.addWidget(self.period)
        top.addSpacing(16)
        top.addWidget(QLabel(_("Guide")))
        top.addWidget(self.guide)
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.refresh)
        self.summary = QLabel()
        self.summary.setObjectName("kpiSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-size: 20px; font-weight: bold; color: #1f3a7a;")
        self.source = QLabel()  # whole store from HQ, or this till only (19-C)
        self.source.setObjectName("kpiSource")
        self.ranking = RankingTable()
        self.charts = ChartsPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.ranking, _("Ranking"))
        self.tabs.addTab(self.charts, _("Charts"))
        self.message = MessageBar()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.source)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(self._buttons())
        enter_goes_to_fields(self, primary=self.refresh)
        self.period.choice.setFocus()  # Up/Down change the period at once

    def _buttons(self) -> QHBoxLayout:
        """The manager's actions, each with a key shown on its button."""
        self.export_csv = self._button(_("Export CSV"), "Ctrl+S", lambda: self.export("csv"))
        self.export_xlsx = self._button(_("Export XLSX"), "Ctrl+Shift+S",
                                        lambda: self.export("xlsx"))
        self.targets = self._button(_("Targets…"), "Ctrl+T", self.edit_targets)
        self.reattribute = self._button(_("Re-attribute a line…"), "Ctrl+R",
                                        self.reattribute_line)
        close = QPushButton(with_hotkey(_("Close"), "Esc"))
        close.clicked.connect(self.accept)
        self.export_csv.setEnabled(False)  # until a report is shown
        self.export_xlsx.setEnabled(False)
        row = QHBoxLayout()
        for button in (self.export_csv, self.export_xlsx, self.targets, self.reattribute):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        return row

    def _button(self, label: str, key: str, slot) -> QPushButton:
        button = QPushButton(with_hotkey(label, key))
        button.clicked.connect(slot)
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.activated.connect(lambda: button.isEnabled() and button.click())
        return button

    # --- the report ---------------------------------------------------------------------
    def load(self) -> None:
        """Ask for the chosen period's report (off the GUI thread)."""
        with shown_errors(self.message.error) as failed:
            period = self.period.period()
        if failed:
            return
        self._asked += 1
        asked, staff = self._asked, self._till.staff
        self._busy_timer.start(BUSY_AFTER_MS)
        run_task(lambda: self._kpis.whole_store(period, staff),
                 lambda view: self._loaded(asked, view.kpis, source_note(view)),
                 lambda exc: self._failed(asked, exc))

    @property
    def loading(self) -> bool:
        return self._busy_timer.isActive() or self.busy.isVisible()

    def _done(self, asked: int) -> bool:
        if not alive(self) or asked != self._asked:
            return False  # closed, or a later period was asked for meanwhile
        self._busy_timer.stop()
        self.busy.hide()
        return True

    def _loaded(self, asked: int, report: StoreKpis, note: tuple[str, str] = ("", "")) -> None:
        if not self._done(asked):
            return
        self.report = report
        self.source.setText(note[0])
        self.source.setStyleSheet(note[1])
        self.setWindowTitle(_("Guide KPIs") + f" · {report.period.label}")
        if self.message.kind == "error":
            self.message.clear_message()  # the error was about an earlier ask
        self._fill_guides(report)
        self._show()
        self.export_csv.setEnabled(True)
        self.export_xlsx.setEnabled(True)

    def _failed(self, asked: int, exc: Exception) -> None:
        if self._done(asked):
            self.message.error(user_message(exc))

    def _fill_guides(self, report: StoreKpis) -> None:
        """The filter offers the guides of this report; the one chosen stays chosen."""
        chosen = self.guide.currentData()
        self.guide.blockSignals(True)
        self.guide.clear()
        self.guide.addItem(_("All guides"), ALL)
        for row in sorted(report.guides, key=lambda g: (g.is_no_guide, guide_name(g))):
            self.guide.addItem(guide_name(row), row.guide_id)
        self.guide.setCurrentIndex(max(0, self.guide.findData(chosen)))
        self.guide.blockSignals(False)

    def shown(self) -> StoreKpis | None:
        """The report as shown now (the guide filter applied): what the exports write."""
        return None if self.report is None else only(self.report, self.guide.currentData())

    def _show(self) -> None:
        report = self.shown()
        if report is None:
            return
        self.ranking.fill(report.guides)
        self.charts.show_report(report, report.guides, self._kpis.today().start)
        t = report.total  # the store's row (guide_id STORE): each sale counted once
        self.summary.setText(_(
            "{period} · store: net sales {net} · {sales} sales · ATV {atv} · UPT {upt} · "
            "members {share} · returns {returns}").format(
                period=report.period.label, net=money(t.net_sales), sales=t.sales,
                atv=money(t.atv), upt=two_places(t.upt), share=percent(t.member_share),
                returns=money(t.returns_amount)))

    # --- what a manager does from here --------------------------------------------------
    def export(self, kind: str) -> None:
        report = self.shown()
        if report is not None:
            export_report(self, self._kpis, report, kind, self.message,
                          self._till.terminal.store_code)

    def edit_targets(self) -> None:
        dialog = TargetsDialog(self._kpis, self._till, self)
        dialog.exec()
        dialog.deleteLater()
        self.activateWindow()  # the keys come back here (no window manager gives them)
        self.load()

    def reattribute_line(self) -> None:
        dialog = ReattributeDialog(self._kpis, self._till, self)
        changed = dialog.exec() == QDialog.DialogCode.Accepted
        credited = dialog.guide.currentText()
        dialog.deleteLater()
        self.activateWindow()
        if changed:
            self.message.info(_("The line now counts for {guide}.").format(guide=credited))
            self.load()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_F5:
            self.load()
            return
        super().keyPressEvent(event)


def open_dashboard(kpis: KpiService, till: Till, parent: QWidget) -> None:
    """Open the dashboard on today's figures; refused at once to anyone but a manager (the
    service refuses them too, whatever a screen asks)."""
    if not till.may(Action.SEE_STORE_KPIS):
        raise refusal(Action.SEE_STORE_KPIS)
    dialog = KpiDashboard(kpis, till, parent)
    fit_to_screen(dialog)  # the whole screen: every column and chart at arm's length
    dialog.load()
    dialog.exec()
    dialog.deleteLater()
