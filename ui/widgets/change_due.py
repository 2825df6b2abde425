"""The big change-due display (找零 ¥12.50) after a cash sale, over the sale screen.

The customer and the cashier both read the change from across the counter, so it is large
and stays up until the cashier moves on: any key or scan (the next sale starts at once,
nothing is swallowed), a click, or a few seconds. Enter and Esc only close it. It is not a
dialog: it never takes focus, so the scan field keeps the keyboard and the next scan works
while the amount is still showing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from pos_app.domain.money import format_money
from pos_app.i18n import _

_CLOSE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)
_KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)

_STYLE = """
#changeDue { background: #fffbe6; border: 3px solid #d48806; border-radius: 12px; }
#changeDueCaption { font-size: 30px; font-weight: bold; color: #614700; }
#changeDueAmount { font-size: 72px; font-weight: bold; color: #ad2102; }
#changeDueDetail { font-size: 18px; color: #333333; }
#changeDueHint { font-size: 14px; color: #666666; }
"""


class ChangeDueOverlay(QFrame):
    """Shown by `show_change`; gone on the next key, scan, click, or after `SHOW_MS`."""

    SHOW_MS = 8000

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("changeDue")
        self.setStyleSheet(_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.caption = QLabel()
        self.caption.setObjectName("changeDueCaption")
        self.amount = QLabel()
        self.amount.setObjectName("changeDueAmount")
        self.detail = QLabel()
        self.detail.setObjectName("changeDueDetail")
        self.detail.setWordWrap(True)  # a split payment's line is longer
        self.hint = QLabel()
        self.hint.setObjectName("changeDueHint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        for label in (self.caption, self.amount, self.detail, self.hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self._watching = False
        host.installEventFilter(self)  # follow the host's size
        self.hide()

    def show_change(self, change: int, cash: int, total: int) -> None:
        """Show `change` fen due back from `cash` fen handed over, on a sale of `total`.
        After a split payment the cash is set against the cash that was due (the total
        less the other tenders), not the total, which would read like an underpayment."""
        self.caption.setText(_("Change due"))
        self.amount.setText(format_money(change))
        cash_due = cash - change  # change comes only from cash
        if cash_due < total:
            detail = _("Cash received {cash} · Cash due {due} (other tenders {other})").format(
                cash=format_money(cash), due=format_money(cash_due),
                other=format_money(total - cash_due))
        else:
            detail = _("Cash received {cash} · Total {total}").format(
                cash=format_money(cash), total=format_money(total))
        self.detail.setText(detail)
        self.hint.setText(_("Enter or Esc closes; the next scan goes ahead"))
        self._place()
        self.show()
        self.raise_()
        self._timer.start(self.SHOW_MS)
        app = QApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)  # the last installed filter sees keys first
            self._watching = True

    def dismiss(self) -> None:
        self._timer.stop()
        if self._watching:
            QApplication.instance().removeEventFilter(self)
            self._watching = False
        self.hide()

    def mousePressEvent(self, event) -> None:
        self.dismiss()
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.parent() and kind == QEvent.Type.Resize and self.isVisible():
            self._place()
        if not self._watching or kind not in (*_KEY_EVENTS, QEvent.Type.MouseButtonPress):
            return False
        if kind in _KEY_EVENTS and event.key() in _CLOSE_KEYS:
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()  # deliver it as a key press, which closes and stops here
                return True
            self.dismiss()
            return True
        self.dismiss()  # the key, scan or click goes on to do its job
        return False

    def _place(self) -> None:
        host = self.parentWidget()
        width = min(max(360, host.width() * 3 // 5), host.width())
        height = min(self.sizeHint().height() + 20, host.height())
        self.setGeometry((host.width() - width) // 2, (host.height() - height) // 3,
                         width, height)


def change_due_on(host: QWidget) -> ChangeDueOverlay:
    """The host's overlay, made on first use. With a cart table on the host, a line added
    by any scanner (serial, camera) closes it too."""
    overlay = host.findChild(ChangeDueOverlay)
    if overlay is None:
        overlay = ChangeDueOverlay(host)
        table = getattr(host, "cart_table", None)
        if table is not None:
            table.model().rowsInserted.connect(overlay.dismiss)
    return overlay
