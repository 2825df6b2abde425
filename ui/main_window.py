"""Main window: sign-in and sale screens, status bar, and the flows between them."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget

from pos_app import i18n
from pos_app.domain.money import format_money
from pos_app.domain.permissions import Action
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.approvals import looks_like_badge
from pos_app.services.checkout import CompletedSale
from pos_app.services.container import Container
from pos_app.services.promotions import CampaignRoiService
from pos_app.services.settings import Settings
from ui.coupons.gift_dialog import GiftRedemptionDialog
from ui.dialogs.member_lookup import MemberLookupDialog
from ui.dialogs.open_shift import OpenShiftDialog
from ui.dialogs.pay import PayDialog
from ui.dialogs.receipt_preview import ReceiptPreviewDialog
from ui.dialogs.receive_units import ReceiveUnitsDialog
from ui.dialogs.search import SearchDialog
from ui.dialogs.settings import SettingsDialog
from ui.dialogs.sync_exceptions import SyncExceptionsDialog
from ui.errors import shown_errors
from ui.lock import install_inactivity_lock
from ui.parked.close_guard import CloseGuard
from ui.promotions.roi_dialog import open_campaign_roi
from ui.returns.by_receipt import ReturnsDialog
from ui.returns.slip_print import print_return_slip
from ui.scanners import Scanners
from ui.screen_fit import available_geometry, fit_to_screen, place_printer_dock, show_fitted
from ui.screens.sale import SaleScreen
from ui.screens.signin import SignInScreen
from ui.shifts.reprint import ZReprintDialog
from ui.sync_bridge import ChangesBridge, SyncBridge
from ui.tasks import run_task
from ui.tools import ToolContext, ToolsMenu
from ui.tools.registry import TOOLS
from ui.widgets.cart_retry import CartSaveRetry
from ui.widgets.change_due import change_due_on
from ui.widgets.download_progress import DownloadProgress
from ui.widgets.focus import FocusKeeper
from ui.widgets.print_failure import print_failure
from ui.widgets.status_bar import TillStatusBar
from ui.widgets.virtual_printer import PrinterDock, VirtualPrinterWindow


class MainWindow(QMainWindow):
    def __init__(self, container: Container) -> None:
        super().__init__()
        self.container = container
        self.till = container.till
        fit_to_screen(self)  # never larger than the screen; show_all maximizes
        self.stack = QStackedWidget()
        self.signin = SignInScreen(self.till, container.demo_staff)
        self.sale = SaleScreen(self.till)
        self.stack.addWidget(self.signin)
        self.stack.addWidget(self.sale)
        self.setCentralWidget(self.stack)
        self.status = TillStatusBar(self.till.terminal)
        self.setStatusBar(self.status)
        self.printer_dock: PrinterDock | None = None  # a pane of this window, never focused
        self.printer_window: VirtualPrinterWindow | None = None  # the dock's paper roll
        self._unsubscribe_printer = None
        self.last_print_error: str | None = None
        self.scanners: Scanners | None = None  # set by ui.main.create_window

        self.signin.signed_in.connect(self._after_sign_in)
        self.sale.pay_requested.connect(self.pay)
        self.sale.search_requested.connect(self.search)
        self.sale.reprint_requested.connect(self.reprint)
        self.sale.preview_requested.connect(self.preview_last)
        self.sale.settings_requested.connect(self.open_settings)
        self.sale.sign_out_requested.connect(self.sign_out)
        self.sale.exceptions_requested.connect(self.show_sync_exceptions)
        self.sale.camera_requested.connect(self.camera_scan)
        self.sale.receive_requested.connect(self.receive_units)
        self.sale.campaigns_requested.connect(self.show_campaign_roi)
        self.sale.gift_requested.connect(self.redeem_gift)
        self.sale.returns_requested.connect(self.open_returns)
        self.sale.member_requested.connect(self.find_member)
        self.tools = ToolsMenu(self.sale, self.sale.scan_edit, self.sale.button_grid,
                               self.tool_context, TOOLS)  # "More…" (ui/tools/registry.py)
        self.close_guard = CloseGuard(self, self.till)  # a sale or open shift: ask first
        self.cart_retry = CartSaveRetry(self, self.till)  # an open-cart save that missed the lock
        self.inactivity_lock = install_inactivity_lock(self)  # after N idle minutes (ui/lock)
        self.focus_keeper = FocusKeeper(self, self._home_field)
        self._wire_sync()
        self._wire_changes()
        i18n.on_language_changed(self._language_changed)
        container.on_settings_applied.append(self._settings_applied)
        self._attach_virtual_printer()
        self.retranslate()
        self.signin.reset()
        self.status.show_session(None, self.till.open_shift_now())  # a shift outlives sign-out

    # --- flows ---------------------------------------------------------------------------
    def _after_sign_in(self, staff) -> None:
        if self.till.shift is None:
            dialog = OpenShiftDialog(self.till, self, reprint=partial(  # a Z, no shift
                ZReprintDialog, mark=self.status.printer_mark))
            if not dialog.exec():
                self.till.sign_out()
                self.signin.reset()
                return
        self.status.show_session(self.till.staff, self.till.shift)
        self.sale.show_allowed_tools()
        self.stack.setCurrentWidget(self.sale)
        self.sale.show_restore_note()  # a sale left open by a crash or restart is back
        self._focus_sale()

    def tool_context(self) -> ToolContext:
        return ToolContext(self, self.container, self.till, self.sale.message.info,
                           self.sale.message.error, self.sale.refresh,
                           {"scanners": self.scanners, "focus_sale": self._focus_sale,
                            "selected_line": self.sale.cart_table.selected_line_id,
                            "sign_out": self.sign_out,  # after a Z (ui/shifts)
                            "printer_mark": self.status.printer_mark})  # X, Z, return slip

    def _home_field(self):
        """Where keys go after a click: the scan field while a sale screen is up."""
        return self.sale.scan_edit if self.stack.currentWidget() is self.sale else None

    def _focus_sale(self) -> None:
        """After any dialog, keys go back to the scan field of an active window."""
        self.activateWindow()
        self.sale.scan_edit.setFocus()

    def sign_out(self) -> None:
        with shown_errors(self.sale.message.error) as failed:
            self.till.sign_out()
        if failed:
            return
        self.status.show_session(None, self.till.shift)
        self.sale.message.clear_message()  # "sale … saved" is not for the next person
        self.stack.setCurrentWidget(self.signin)
        self.signin.reset()

    def on_scan(self, code: str) -> None:
        """A scanner burst from anywhere in the app goes to the sale in progress."""
        self.inactivity_lock.poke()  # a scan is activity (the wedge swallows its keys)
        modal = QApplication.activeModalWidget()
        if looks_like_badge(code) and not getattr(modal, "takes_badges", False):
            QApplication.beep()  # approves only where asked (ui/lock, the prompt); never shown
            self.sale.message.error(_("A manager's badge is scanned only when asked for."))
            return
        if modal is not None:
            handler = getattr(modal, "handle_scan", None)
            if handler is not None:
                handler(code)  # e.g. a customer's payment code in the pay dialog
            else:
                QApplication.beep()
            return
        if self.stack.currentWidget() is self.signin:
            self.signin.badge_scanned(code)
            return
        self.sale.handle_scan(code)

    def search(self, text: str) -> None:
        dialog = SearchDialog(self.till, text, self)
        if dialog.exec() and dialog.chosen is not None:
            self.sale.add_hit(dialog.chosen)
        self._focus_sale()

    def find_member(self) -> None:
        """F11: scan or type who the customer is; an exact match attaches at once."""
        dialog = MemberLookupDialog(self.till, self)
        accepted = dialog.exec()
        chosen = dialog.chosen
        dialog.deleteLater()
        if accepted and chosen is not None:
            with shown_errors(self.sale.message.error) as failed:
                member = self.till.members.attach(chosen)
            if not failed:
                self.sale.member_attached(member)
        self.sale.refresh()
        self._focus_sale()

    def pay(self) -> None:
        dialog = PayDialog(self.till, self)
        if dialog.exec() and dialog.completed is not None:
            self._sale_done(dialog.completed)
        self.sale.refresh()
        self._focus_sale()

    def open_returns(self, code: str = "") -> None:
        """F7 or a scanned receipt QR; the return slip prints off the GUI thread after."""
        dialog = ReturnsDialog(self.till, code, self)
        accepted = dialog.exec()
        done = dialog.completed
        dialog.deleteLater()  # Qt frees it (with its cell widgets), not Python's GC
        if accepted and done is not None:
            self.sale.message.info(
                _("Return {number} saved: refund {amount}.").format(
                    number=done.return_no, amount=format_money(done.refund_total)
                ),
                0,
            )
            print_return_slip(self.till, done, lambda text: self.sale.message.info(text, 0),
                              self.sale.message.error, self.status.printer_mark)
        self.sale.refresh()
        self._focus_sale()

    def _sale_done(self, done: CompletedSale) -> None:
        saved = (_("Sale {receipt} saved. Change: {change}") if done.change > 0
                 else _("Sale {receipt} saved."))  # no "Change: ¥0.00" after exact or card
        self.sale.message.info(
            saved.format(receipt=done.receipt_no, change=format_money(done.change)), 0)
        self.sale.refresh()
        if done.change > 0:  # big 找零 over the sale screen; the next key or scan closes it
            change_due_on(self.sale).show_change(done.change, done.cash, done.total)
        self.print_sale(done.sale_id)

    def print_sale(self, sale_id: str, reprint: bool = False) -> None:
        """Print off the GUI thread; a printer error is shown, the sale is already saved."""
        job = (self.till.receipts.reprint_last if reprint
               else (lambda: self.till.receipts.print(sale_id)))
        self.last_print_error = None
        run_task(job, on_done=lambda _r: self.status.printer_mark.printed(),
                 on_error=self._print_failed)

    def _print_failed(self, exc: Exception) -> None:
        """Said in the bar and kept in the status bar (the next scan may take the bar)."""
        self.last_print_error, said = print_failure(exc)
        self.sale.message.error(said)
        self.status.printer_mark.failed()

    def reprint(self) -> None:
        """F9: what the printer mark names (a return slip), else the last receipt."""
        again = self.status.printer_mark.next_reprint()
        if again is not None:
            return again()
        self.print_sale("", reprint=True)

    def preview_last(self) -> None:
        sale = self.till.sale.last_sale
        with shown_errors(self.sale.message.error) as failed:
            sale_id = sale.sale_id if sale else self.container.receipts.last_sale_id()
            if not sale_id:
                raise PosError("no_receipt_to_reprint")
            lines = self.container.render_preview(self.till.receipts.receipt(sale_id))
        if failed:
            return
        ReceiptPreviewDialog(lines, self).exec()
        self._focus_sale()

    def open_settings(self) -> None:
        manager = self.till.may(Action.CHANGE_SETTINGS)
        SettingsDialog(self.container.settings, self, manager=manager,
                       staff=self.till.staff).exec()
        self._focus_sale()

    def receive_units(self) -> None:
        dialog = ReceiveUnitsDialog(self.till, self)
        dialog.exec()
        dialog.deleteLater()
        self._focus_sale()

    def redeem_gift(self, code: str = "") -> None:
        """The guide's gift redemption (Ctrl+G, or a gift coupon scanned at the sale)."""
        dialog = GiftRedemptionDialog(self.till, code, self)
        dialog.exec()
        dialog.deleteLater()
        self._focus_sale()

    def camera_scan(self) -> None:
        """Read one code with the camera; it then goes where a scanner's code would."""
        camera = self.container.camera
        if camera is None:
            return
        from ui.dialogs.camera_scan import CameraScanDialog  # numpy, OpenCV: not at start-up

        dialog = CameraScanDialog(camera.make_source, camera.decoder, self)
        dialog.exec()
        code = dialog.code
        dialog.deleteLater()
        self._focus_sale()
        if code:
            self.on_scan(code)

    # --- sync and store changes -------------------------------------------------------------
    def _wire_changes(self) -> None:
        """Redraw from what was committed, whichever thread committed it (a sync round
        applies HQ's member changes on its own thread)."""
        self.changes_bridge = ChangesBridge(self)
        self.changes_bridge.on_changes(self._store_changed)
        self._unsubscribe_changes = self.container.changes.subscribe(
            {"members", "promotions"}, self.changes_bridge.feed
        )

    def _store_changed(self, changes: frozenset[str]) -> None:
        if "members" in changes:  # HQ confirmed, updated or merged the sale's member
            self.sale.follow_member()
        if "promotions" in changes:  # a pull started, ended or changed a campaign
            self.sale.campaigns_changed()

    def _wire_sync(self) -> None:
        self.download: DownloadProgress | None = None
        sync = self.container.sync
        if sync is None:
            return
        self.sync_bridge = SyncBridge(self)
        self.sync_bridge.status_changed.connect(self.show_sync_status)
        sync.subscribe(self.sync_bridge.feed)
        self.status.sync_badge.sync_now_requested.connect(sync.sync_now)
        self.status.sync_badge.sync_now_requested.connect(self.focus_keeper.restore)
        self.status.sync_badge.show_status(sync.status)
        if sync.needs_first_download():
            self.download = DownloadProgress(self)

    def show_sync_status(self, status) -> None:
        self.status.sync_badge.show_status(status)
        if self.download is None:
            return
        if status.state == "syncing":
            shown = self.download.isVisible()
            self.download.follow(status)  # its stream's line; shown unless put away
            if self.download.isVisible() and not shown:
                self.activateWindow()  # the keyboard (and scanner) stay with the till
        elif status.state in ("online", "offline", "error"):
            self.download.close()
            self.download = None

    def show_sync_exceptions(self) -> None:
        if self.container.sync is None or not self.till.may(Action.SYNC_EXCEPTIONS):
            return
        with shown_errors(self.sale.message.error) as failed:
            rows = self.container.sync.exceptions()
        if failed:
            return
        SyncExceptionsDialog(rows, self).exec()
        self._focus_sale()

    def show_campaign_roi(self) -> None:
        open_campaign_roi(self, self.till, CampaignRoiService(self.container.engine))
        self._focus_sale()

    # --- devices and language ------------------------------------------------------------
    def _attach_virtual_printer(self) -> None:
        if self._unsubscribe_printer is not None:
            self._unsubscribe_printer()
            self._unsubscribe_printer = None
        feed = self.container.printer_feed
        if feed is None:  # a real printer now: no pane, no toggle
            if self.printer_dock is not None:
                self.printer_dock.hide()
                self.printer_dock.toggleViewAction().setVisible(False)
            return
        if self.printer_dock is None:
            self.printer_dock = PrinterDock(self)
            self.printer_window = self.printer_dock.printer
            place_printer_dock(self, self.printer_dock, available_geometry(self))
            self.status.add_printer_toggle(self.printer_dock.toggleViewAction())
        self.printer_dock.toggleViewAction().setVisible(True)
        self._unsubscribe_printer = feed(self.printer_window.feed)

    def _settings_applied(self, settings: Settings) -> None:
        self._attach_virtual_printer()
        if self.scanners is not None:
            self.scanners.apply(settings)

    def show_all(self) -> None:
        """Open over the whole screen, the printer pane placed for it, keys on sign-in."""
        if self.printer_dock is not None:
            place_printer_dock(self, self.printer_dock, available_geometry(self))
        show_fitted(self)
        self.activateWindow()
        if self.stack.currentWidget() is self.signin:
            self.signin.code_edit.setFocus()

    def _language_changed(self, _lang: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Shopfloor POS"))
        self.signin.retranslate()
        self.sale.retranslate()
        self.tools.retranslate()
        self.status.retranslate()
        if self.printer_dock is not None:
            self.printer_dock.retranslate()

    def closeEvent(self, event) -> None:
        if not self.close_guard.allows(event):
            return  # "Don't close": the window stays, the cart with it
        i18n.off_language_changed(self._language_changed)
        self._unsubscribe_changes()
        if self.scanners is not None:
            self.scanners.stop_serial()
        if self.container.sync is not None:
            self.container.sync.stop()
        if self._unsubscribe_printer is not None:
            self._unsubscribe_printer()
            self._unsubscribe_printer = None
        super().closeEvent(event)
