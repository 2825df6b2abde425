"""Closing the till's window with a sale in progress or a shift open asks first.

The question comes when a person closes the window (the window manager's close button,
Alt+F4: a spontaneous close event) or presses Ctrl+Q; closes made by the program itself
(shutdown, tests) go ahead. Enter and Esc keep the window ("Don't close" is the default):
a cashier who hits Enter by reflex loses nothing. The cart is on disk either way and comes
back at the next sign-in (pos_app.services.parked).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMessageBox

from pos_app.domain.money import format_money
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.parked.dialog import items_text, join_sentences
from ui.widgets.hotkeys import with_hotkey

QUIT_KEY = "Ctrl+Q"


def close_question(till: Till) -> str | None:
    """What closing now would leave behind, in words; None when nothing is."""
    parts = []
    if not till.sale.is_empty:
        totals = till.sale.totals()
        parts.append(_("A sale is in progress ({items}, {total}). It is kept and comes back "
                       "at the next sign-in.").format(items=items_text(totals.item_count),
                                                      total=format_money(totals.total)))
    shift = till.shift or till.open_shift_now()
    if shift is not None:
        parts.append(_("The shift is still open: close it with a cash count at the end of "
                       "the day."))
    return join_sentences(parts) or None


class CloseGuard:
    def __init__(self, window: QMainWindow, till: Till) -> None:
        self._window = window
        self._till = till
        self._confirmed = False
        shortcut = QShortcut(QKeySequence(QUIT_KEY), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.quit)

    def quit(self) -> None:
        """Ctrl+Q: ask (if there is anything to lose), then close."""
        if self.ask():
            self._confirmed = True
            self._window.close()

    def allows(self, event: QCloseEvent) -> bool:
        """Called first in the window's closeEvent; False = the event was refused."""
        if self._confirmed or not event.spontaneous() or self.ask():
            return True
        event.ignore()
        return False

    def ask(self) -> bool:
        text = close_question(self._till)
        if text is None:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, _("Close Shopfloor POS?"), text,
                          parent=self._window)
        close = box.addButton(_("Close"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(with_hotkey(_("Don't close"), "Esc"),
                             QMessageBox.ButtonRole.RejectRole)  # Enter too: the default
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        if box.clickedButton() is close:
            return True
        self._window.activateWindow()
        return False
