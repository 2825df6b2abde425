"""Keyboard-complete dialogs: Enter finishes, Esc cancels, Tab reaches every button.

Why one policy instead of a keyPressEvent override per dialog: QDialog's auto-default
button acts on the same Enter a line edit has already acted on (the edit emits
returnPressed, then lets the key travel up to the dialog), so one keystroke once added a
payment twice; dialogs then swallowed Enter altogether, and a cashier who Tabbed to a
button could not press it. Here Enter is decided once, by the widget that has focus:

- a push button: it is pressed (Tab to it, then Enter; Space works as in Qt);
- a line edit with its own Enter (returnPressed connected), or a table cell's editor:
  that alone, never a second action;
- anything else (check box, spin box, combo box, list, table, read-only text, a line edit
  without its own Enter): the widget sees the key first (a list activates its item, a spin
  box takes the typed value) and then, if the dialog is still open, the dialog's primary
  action runs (Save, Refund, Close …);
- a field listed in `done_when_empty` (a tag or code entry) with nothing typed: the
  primary action, since there is nothing for the field's own Enter to take.

Esc keeps QDialog's meaning (reject). Buttons that refuse focus so that clicks leave the
keys in a field get Tab focus, and item views and read-only texts let Tab leave them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SIGNAL, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

# A button, several (the first one enabled is pressed: "Receive", else "Close"), a callable.
Primary = QPushButton | tuple[QPushButton, ...] | Callable[[], None] | None
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_FIELD, _PRIMARY = "field", "primary"


def enter_goes_to_fields(
    dialog: QDialog, primary: Primary = None, done_when_empty: tuple[QLineEdit, ...] = ()
) -> DialogKeys:
    """Give `dialog` the keyboard policy above; `primary` is what Enter does when the
    focused widget has no Enter of its own (None: nothing)."""
    keys = dialog.findChild(DialogKeys, "dialogKeys")
    if keys is None:
        keys = DialogKeys(dialog)
    keys.primary = primary
    keys.done_when_empty = tuple(done_when_empty)
    keys.prepare()
    return keys


keyboard_complete = enter_goes_to_fields  # the name says what it is for; the old one stays


def is_enter(event) -> bool:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() in _ENTER and mods == Qt.KeyboardModifier.NoModifier


def own_enter(widget: QWidget) -> bool:
    """True when the widget acts on Enter itself and the dialog must not act again."""
    if isinstance(widget, QLineEdit):
        if isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)):
            return False
        parent = widget.parent()
        if parent is not None and isinstance(parent.parent(), QAbstractItemView):
            return True  # a cell editor: its delegate commits on Enter
        return widget.receivers(SIGNAL("returnPressed()")) > 0
    return False


class DialogKeys(QObject):
    """The event filter behind `enter_goes_to_fields`; one per dialog (its child).

    It holds no reference to the dialog (it asks `parent()`): a reference cycle let the
    garbage collector empty this object while Qt still sent it events. For the same reason
    every attribute is read with a default."""

    primary: Primary = None
    done_when_empty: tuple[QLineEdit, ...] = ()
    _pending: str | None = None  # what the Enter under way still owes
    _watching_focus = False

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self.setObjectName("dialogKeys")
        dialog.installEventFilter(self)

    def prepare(self) -> None:
        """Buttons: no auto-default (no double Enter), reachable by Tab; views: Tab leaves."""
        for widget in self.parent().findChildren(QWidget):
            self._adopt(widget)

    def _adopt(self, widget: QWidget) -> None:
        if isinstance(widget, QPushButton):
            widget.setAutoDefault(False)
            widget.setDefault(False)
            if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves focus be
        elif isinstance(widget, QAbstractItemView):
            widget.setTabKeyNavigation(False)
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)) and widget.isReadOnly():
            widget.setTabChangesFocus(True)
        widget.installEventFilter(self)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Widgets made after the dialog opened (table rows, late fields) join on focus."""
        dialog = self.parent()
        if new is not None and dialog is not None and dialog.isAncestorOf(new):
            self._adopt(new)

    def _watch_focus(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._watching_focus:
            return
        if on:
            app.focusChanged.connect(self._focus_changed)
        else:
            app.focusChanged.disconnect(self._focus_changed)
        self._watching_focus = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        dialog = self.parent()
        kind = event.type()
        if watched is dialog and kind == QEvent.Type.Show:
            self.prepare()
            self._watch_focus(True)
        elif watched is dialog and kind == QEvent.Type.Hide:
            self._watch_focus(False)
        elif kind == QEvent.Type.KeyRelease and event.key() in _ENTER:
            self._pending = None
        elif kind == QEvent.Type.KeyPress and is_enter(event) and dialog is not None:
            return self._enter(dialog, watched)
        return False

    def _enter(self, dialog: QDialog, watched: QObject) -> bool:
        first = self._pending is None or watched is QApplication.focusWidget()
        if not first:  # the focused widget let Enter travel up: settle it once, here
            owed, self._pending = self._pending, None
            if owed == _PRIMARY and dialog.isVisible():
                self.run_primary()
            return True
        if isinstance(watched, QPushButton):
            self._pending = None
            if watched.isEnabled() and watched.isVisible():
                watched.click()
            return True
        if watched is dialog or (watched in self.done_when_empty and not watched.text().strip()):
            self._pending = None
            self.run_primary()
            return True
        self._pending = _FIELD if own_enter(watched) else _PRIMARY
        return False  # the widget (and any filter of its own) sees Enter first

    def run_primary(self) -> None:
        primary = self.primary
        if isinstance(primary, QPushButton):
            primary = (primary,)
        if isinstance(primary, tuple):
            button = next((b for b in primary if b.isEnabled() and b.isVisible()), None)
            if button is not None:
                button.click()
        elif primary is not None:
            primary()
