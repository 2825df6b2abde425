"""Keyboard focus stays where the cashier's keys (and a wedge scanner's) are meant to go.

A till is driven by F-keys whose shortcuts live on the sale screen; the moment focus
sits on a status-bar button, a message or a side pane, those keys go dead and a scanned
code lands nowhere. Two tools keep that from happening:

- ``no_focus(widget)``: a pane that only shows things (the virtual printer) and every
  child in it can never take focus, by click, Tab or start-up activation.
- ``FocusKeeper``: after any mouse click in the main window, when no dialog is open and
  the click did not put focus into a text field, focus goes back to the screen's home
  field (the sale's scan field). Clicking a button runs its action first. The same when
  any other window of the app (a tool's dialog, the KPI dashboard) closes: the main
  window is activated again if no window is active, as on a kiosk without a window
  manager, where the keys (and a wedge scanner's) otherwise went nowhere until a click.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def no_focus(widget: QWidget) -> None:
    """``widget`` and all its current children refuse keyboard focus."""
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    for child in widget.findChildren(QWidget):
        child.setFocusPolicy(Qt.FocusPolicy.NoFocus)


def is_text_input(widget: QWidget | None) -> bool:
    """A field the person may have clicked into on purpose to type in it."""
    if isinstance(widget, QLineEdit | QAbstractSpinBox | QComboBox):
        return widget.isEnabled()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    return False


def _is_closing_window(obj: QObject, main: QWidget) -> bool:
    """A dialog or top-level window of ours other than the main window being hidden (not a
    menu, tooltip or combo-box popup, whose closing leaves the focus where it was)."""
    if not isinstance(obj, QWidget) or obj is main or not obj.isWindow():
        return False
    return obj.windowType() in (Qt.WindowType.Dialog, Qt.WindowType.Window,
                                Qt.WindowType.Sheet)


class FocusKeeper(QObject):
    """Sends focus back to ``home()`` after clicks in ``window`` (see the module doc).

    ``home`` returns the field keys belong to now, or None when the current screen
    manages its own focus (the sign-in screen moves between staff code and PIN).
    The keeper is a child of the window, so Qt drops the app-wide filter with it.
    """

    def __init__(self, window: QWidget, home: Callable[[], QWidget | None]) -> None:
        super().__init__(window)
        self._window = window
        self._home = home
        self._pending = False
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonRelease:
            if not self._pending and isinstance(obj, QWidget) and obj.window() is self._window:
                self._pending = True
                QTimer.singleShot(0, self.restore)
        elif kind == QEvent.Type.Hide and _is_closing_window(obj, self._window):
            parent = obj.parentWidget()  # type: ignore[attr-defined]
            owner = parent.window() if parent is not None else self._window
            QTimer.singleShot(0, lambda: self.after_window_closed(owner))
        return False

    def after_window_closed(self, owner: QWidget | None = None) -> None:
        """Another window closed: when no window is active now, give the keys back to the
        window it was opened over (`owner`: the main window, or e.g. the KPI dashboard
        under its save dialog), and, when that is the main window, its home field."""
        owner = owner or self._window
        try:
            if not self._window.isVisible() or QApplication.activeModalWidget() is not None:
                return  # a dialog is still up (or came next): its own flow goes on
            if not owner.isVisible():
                owner = self._window
            if any(w.isVisible() and w is not owner and _is_closing_window(w, self._window)
                   for w in QApplication.topLevelWidgets()):
                return  # another window of ours is up (activation may not have landed yet)
            active = QApplication.activeWindow()
            if active is None or not active.isVisible():
                owner.activateWindow()
            elif active is not self._window:
                return  # another window of ours has the keys on purpose
        except RuntimeError:  # a window was deleted meanwhile
            return
        if owner is self._window:
            self.restore()

    def restore(self) -> None:
        """Give the home field focus unless a dialog or a text field has it on purpose."""
        self._pending = False
        try:
            if QApplication.activeModalWidget() is not None:
                return  # the click opened a dialog; its flow refocuses when it closes
            target = self._home()
            if target is None or not target.isVisible() or not target.isEnabled():
                return
            focused = QApplication.focusWidget()
            if focused is target:
                return
            if focused is not None and focused.window() is self._window and is_text_input(
                focused
            ):
                return
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        except RuntimeError:  # the window was deleted while the click was pending
            return
