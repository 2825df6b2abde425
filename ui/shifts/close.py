"""Closing the shift (日结): count the drawer, see over/short against the tolerance, confirm
what needs a manager (events still queued for HQ, a count over the tolerance), close, print
the Z; the tool then signs out.

Parked sales (挂单) are not closed with the shift: they stay on this till for the next one
(a customer may come back), so the close says how many are parked, while there is still
time to resume or drop them (Shift+F5), and asks before it closes over them (No by default).

Blind count (a terminal setting): the expected figures stay hidden until the count is
entered and checked (Check count, or the first Close), so the count is not steered by them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.money import format_money
from pos_app.domain.shifts import ShiftReport
from pos_app.errors import PosError
from pos_app.i18n import N_, _, ngettext
from pos_app.services.approvals import Approval, NeedsApproval
from pos_app.services.shifts import ClosedShift
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors
from ui.shifts.approval import ask_manager_once
from ui.shifts.count import BIG, CashCountWidget, tender_name
from ui.shifts.printing import print_report, slip_name
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar
from ui.widgets.print_failure import PrinterMark
from ui.widgets.question import ask_yes_no

HIDDEN = "••••"
WARNING = "background: #fff4d6; color: #6b4200; padding: 8px; border-radius: 4px;"
_COLUMNS = (N_("Tender"), N_("Expected"), N_("Counted"), N_("Over/short"))


class ZCloseDialog(QDialog):
    """`closed_shift` holds the stored Z once the close went through (accepted once printed)."""

    def __init__(self, till: Till, parent: QWidget | None = None,
                 mark: PrinterMark | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self._mark = mark  # the status bar's: a Z that did not print stays named there
        self.closed_shift: ClosedShift | None = None
        self.blind = till.shifts.policy.blind_count
        self.x: ShiftReport = till.shifts.x_report()  # expected 0 under a blind count
        self.checked: ShiftReport | None = None  # preview_close of the count, once checked
        self.empty_confirmed = False  # "Nothing counted: is the drawer empty?" answered Yes
        self.parked_confirmed = False  # "N sales are still parked: close anyway?" answered Yes
        self.setWindowTitle(_("Close shift"))
        self.message = MessageBar()
        kinds = [t.kind for t in self.x.tenders if t.kind != "cash"]
        self.count_widget = CashCountWidget(kinds)
        self.figures = QTableWidget(len(self.x.tenders), len(_COLUMNS))
        self.figures.setObjectName("zFigures")
        self.figures.setHorizontalHeaderLabels([_(c) for c in _COLUMNS])
        self.figures.verticalHeader().hide()
        self.figures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.figures.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.figures.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.total = QLabel()
        self.total.setObjectName("overShort")
        self.total.setStyleSheet(BIG)
        self.tolerance = QLabel()
        self.tolerance.setWordWrap(True)
        self.queue = QLabel()
        self.queue.setObjectName("queueWarning")
        self.queue.setWordWrap(True)
        self.queue.setStyleSheet(WARNING)
        self.parked_count = len(till.held.parked())
        self.parked = QLabel()
        self.parked.setObjectName("parkedWarning")
        self.parked.setWordWrap(True)
        self.parked.setStyleSheet(WARNING)
        self.check_button = QPushButton()
        self.check_button.setVisible(self.blind)
        self.close_button = QPushButton()
        self.close_button.setObjectName("primary")
        self.cancel_button = QPushButton(with_hotkey(_("Cancel"), "Esc"))
        self._layout()
        self.count_widget.changed.connect(self.refresh)
        self.count_widget.finished.connect(self.close_shift)
        self.check_button.clicked.connect(self.check_count)
        self.close_button.clicked.connect(self.close_shift)
        self.cancel_button.clicked.connect(self.reject)
        enter_goes_to_fields(self, primary=self.close_button)
        self._show_queue()
        self._show_parked()
        self.refresh()
        self._label_keys()
        self.count_widget.first_field.setFocus()

    def _label_keys(self) -> None:
        """Enter checks a blind count until it is checked (close_shift does), then closes:
        the key shows on the button it presses now, as on every other button."""
        checks = not self.expected_known
        self.check_button.setText(with_hotkey(_("Check count"), "Enter" if checks else None))
        self.close_button.setText(with_hotkey(_("Close shift and print Z"),
                                              None if checks else "Enter"))

    def _layout(self) -> None:
        header = self.figures.horizontalHeader().sizeHint().height()
        self.figures.setMaximumHeight(header + 44 * self.figures.rowCount() + 4)
        self.figures.verticalHeader().setDefaultSectionSize(44)
        right = QVBoxLayout()
        right.addWidget(self.figures)
        right.addWidget(self.total)
        right.addWidget(self.tolerance)
        right.addWidget(self.queue)
        right.addWidget(self.parked)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.count_widget)
        body.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.close_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.resize(1000, 640)

    def _show_queue(self) -> None:
        queued = self.x.queued_events
        self.queue.setVisible(queued > 0)
        if not self.x.paired:  # a stand-alone till: kept, never stuck; no manager needed
            self.queue.setStyleSheet("")
            self.queue.setText(ngettext(
                "{n} event is kept on this till (not paired with HQ).",
                "{n} events are kept on this till (not paired with HQ).",
                queued).format(n=queued))
            return
        self.queue.setText(ngettext(
            "{n} event is still waiting for HQ. It stays queued and is sent when the till is "
            "online; closing with it needs a manager's confirmation.",
            "{n} events are still waiting for HQ. They stay queued and are sent when the "
            "till is online; closing with them needs a manager's confirmation.",
            queued).format(n=queued))

    def _show_parked(self) -> None:
        n = self.parked_count
        self.parked.setVisible(n > 0)
        self.parked.setText(ngettext(
            "{n} sale is parked on this till. Cancel and resume or drop it (Shift+F5) first, "
            "or it stays parked for the next shift.",
            "{n} sales are parked on this till. Cancel and resume or drop them (Shift+F5) "
            "first, or they stay parked for the next shift.", n).format(n=n))

    def _parked_confirmed(self) -> bool:
        """Closing over parked sales is a choice, not an accident (No is the default)."""
        if not self.parked_count or self.parked_confirmed:
            return True
        n = self.parked_count
        self.parked_confirmed = ask_yes_no(
            self, _("Close shift"), ngettext(
                "{n} sale is still parked. Close the shift anyway and keep it parked for "
                "the next shift?",
                "{n} sales are still parked. Close the shift anyway and keep them parked "
                "for the next shift?", n).format(n=n))
        if not self.parked_confirmed:
            self.message.info(_("The shift stays open: Cancel, then Shift+F5 lists the parked "
                                "sales."))
        return self.parked_confirmed

    @property
    def expected_known(self) -> bool:
        return not self.blind or self.checked is not None

    def _expected(self) -> dict[str, int]:
        source = self.checked or self.x
        return {t.kind: t.expected for t in source.tenders}

    def refresh(self) -> None:
        """Counted and over/short per tender, live as the count is typed."""
        try:
            count = self.count_widget.count()
        except PosError as exc:
            self.message.error(exc.message())
            return
        self.message.clear_message()
        expected = self._expected()
        total = 0
        worst = 0
        for row, t in enumerate(self.x.tenders):
            counted = count.counted(t.kind, expected[t.kind])
            diff = counted - expected[t.kind]
            total += diff
            worst = max(worst, abs(diff))
            known = self.expected_known
            # a blind count's card row left empty is taken as expected, not as ¥0.00 (its
            # field says "as expected" too); its figure shows once the count is checked
            as_expected = not known and t.kind != "cash" and t.kind not in count.others
            cells = (tender_name(t.kind), format_money(expected[t.kind]) if known else HIDDEN,
                     _("as expected") if as_expected else format_money(counted),
                     _signed(diff) if known else HIDDEN)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if column == 3 and known and abs(diff) > self.x.tolerance:
                    item.setForeground(Qt.GlobalColor.red)
                self.figures.setItem(row, column, item)
        tolerance = format_money(self.x.tolerance)
        if not self.expected_known:
            self.total.setText(_("Over/short: shown once the count is checked"))
            self.tolerance.setText(_("Blind count: enter the whole count, then Check count."))
            return
        self.total.setText(_("Over/short: {amount}").format(amount=_signed(total)))
        if worst > self.x.tolerance:
            self.tolerance.setText(_("Over the tolerance of {tolerance} per tender: a manager "
                                     "must approve this close.").format(tolerance=tolerance))
        else:
            self.tolerance.setText(_("Within the tolerance of {tolerance} per tender.")
                                   .format(tolerance=tolerance))

    def check_count(self) -> bool:
        """Reveal expected and over/short for the count typed (blind count). An empty count
        is not checked (it would show the expected cash as the shortfall), and once checked
        the count is frozen: typing the revealed expected amount over it is no recount."""
        if self.count_widget.is_empty() and not self.empty_confirmed:
            self.message.error(_("Enter the count first: the pieces of each note and coin "
                                 "(0 where there are none)."))
            self.count_widget.first_field.setFocus()
            return False
        with shown_errors(self.message.error) as failed:
            # audited: a count checked, cancelled and made again shows on the Z (counts)
            self.checked = self._till.shifts.check_count(self.count_widget.count())
        if failed:
            return False
        self.count_widget.lock()
        self.check_button.setEnabled(False)
        self.refresh()
        self._label_keys()
        self.close_button.setFocus()
        return True

    def _empty_drawer_confirmed(self) -> bool:
        """Nothing typed is not silently ¥0: the cashier says the drawer is empty (No is
        the default, so Enter through every field does not close at ¥0)."""
        if self.empty_confirmed or not self.count_widget.is_empty():
            return True
        self.empty_confirmed = ask_yes_no(
            self, _("Close shift"), _("Nothing counted. Is the drawer empty?"))
        if not self.empty_confirmed:
            self.message.info(_("Enter the count: the pieces of each note and coin."))
            self.count_widget.first_field.setFocus()
        return self.empty_confirmed

    def close_shift(self) -> None:
        if self.closed_shift is not None:
            self.accept()
            return
        if not self._empty_drawer_confirmed():
            return
        if not self.expected_known:
            if self.check_count():
                self.message.info(_("Check the over/short, then close again."))
            return
        if not self._parked_confirmed():
            return
        approvals: list[Approval] = []
        with shown_errors(self.message.error) as failed:
            count = self.count_widget.count()
            outcome = self._till.shifts.close(count)
            while isinstance(outcome, NeedsApproval):
                # one prompt naming every reason (the queue and the tolerance), 20-L1
                asks = self._till.shifts.close_needs(count) or [outcome]
                given = ask_manager_once(self._till, asks, self)
                if given is None:
                    self.message.info(_("The shift stays open."))
                    return
                approvals += given
                outcome = self._till.shifts.close(count, approvals)
        if failed:
            return
        self._closed(outcome)

    def _closed(self, closed: ClosedShift) -> None:
        self.closed_shift = closed
        self.count_widget.lock()
        for button in (self.check_button, self.cancel_button):
            button.setEnabled(False)
        self.close_button.setText(_("Done"))
        self.close_button.setEnabled(False)
        self.setWindowTitle(_("Shift closed: {z}").format(z=slip_name(closed.report)))
        print_report(self._till, closed.report, self.message.info, self.message.error, self,
                     then=self._printed, mark=self._mark)

    def _printed(self, printed: bool) -> None:
        if printed:
            self.accept()
            return
        self.close_button.setEnabled(True)  # the error stays readable; Z reprint later
        self.close_button.setFocus()


def _signed(fen: int) -> str:
    return ("+" if fen > 0 else "") + format_money(fen)
