"""The guide's own screen (Action.SEE_OWN_KPIS; clienteling, the seeds' 链客): my figures for
the period against my monthly target, and my customers, each one key from their profile
(Enter) and from joining the sale in progress (F11, as on the sale screen).

Only the signed-in person's own figures and customers are asked for: the services take the
signed-in staff and nothing else, so this screen cannot show another guide's. It works
offline: everything is read from the till's own database, off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.kpis import GuideKpis, Period, bp
from pos_app.domain.permissions import Action, refusal
from pos_app.i18n import N_, _
from pos_app.services.clienteling import CustomerList
from pos_app.services.members import MemberInfo
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.dialogs.member_profile import MemberProfileDialog
from ui.errors import shown_errors, user_message
from ui.kpis.customers_table import CustomersPanel
from ui.kpis.figures_text import money, percent, two_places
from ui.kpis.period_picker import PeriodPicker
from ui.screen_fit import fit_to_screen
from ui.tasks import alive, run_task
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.message_bar import MessageBar

FIGURES = [  # (object name, label msgid, text of my row)
    ("myNet", N_("Net sales"), lambda g: money(g.net_sales)),
    ("mySales", N_("Number of sales"), lambda g: str(g.sales)),
    ("myAtv", N_("ATV"), lambda g: money(g.atv)),
    ("myUpt", N_("UPT"), lambda g: two_places(g.upt)),
    ("myMembers", N_("New members"), lambda g: str(g.new_members)),
    ("myShare", N_("Member share"), lambda g: percent(g.member_share)),
    ("myReturns", N_("Returned"), lambda g: money(g.returns_amount)),
]


class MyKpisDialog(QDialog):
    def __init__(self, till: Till, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self.attached: MemberInfo | None = None
        self.setObjectName("myKpis")
        self.setWindowTitle(_("My figures and customers"))
        self.resize(1280, 700)
        kpis = till.kpis
        self.period = PeriodPicker(lambda: kpis.today().start,
                                   ("today", "week", "month", "last_month"))
        self.period.changed.connect(self.load_figures)
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        for i, (name, label, _text) in enumerate(FIGURES):
            caption = QLabel(_(label))
            value = QLabel("–")
            value.setObjectName(name)
            value.setStyleSheet("font-size: 26px; font-weight: bold; color: #1f3a7a;")
            grid.addWidget(caption, 0, i)
            grid.addWidget(value, 1, i)
            self.values[name] = value
        self.target_text = QLabel()
        self.target_text.setObjectName("myTarget")
        self.target_text.setStyleSheet("font-size: 18px;")
        self.target_bar = QProgressBar()
        self.target_bar.setRange(0, 100)
        self.target_bar.setTextVisible(True)
        self.customers = CustomersPanel()
        self.customers.asked.connect(self.load_customers)
        self.customers.table.doubleClicked.connect(lambda _i: self.open_profile())
        self.message = MessageBar()
        profile = QPushButton(with_hotkey(_("Profile"), "Enter"))
        profile.clicked.connect(self.open_profile)
        attach = QPushButton(with_hotkey(_("Attach to the sale"), "F11"))
        attach.setObjectName("attachCustomer")
        attach.clicked.connect(self.attach_to_sale)
        close = QPushButton(with_hotkey(_("Close"), "Esc"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(profile)
        buttons.addWidget(attach)
        buttons.addStretch(1)
        buttons.addWidget(close)
        target = QHBoxLayout()
        target.addWidget(self.target_text)
        target.addWidget(self.target_bar, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.period, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(grid)
        layout.addLayout(target)
        layout.addWidget(self.customers, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        enter_goes_to_fields(self, primary=self._enter)
        for i in range(self.customers.tabs.count()):  # Ctrl+1…4: the lists by key
            key = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            key.activated.connect(lambda i=i: self.customers.tabs.setCurrentIndex(i))
        self.customers.table.setFocus()  # Enter: the profile, F11: to the sale

    def load(self) -> None:
        self.load_figures()
        self.load_counts()
        self.customers.ask()

    # --- my figures ---------------------------------------------------------------------
    def load_figures(self) -> None:
        with shown_errors(self.message.error) as failed:
            period = self.period.period()
        if failed:
            return
        till, staff = self._till, self._till.staff
        month = Period.month(period.start)

        def figures() -> tuple[GuideKpis, GuideKpis, str]:
            return till.kpis.mine(period, staff), till.kpis.mine(month, staff), month.month_key

        run_task(figures, self._show_figures, self._failed)

    def _show_figures(self, got: tuple[GuideKpis, GuideKpis, str]) -> None:
        if not alive(self):
            return
        mine, month, month_key = got
        for name, _label, text in FIGURES:
            self.values[name].setText(text(mine))
        if month.target:
            self.target_text.setText(_("{month}: {net} of my target {target}").format(
                month=month_key,
                net=money(month.net_sales), target=money(month.target)))
            points = bp(month.target_progress) or 0
            self.target_bar.setValue(max(0, min(100, points // 100)))
            self.target_bar.setFormat(percent(month.target_progress))
            self.target_bar.show()
        else:
            self.target_text.setText(_("{month}: no target set yet.").format(month=month_key))
            self.target_bar.hide()

    def _failed(self, exc: Exception) -> None:
        if alive(self):
            self.message.error(user_message(exc))

    # --- my customers -------------------------------------------------------------------
    def load_counts(self) -> None:
        till, staff, tag = self._till, self._till.staff, self.customers.tag.text().strip()
        run_task(lambda: till.clienteling.counts(staff, tag=tag),
                 lambda counts: alive(self) and self.customers.show_counts(counts),
                 self._failed)

    def load_customers(self, which: CustomerList, offset: int, tag: str) -> None:
        till, staff = self._till, self._till.staff
        if offset == 0:
            self.load_counts()
        run_task(lambda: till.clienteling.customers(staff, which, offset, tag=tag),
                 lambda page: alive(self) and self.customers.show_page(page), self._failed)

    def _enter(self) -> None:
        """Enter opens the customer's profile, except in the period picker (its combo or its
        popup list, or a date): there Enter only settles the period (tester 11)."""
        widget = QApplication.focusWidget()
        while widget is not None:  # parentWidget() crosses into the combo's popup too
            if widget is self.period:
                return
            widget = widget.parentWidget()
        self.open_profile()

    def open_profile(self) -> None:
        customer = self.customers.current()
        if customer is not None:
            MemberProfileDialog.open_for(self._till, customer.member_id, self,
                                         self.message.error)
            self.activateWindow()

    def attach_to_sale(self) -> None:
        """The customer joins the sale in progress; the screen closes on the sale."""
        customer = self.customers.current()
        if customer is None:
            return
        with shown_errors(self.message.error) as failed:
            members = self._till.members
            self.attached = members.attach(members.find(f"SFM:{customer.member_id}"))
        if not failed:
            self.accept()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_F11:
            self.attach_to_sale()
            return
        super().keyPressEvent(event)


def open_my_screen(till: Till, parent: QWidget) -> MemberInfo | None:
    """Open my screen; the member attached to the sale from it, if any."""
    if not till.may(Action.SEE_OWN_KPIS):
        raise refusal(Action.SEE_OWN_KPIS)
    dialog = MyKpisDialog(till, parent)
    fit_to_screen(dialog)  # the whole screen: every column and chart at arm's length
    dialog.load()
    dialog.exec()
    attached = dialog.attached
    dialog.deleteLater()
    return attached
