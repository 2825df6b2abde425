"""An error line under a form field: checked when the person leaves a field they typed in,
then again at every keystroke (so it clears the moment the value is right), never before
they have had a chance to finish typing. Its lines are always reserved, so the form does
not jump when an error appears or goes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

Check = Callable[[str], "str | None"]  # the value as typed -> a translated reason, or None


class FieldError(QObject):
    """Watches one line edit; `label` shows why its value is refused."""

    def __init__(self, edit: QLineEdit, check: Check) -> None:
        super().__init__(edit)
        self.edit = edit
        self._check = check
        self._touched = False
        self.label = QLabel()
        self.label.setObjectName("fieldError")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color:#a4001d;")
        # two lines reserved: most reasons fit, and the form never jumps as they come and go
        self.label.setMinimumHeight(2 * self.label.fontMetrics().lineSpacing())
        self._edited = False  # a field merely passed through (Tab) is not judged yet
        edit.textChanged.connect(self._typed)
        edit.textEdited.connect(self._mark_edited)
        edit.installEventFilter(self)

    def row(self) -> QWidget:
        """The field with its error line beneath, for a form row."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.label)
        return box

    @property
    def error(self) -> str:
        return self.label.text()

    def validate(self) -> bool:
        """Check now (leaving the field, or the form is submitted); True when fine."""
        self._touched = True
        reason = self._check(self.edit.text())
        self.show_error(reason or "")
        return reason is None

    def show_error(self, text: str) -> None:
        """Also for what only the save can find out (the phone is already a member's)."""
        self._touched = self._touched or bool(text)
        self.label.setText(text)
        self.edit.setProperty("invalid", bool(text))
        self.edit.setToolTip(text)

    def _mark_edited(self, _text: str) -> None:
        self._edited = True

    def _typed(self, _text: str) -> None:
        if self._touched:
            self.validate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.edit and event.type() == QEvent.Type.FocusOut
                and (self._edited or self.edit.text())):
            self.validate()
        return False
