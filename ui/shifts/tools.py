"""What each shift tool of the "More…" menu does when opened (ui/tools/registry.py)."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from pos_app.i18n import _
from ui.shifts.cash_move import CashMoveDialog
from ui.shifts.close import ZCloseDialog
from ui.shifts.context import ShiftToolContext as ToolContext
from ui.shifts.no_sale import after_cash_move, open_drawer_no_sale
from ui.shifts.report_view import ShiftReportDialog
from ui.shifts.reprint import ZReprintDialog
from ui.widgets.print_failure import PrinterMark


def _after(context: ToolContext) -> None:
    focus_sale = context.extra.get("focus_sale")
    if focus_sale is not None:
        focus_sale()


def _mark(context: ToolContext) -> PrinterMark | None:
    """The status bar's printer mark (the main window hands it in), kept by X and Z."""
    return context.extra.get("printer_mark")


def cash_move(context: ToolContext) -> None:
    dialog = CashMoveDialog(context.till, context.window)
    if dialog.exec() and dialog.recorded is not None:
        after_cash_move(context, dialog.recorded, dialog.summary())
    dialog.deleteLater()
    _after(context)


def x_report(context: ToolContext) -> None:
    report = context.till.shifts.x_report()
    dialog = ShiftReportDialog(context.till, report, context.window, _mark(context))
    dialog.exec()
    dialog.deleteLater()
    _after(context)


def close_shift(context: ToolContext) -> None:
    """Count, close, print the Z, sign out. Refused while a sale is being rung up."""
    if not context.till.sale.is_empty:
        context.error(_("Finish or park the sale in progress before closing the shift."))
        return
    dialog = ZCloseDialog(context.till, context.window, _mark(context))
    dialog.exec()
    closed = dialog.closed_shift is not None  # Esc after the close still closed the shift
    dialog.deleteLater()
    if not closed:
        _after(context)
        return
    sign_out = context.extra.get("sign_out")
    if sign_out is not None:
        # after the tools menu has redrawn the sale screen (its refresh takes the focus to
        # the scan field), so the keys go to the sign-in screen for the next person
        QTimer.singleShot(0, sign_out)


def reprint_z(context: ToolContext) -> None:
    dialog = ZReprintDialog(context.till, context.window, _mark(context))
    dialog.exec()
    dialog.deleteLater()
    _after(context)


def no_sale(context: ToolContext) -> None:
    open_drawer_no_sale(context)
