"""Sale-screen keys the scan field would otherwise take, and hotkeys for the manager tools.

Why: the screen's shortcuts are WidgetWithChildrenShortcut, and a QLineEdit claims Delete
(and Ctrl+letters it edits with) through ShortcutOverride, so "Del void line" did nothing
while the scan field had focus, which is always. Del in an EMPTY scan field now voids the
selected line; with text in it, Del edits the text as usual.

F3 searches for what was typed and takes it out of the field, so the query is not left
behind after the search dialog. Every shown sale-screen button has a key; a hotkey presses
its button only while the button is shown and enabled (manager tools stay managers').
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from pos_app.i18n import _

# Keys of the buttons that had none; shown on them by SaleScreen.retranslate.
MANAGER_KEYS = {"exceptions": "Ctrl+E", "receive": "Ctrl+R", "campaigns": "Ctrl+P",
                "gift": "Ctrl+G"}  # the guide's gift redemption (everyone: ui/coupons)


def take_text(edit: QLineEdit) -> str:
    """What the cashier typed, taken out of the field (F3 searches for it)."""
    text = edit.text().strip()
    edit.clear()
    return text


def press_if_shown(button: QAbstractButton,
                   not_offered: Callable[[], None] | None = None) -> None:
    """A hotkey does what a click would; when the button is not offered (a manager's tool
    for a cashier) `not_offered` says so, else a key that does nothing looks broken."""
    if button.isVisibleTo(button.window()) and button.isEnabled():
        button.click()
    elif not_offered is not None and not button.isVisibleTo(button.window()):
        not_offered()


class ScanFieldKeys(QObject):
    """Lets the screen's Del (and the keys in `claims`) past the scan field when it is
    empty or, for `claims`, always."""

    def __init__(self, edit: QLineEdit, claims: list[str]) -> None:
        super().__init__(edit)
        self._claims = [QKeySequence(k) for k in claims]
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QLineEdit):
            return False
        pressed = QKeySequence(event.keyCombination())
        plain_delete = (event.key() == Qt.Key.Key_Delete
                        and event.modifiers() == Qt.KeyboardModifier.NoModifier)
        claimed = any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch
                      for k in self._claims)
        if (plain_delete and not watched.text()) or claimed:
            event.ignore()  # not the field's: the shortcut map gets it
            return True
        return False


def install_sale_keys(screen: QWidget, edit: QLineEdit, buttons: dict[str, QAbstractButton],
                      refused: Callable[[str], None] | None = None) -> None:
    """Del past the empty scan field, and a hotkey for each manager tool's button; a
    manager's key pressed by someone else is answered through `refused` (the message bar)."""
    ScanFieldKeys(edit, list(MANAGER_KEYS.values()))
    for name, key in MANAGER_KEYS.items():
        shortcut = QShortcut(QKeySequence(key), screen)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        say = None if refused is None else (lambda k=key: refused(_(
            "{key} is a manager's tool: ask a manager to sign in.").format(key=k)))
        shortcut.activated.connect(lambda b=buttons[name], s=say: press_if_shown(b, s))
