"""Starting the Qt application around a built container (pos_app.app calls `run`)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from pos_app.services.container import Container
from pos_app.services.sync_service import SyncService
from ui.main_window import MainWindow
from ui.qt_translations import follow_language
from ui.scanners import Scanners
from ui.startup import report_ready, warm_up
from ui.style import apply_style
from ui.tasks import wait_for_tasks


def install_qt_translations(app: QApplication) -> QTranslator | None:
    """Qt's own dialogs (buttons of QInputDialog etc.) speak the app's language, and follow
    it when a cashier switches language (ui.qt_translations); the installed translator, if
    any."""
    return follow_language(app).translator


def create_window(container: Container, app: QApplication) -> MainWindow:
    """Window plus the app-wide scanner filter; shared by `run` and the UI tests."""
    apply_style(app)
    window = MainWindow(container)
    window.scanners = Scanners(app, window.on_scan, window.sale.message.error)
    window.scanners.apply(container.settings.settings)
    if container.sync is not None:
        container.sync.start()  # after the window listens, so no status is missed
    return window


def show_fatal(message: str) -> None:
    """A start-up failure (damaged database, unset terminal) as a dialog, then exit."""
    from PySide6.QtWidgets import QMessageBox

    from ui.widgets.question import tell

    app = QApplication.instance() or QApplication(sys.argv)
    install_qt_translations(app)
    tell(None, "Shopfloor POS", message, QMessageBox.Icon.Critical, name="fatalMessage")


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
    report_ready(window.signin.code_edit)  # only when a bench asks (SHOPFLOOR_READY_FILE)
    window.show_all()
    from ui.store_care import start_store_care  # checks and the daily backup, off-thread

    window.store_care = start_store_care(window, container)
    warm_up()  # what the first scan and search import, off-thread after the first frame
    code = app.exec()
    if container.sync is not None:  # however the loop ended: no sync thread outlives it
        container.sync.stop()
    wait_for_tasks(5000)
    return code
