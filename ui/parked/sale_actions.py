"""The sale screen's hold and void actions: F5 park the cart (挂单), Shift+F5 resume a parked
sale (取单), Ctrl+Del void the whole sale (整单作废), and the note after a restart that the
sale in progress came back.

A mixin of SaleScreen, kept apart so the screen stays small: it uses the screen's
`_till`, `message`, `buttons`, `button_grid` (when there is one), `scan_edit`, `refresh`
and `_ask_manager`. `install_hold_actions()` adds its buttons and keys; `retranslate_hold()`
labels them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QPushButton

from pos_app.domain.money import format_money
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.parked import CartBack, NeedsApproval, RestoreFailed
from ui.errors import shown_errors
from ui.parked.dialog import ParkedSalesDialog, items_text, join_sentences, local_time
from ui.widgets.hotkeys import set_hotkey_text, with_hotkey

HOLD_KEYS = {"hold": "F5", "resume": "Shift+F5", "void_sale": "Ctrl+Del"}


class _LetShortcutsThrough(QObject):
    """The scan field would take Ctrl+Del itself (delete the next word); the till's key
    wins, so it reaches the screen's shortcut instead."""

    def __init__(self, keys: list[QKeySequence], parent: QObject) -> None:
        super().__init__(parent)
        self._keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch
                   for k in self._keys):
                event.ignore()
                return True
        return False


class SaleHoldActions:
    def install_hold_actions(self) -> None:
        actions = {"hold": self.park_cart, "resume": self.open_parked,
                   "void_sale": self.void_whole_sale}
        grid = getattr(self, "button_grid", None)
        for name, slot in actions.items():
            button = QPushButton()
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            self.buttons[name] = button
            if grid is not None:
                grid.add(button)
            shortcut = QShortcut(QKeySequence(HOLD_KEYS[name]), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.scan_edit.installEventFilter(
            _LetShortcutsThrough([QKeySequence(HOLD_KEYS["void_sale"])], self))

    def retranslate_hold(self) -> None:
        labels = {"hold": _("Park sale"), "resume": _("Resume sale"),
                  "void_sale": _("Void sale")}
        for name, label in labels.items():
            set_hotkey_text(self.buttons[name], label, HOLD_KEYS[name])

    # --- actions -------------------------------------------------------------------------
    def park_cart(self) -> None:
        with shown_errors(self.message.error) as failed:
            parked = self._till.held.park()
        if failed:
            return
        self.message.info(_("Sale parked ({items}, {total}). Shift+F5 resumes it.").format(
            items=items_text(parked.item_count), total=format_money(parked.total)), 6000)
        self.refresh()

    def open_parked(self) -> None:
        dialog = ParkedSalesDialog(self._till, self)
        accepted = dialog.exec()
        chosen = dialog.chosen_id
        dialog.deleteLater()
        self.activateWindow()  # keys (and the scanner) go back to the till
        if not accepted or chosen is None:
            self.refresh()
            return
        park_current = False
        if not self._till.sale.is_empty:
            if not self._ask_park_current():
                self.refresh()
                return
            park_current = True
        with shown_errors(self.message.error) as failed:
            back = self._till.held.resume(chosen, park_current=park_current)
        if failed:
            self.refresh()
            return
        self.message.info(join_sentences([
            _("Resumed the sale parked at {time}: {items}, {total}.").format(
                time=local_time(back.saved_at), items=items_text(back.item_count),
                total=format_money(back.total)),
            *self._back_notes(back)]), 8000)
        self.refresh()

    def _ask_park_current(self) -> bool:
        totals = self._till.sale.totals()
        return self._confirm(
            QMessageBox.Icon.Question, _("Sale in progress"),
            _("A sale is in progress ({items}, {total}). Park it and resume the chosen "
              "sale?").format(items=items_text(totals.item_count),
                              total=format_money(totals.total)),
            (_("Park it and resume"), QMessageBox.ButtonRole.AcceptRole), _("Go back"),
            enter_confirms=True)

    def _confirm(self, icon: QMessageBox.Icon, title: str, text: str,
                 yes: tuple[str, QMessageBox.ButtonRole], no: str, enter_confirms: bool
                 ) -> bool:
        """A question with a yes and a no button (Esc is no); True when yes was chosen.
        Enter picks yes only where that is the safe choice."""
        box = QMessageBox(icon, title, text, parent=self)
        yes_button = box.addButton(with_hotkey(yes[0], "Enter" if enter_confirms else None),
                                   yes[1])  # each button names its key, as every button does
        no_button = box.addButton(with_hotkey(no, "Esc"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes_button if enter_confirms else no_button)
        box.setEscapeButton(no_button)
        box.exec()
        self.activateWindow()
        return box.clickedButton() is yes_button

    def void_whole_sale(self) -> None:
        """Asks first (Enter keeps the sale); a cashier then needs a manager's PIN."""
        till = self._till
        if till.sale.is_empty:
            self.message.error(PosError("void_empty_cart").message())
            return
        totals = till.sale.totals()
        if not self._confirm(
                QMessageBox.Icon.Warning, _("Void sale"),
                _("Void the whole sale ({items}, {total})? Nothing is sold and the cart is "
                  "emptied.").format(items=items_text(totals.item_count),
                                     total=format_money(totals.total)),
                (_("Void sale"), QMessageBox.ButtonRole.DestructiveRole), _("Keep sale"),
                enter_confirms=False):
            self.refresh()
            return
        with shown_errors(self.message.error) as failed:
            outcome = till.held.void_sale()
            if isinstance(outcome, NeedsApproval):
                approval = self._ask_manager(outcome)
                if approval is None:
                    self.refresh()
                    return
                outcome = till.held.void_sale(approved_by=approval)
        if failed:
            self.refresh()
            return
        self.message.info(_("Sale voided ({items}, {total}).").format(
            items=items_text(outcome.item_count), total=format_money(outcome.total)), 6000)
        self.refresh()

    def show_restore_note(self) -> None:
        """After sign-in: say that the sale left open by a crash or restart is back."""
        note = self._till.held.take_note()
        if isinstance(note, RestoreFailed):
            self.message.error(note.error.message())
        elif isinstance(note, CartBack):
            text = _("The sale in progress before the till closed is back: {items}, "
                     "{total}.").format(items=items_text(note.item_count),
                                        total=format_money(note.total))
            rung_by = _("It was rung up by {name}.").format(name=note.rung_by) \
                if note.rung_by else ""
            self.message.info(join_sentences([text, rung_by, *self._back_notes(note)]), 0)
        self.refresh()

    @staticmethod
    def _back_notes(back: CartBack) -> list[str]:
        notes = []
        if back.parked_current:
            notes.append(_("The sale you had was parked."))
        if back.left_out:
            notes.append(_("Left out: {reasons}").format(
                reasons=join_sentences([e.message() for e in back.left_out])))
        if back.member_lost:
            notes.append(_("Its member is no longer on this till: attach them again."))
        return notes
