"""The main window fits the screen it is on: 1024×768, 1366×768, 1920×1080 or portrait.

It opens maximized over the screen's available area (without the task bar), title bar
included, so nothing can hang off an edge; the layouts inside set the minimums that keep
every label whole down to 1024×768. The virtual printer's pane goes where there is room:
beside the sale on a wide screen, under it on a portrait one, and collapsed (a status-bar
toggle opens it) on a narrow one, where the sale needs the width.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QWidget

# Below this width the sale screen needs every pixel; the printer pane starts closed.
WIDE_ENOUGH_FOR_PRINTER = 1280
# Width the sale screen keeps before the printer pane gets any (its cart and buttons
# then show whole product names); the pane never gets less than MIN_PRINTER_WIDTH
# (narrower receipts scroll sideways).
SALE_WIDTH = 1000
MIN_PRINTER_WIDTH = 260
# What a window manager's title bar and borders usually take before the window is shown
# (after it is shown the real frame is known and used instead).
TYPICAL_FRAME = QMargins(1, 32, 1, 1)


def available_geometry(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_margins(window: QWidget) -> QMargins:
    """The window manager's frame once shown; a typical one before (none offscreen)."""
    if window.isVisible():
        frame, inner = window.frameGeometry(), window.geometry()
        return QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                        frame.right() - inner.right(), frame.bottom() - inner.bottom())
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return QMargins()
    return TYPICAL_FRAME


def fit_geometry(available: QRect, frame: QMargins) -> QRect:
    """The client area that, with its frame, covers exactly the available area."""
    return available.marginsRemoved(frame)


def fit_to_screen(window: QWidget) -> QRect:
    """Size and place ``window`` so it and its title bar lie inside its screen."""
    geometry = fit_geometry(available_geometry(window), frame_margins(window))
    window.setGeometry(geometry)
    return geometry


def show_fitted(window: QWidget) -> None:
    """Show maximized (the window manager then fits the frame); without a window manager
    (a kiosk X server) the geometry set first already covers the screen."""
    fit_to_screen(window)
    window.showMaximized()


def printer_area(available: QRect) -> Qt.DockWidgetArea | None:
    """Where the printer pane starts: None means collapsed (the screen is too narrow)."""
    if available.height() > available.width():
        return Qt.DockWidgetArea.BottomDockWidgetArea
    if available.width() >= WIDE_ENOUGH_FOR_PRINTER:
        return Qt.DockWidgetArea.RightDockWidgetArea
    return None


def place_printer_dock(window: QMainWindow, dock: QWidget, available: QRect) -> None:
    """Dock the printer pane for this screen, at a width that leaves the sale its room."""
    area = printer_area(available)
    window.addDockWidget(area or Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.setVisible(area is not None)
    if area == Qt.DockWidgetArea.RightDockWidgetArea:
        room = available.width() - SALE_WIDTH  # the sale keeps what it needs first
        width = max(MIN_PRINTER_WIDTH, min(dock.widget().paper_width(), room))
        window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
    elif area == Qt.DockWidgetArea.BottomDockWidgetArea:
        window.resizeDocks([dock], [available.height() // 4], Qt.Orientation.Vertical)
