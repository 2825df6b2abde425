"""CashSlip -> print operations and ESC/POS bytes (GB18030), for 32, 42 or 48 columns.

The drawer's paper trail: each cash in, cash out and no-sale gets a slip the cashier signs
and the store keeps (who, when, how much, why, who approved, what the drawer should hold
after it). Labels in the store's receipt language, as the receipt; no drawer pulse here
(the drawer is kicked on its own once the move is recorded, so a slip reprinted with F9
never opens it).
"""

from __future__ import annotations

from functools import partial

from devices.printer.cells import cells, paper_text, wrap
from devices.printer.escpos_render import render_ops
from devices.printer.layout import (
    Translate,
    labelled,
    paper_money,
    reprint_marker,
    store_title,
)
from devices.printer.ops import Cut, Feed, PrintOp, TextLine, check_columns
from pos_app.domain.shifts import REASON_LABELS, CashMoveReason
from pos_app.domain.shifts.cash_slip import KIND_TITLES, CashSlip
from pos_app.i18n import gettext_in


def _reason(slip: CashSlip, _: Translate) -> str:
    """The reason in the slip's language (an unknown code, from a newer till, as is)."""
    try:
        return _(REASON_LABELS[CashMoveReason(slip.reason_code)])
    except ValueError:
        return slip.reason_code


def _signature(label: str, columns: int) -> TextLine:
    """"Signature: ______" to the paper's edge, where the cashier signs."""
    label = paper_text(label)
    return TextLine(label + " " + "_" * max(8, columns - cells(label) - 1))


def layout_cash_slip(slip: CashSlip, columns: int) -> list[PrintOp]:
    """The whole slip, top to bottom, ending with a cut."""
    check_columns(columns)
    _: Translate = partial(gettext_in, slip.language)
    rule = TextLine("-" * columns)
    ops: list[PrintOp] = store_title(slip.store_name, columns)
    title = _(KIND_TITLES.get(slip.kind, slip.kind))
    ops.append(TextLine(_("{kind} slip").format(kind=title), bold=True, align="center"))
    if slip.reprint:
        ops.append(TextLine(reprint_marker(slip.language), bold=True, align="center"))
    ops.append(rule)
    ops += labelled(_("Store"), slip.store_code, columns)
    ops += labelled(_("Terminal"), slip.terminal_code, columns)
    ops += labelled(_("Shift"), slip.shift_no, columns)
    ops += labelled(_("Slip"), slip.slip_no, columns)
    ops += labelled(_("Date"), slip.at.strftime("%Y-%m-%d %H:%M:%S"), columns)
    ops.append(rule)
    if slip.kind == "no_sale":
        ops += [TextLine(t, bold=True)
                for t in wrap(paper_text(_("Drawer opened, no cash moved.")), columns)]
    else:
        ops += [TextLine(op.text, bold=True)
                for op in labelled(title, paper_money(slip.amount), columns)]
        ops += labelled(_("Reason"), _reason(slip, _), columns)
    if slip.note:
        ops.append(TextLine(_("Note")))
        ops += [TextLine("  " + t) for t in wrap(paper_text(slip.note), columns - 2)]
    if slip.drawer_after is not None:
        ops += labelled(_("Drawer after (expected)"), paper_money(slip.drawer_after), columns)
    ops.append(rule)
    ops += labelled(_("Cashier"), slip.staff_name, columns)
    if slip.approver_name:
        ops += labelled(_("Approved by"), slip.approver_name, columns)
    ops += [Feed(2), _signature(_("Signature:"), columns)]
    ops += [Feed(2), Cut()]
    return ops


def render_cash_slip(slip: CashSlip, columns: int) -> bytes:
    """The exact bytes sent to the printer for `slip` at `columns` wide."""
    return render_ops(layout_cash_slip(slip, columns), columns)
