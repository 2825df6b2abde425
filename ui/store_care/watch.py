"""Runs pos_app.services.store_care off the GUI thread once the sale screen is up, and every
hour after (the full check and the backup are due once a day). Damage found stops selling
(the services refuse every write from then on); here the cashier is told, once, in a
dialog and in the sale screen's message bar; the cart stays as it is."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.store_care import CareReport, StoreCare
from ui.tasks import alive, run_task
from ui.widgets.question import tell

log = logging.getLogger(__name__)
FIRST_DELAY_MS = 3000  # after the window has drawn and the cashier can sign in
EVERY_MS = 3600 * 1000


class StoreCareWatch(QObject):
    def __init__(self, window: QWidget, care: StoreCare, first_delay_ms: int = FIRST_DELAY_MS,
                 every_ms: int = EVERY_MS) -> None:
        super().__init__(window)
        self.window = window
        self.care = care
        self.damage: PosError | None = None
        self.last: CareReport | None = None
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(lambda: self.check(quick=False))
        QTimer.singleShot(first_delay_ms, self._first)

    def _first(self) -> None:
        self.check(quick=True)
        self._timer.start()

    def check(self, quick: bool) -> None:
        if self._busy or self.damage is not None:
            return
        self._busy = True
        run_task(lambda: self.care.run(quick=quick), self._done, self._failed)

    def _done(self, report: CareReport) -> None:
        self._busy = False
        self.last = report
        if report.backup_error and alive(self.window):
            self._message(_("The daily backup could not be made: {reason}").format(
                reason=report.backup_error))

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        if not isinstance(exc, PosError):
            log.error("store check failed", exc_info=exc)
            return
        self.damage = exc
        self._timer.stop()
        if not alive(self.window):
            return
        text = _("Selling is stopped: the store file is damaged.") + "\n\n" + exc.message()
        self._message(exc.message())
        # not exec(): the window keeps running, the cart stays on screen
        tell(self.window, _("Store file damaged"), text, QMessageBox.Icon.Critical,
             wait=False, name="store_damaged_box")

    def _message(self, text: str) -> None:
        sale = getattr(self.window, "sale", None)
        bar = getattr(sale, "message", None)
        if bar is not None:
            bar.error(text)


def start_store_care(window: QWidget, container: object) -> StoreCareWatch:
    """Note the running till (unclean-exit marker) and start the background checks."""
    care = StoreCare(container.data_dir, container.engine)  # type: ignore[attr-defined]
    care.started()
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(care.stopped)
    return StoreCareWatch(window, care)
