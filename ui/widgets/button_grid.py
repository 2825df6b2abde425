"""A strip of equal buttons that reflows into as many columns as the width allows.

The sale screen's action buttons used to sit two by two under the total; with a manager
signed in and a member attached that column grew past a 768 px screen and the last
buttons fell off. Here they run along the foot of the screen: one row at 1920 px, two at
1366 or 1024, more on a portrait terminal, and never narrower than the widest label, so a
label is never clipped. Hidden buttons (manager-only tools) leave no hole.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QAbstractButton, QGridLayout, QSizePolicy, QWidget

UNCONSTRAINED = 100_000  # px: "as wide as it takes" while hidden


class ButtonGrid(QWidget):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self.setObjectName("buttonGrid")
        self._buttons: list[QAbstractButton] = []
        self._columns = 0
        self._reflowing = False
        self._placed: tuple = ()
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(spacing)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # Rows stay 46 px (touch size is 44): no vertical padding on top of the app's
        # min-height, so three rows fit under a busy sale on a 768 px screen.
        self.setStyleSheet("QPushButton { padding: 0px 10px; }")

    def add(self, button: QAbstractButton) -> None:
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        button.setParent(self)
        self._buttons.append(button)
        button.destroyed.connect(lambda _obj=None, b=button: self._forget(b))
        self._reflow(force=True)

    @property
    def buttons(self) -> list[QAbstractButton]:
        return list(self._buttons)

    def visible_buttons(self) -> list[QAbstractButton]:
        # Shown once the grid is (not hidden on purpose, like a manager-only tool).
        return [b for b in self._buttons if b.isVisibleTo(self)]

    # --- geometry ------------------------------------------------------------------------
    def _cell(self) -> QSize:
        """The widest label's button and the tallest button: every cell is that big."""
        shown = self.visible_buttons() or self._buttons
        if not shown:
            return QSize(0, 0)
        width = max(b.sizeHint().width() for b in shown)
        height = max(max(b.sizeHint().height(), b.minimumHeight()) for b in shown)
        return QSize(width, height)

    def columns_for(self, width: int) -> int:
        count = len(self.visible_buttons())
        cell = self._cell().width()
        if not count or cell <= 0:
            return 1
        spacing = self._grid.spacing()
        fit = max(1, min(count, (width + spacing) // (cell + spacing)))
        rows = -(-count // fit)
        return -(-count // rows)  # rows as even as they can be: 5 + 5, not 7 + 3

    def _rows(self, columns: int) -> int:
        count = len(self.visible_buttons())
        return -(-count // max(columns, 1)) if count else 0

    def _height(self, columns: int) -> int:
        rows = self._rows(columns)
        return rows * self._cell().height() + max(rows - 1, 0) * self._grid.spacing()

    def sizeHint(self) -> QSize:
        columns = self._columns or len(self.visible_buttons()) or 1
        return QSize(self._cell().width() * columns, self._height(columns))

    def minimumSizeHint(self) -> QSize:
        # As narrow as two buttons; as tall as the rows the current width needs.
        columns = self._columns or 1
        return QSize(self._cell().width() * min(2, len(self._buttons) or 1),
                     self._height(columns))

    # --- reflow --------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._reflow()

    def event(self, event: QEvent) -> bool:
        # A button shown, hidden or resized asks its parent for a new layout: reflow then,
        # if what is shown (or how wide it is) changed.
        if event.type() == QEvent.Type.LayoutRequest and self._shape() != self._placed:
            self._reflow(force=True)
        return super().event(event)

    def _forget(self, button: QAbstractButton) -> None:
        self._buttons = [b for b in self._buttons if b is not button]

    def _shape(self) -> tuple:
        return (tuple(id(b) for b in self.visible_buttons()), self._cell().width())

    def relabelled(self) -> None:
        """Call after changing the buttons' texts (a language switch): widths changed."""
        self._reflow(force=True)

    def _reflow(self, force: bool = False) -> None:
        if self._reflowing:
            return
        self._reflowing = True
        try:
            self._place(force)
        finally:
            self._reflowing = False

    def _width(self) -> int:
        """Our width; while our screen is hidden (the sale behind the sign-in page) Qt does
        not lay us out and our width is stale, so we ask for one row only: a stale narrow
        width would ask for many and could push the window past the screen. Shown, we
        reflow at the real width (showEvent)."""
        if self.isVisible() or self.window() is self:
            return self.width()
        return UNCONSTRAINED

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._reflow(force=True)

    def _place(self, force: bool) -> None:
        width = self._width()
        columns = self.columns_for(width)
        if columns == self._columns and not force:
            return
        self._columns = columns
        self._placed = self._shape()
        while self._grid.count():
            self._grid.takeAt(0)
        for col in range(self._grid.columnCount()):
            self._grid.setColumnStretch(col, 0)
        for i, button in enumerate(self.visible_buttons()):
            self._grid.addWidget(button, i // columns, i % columns)
        for col in range(columns):
            self._grid.setColumnStretch(col, 1)
        height = self._height(columns)
        self.setMinimumHeight(height)
        self.setMaximumHeight(height)
        self.updateGeometry()
