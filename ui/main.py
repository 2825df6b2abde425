"""Starting the Qt application around a built container (pos_app.app calls `run`)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from devices.scanner.qt_wedge import QtWedgeFilter
from devices.scanner.wedge import WedgeConfig
from pos_app.app import Container
from pos_app.config import Settings
from pos_app.i18n import language
from pos_app.services.sync_service import SyncService
from ui.main_window import MainWindow
from ui.style import apply_style
from ui.tasks import wait_for_tasks


def wedge_config(settings: Settings) -> WedgeConfig:
    s = settings.scanner
    return WedgeConfig(
        min_length=s.min_length,
        max_gap_ms=s.max_gap_ms,
        suffixes=tuple(s.suffixes),
        require_suffix=s.require_suffix,
    )


def install_qt_translations(app: QApplication) -> QTranslator | None:
    """Qt's own dialogs (buttons of QInputDialog etc.) speak Chinese too."""
    if language() != "zh_CN":
        return None
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                       path):
        app.installTranslator(translator)
        return translator
    return None


def create_window(container: Container, app: QApplication) -> MainWindow:
    """Window plus the app-wide scanner filter; shared by `run` and the UI tests."""
    apply_style(app)
    previous = getattr(app, "wedge_filter", None)
    if previous is not None:  # one scanner filter per application, never two in a row
        app.removeEventFilter(previous)
    wedge = QtWedgeFilter(wedge_config(container.settings.settings), parent=app)
    app.installEventFilter(wedge)
    app.wedge_filter = wedge  # type: ignore[attr-defined]
    window = MainWindow(container)
    wedge.scanned.connect(window.on_scan)
    if container.sync is not None:
        container.sync.start()  # after the window listens, so no status is missed
    return window


def show_fatal(message: str) -> None:
    """A start-up failure (damaged database, unset terminal) as a dialog, then exit."""
    from PySide6.QtWidgets import QMessageBox

    app = QApplication.instance() or QApplication(sys.argv)
    install_qt_translations(app)
    box = QMessageBox(QMessageBox.Icon.Critical, "Shopfloor POS", message)
    box.exec()


def run_first_run(sync: SyncService) -> str | None:
    """'paired', 'demo', or None when the person closed the dialog."""
    from ui.dialogs.pairing import DEMO, PairingDialog

    app = QApplication.instance() or QApplication(sys.argv)
    apply_style(app)
    result = PairingDialog(sync).exec()
    if result == DEMO:
        return "demo"
    return "paired" if result else None


def run(container: Container) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Shopfloor POS")
    install_qt_translations(app)
    window = create_window(container, app)
    window.show_all()
    code = app.exec()
    wait_for_tasks(5000)
    return code
