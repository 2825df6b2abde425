"""ReturnSlip -> print operations and ESC/POS bytes (GB18030), for 32, 42 or 48 columns
(58 mm and 80 mm paper).

The customer's and the drawer's proof of a refund: return number, the original receipt,
each line and its refund, the refund per tender (a store-credit voucher's number under
it), who served and who approved. Labels in the store's receipt language, as the receipt.
"""

from __future__ import annotations

from functools import partial

from devices.printer.cells import paper_text, wrap
from devices.printer.escpos_render import render_ops
from devices.printer.layout import Translate, centred, labelled, paper_money, store_title
from devices.printer.ops import Cut, DrawerKick, Feed, PrintOp, TextLine, check_columns
from pos_app.domain.returns import ReturnSlip
from pos_app.domain.returns.no_receipt import REASONS
from pos_app.domain.tenders import LABELS, TenderKind
from pos_app.i18n import gettext_in


def opens_drawer(slip: ReturnSlip) -> bool:
    """A first print of a slip whose refund pays cash out kicks the drawer."""
    return not slip.reprint and any(
        r.kind == TenderKind.CASH and r.amount > 0 for r in slip.refunds)


def layout_return_slip(slip: ReturnSlip, columns: int) -> list[PrintOp]:
    """The whole slip, top to bottom, ending with a cut; a refund paid in cash starts with
    the drawer pulse (ESC p, once), so the cash comes out of the drawer as it prints (not
    on a reprint: the drawer opened for the refund already)."""
    check_columns(columns)
    _: Translate = partial(gettext_in, slip.language)
    rule = TextLine("-" * columns)
    ops: list[PrintOp] = [DrawerKick()] if opens_drawer(slip) else []
    ops += store_title(slip.store_name, columns)
    ops.append(TextLine(_("Return slip"), bold=True, align="center"))
    ops.append(rule)
    ops += labelled(_("Return no."), slip.return_no, columns)
    ops += labelled(_("Original receipt"), slip.receipt_no or _("No receipt"), columns)
    ops += labelled(_("Date"), slip.created_at.strftime("%Y-%m-%d %H:%M:%S"), columns)
    if slip.reason:
        ops += labelled(_("Reason"), _(REASONS[slip.reason]) if slip.reason in REASONS
                        else slip.reason, columns)
    ops.append(rule)
    for line in slip.lines:
        ops += [TextLine(t) for t in wrap(paper_text(line.name), columns)]
        ops += labelled(f"  × {line.quantity}", paper_money(line.amount), columns)
        if line.unit_code:
            ops += [TextLine("  " + t) for t in wrap(paper_text(line.unit_code), columns - 2)]
    ops.append(rule)
    ops.append(TextLine(_("Refund") + "  " + paper_money(slip.refund_total), bold=True))
    for refund in slip.refunds:
        label = _(LABELS[TenderKind(refund.kind)])
        ops += labelled(f"  {label}", paper_money(refund.amount), columns)
        if refund.kind == TenderKind.STORE_CREDIT and refund.reference:
            ops += labelled("  " + _("Voucher"), refund.reference, columns)
    ops.append(rule)
    if slip.member is not None:  # whose points the return moved, and by how much
        ops += labelled(_("Member"), slip.member.masked, columns)
        if slip.member.points_reversed:
            ops += labelled(_("Points taken back"), f"-{slip.member.points_reversed}", columns)
        if slip.member.points_refunded:
            ops += labelled(_("Points given back"), f"+{slip.member.points_refunded}", columns)
        ops += labelled(_("Points balance"), str(slip.member.points_balance), columns)
        ops.append(rule)
    ops += labelled(_("Served by"), slip.staff_name, columns)
    if slip.approver_name:
        ops += labelled(_("Approved by"), slip.approver_name, columns)
    ops += [TextLine(t, align="center")
            for t in centred(_("Keep this slip: it proves the refund."), columns)]
    ops += [Feed(2), Cut()]
    return ops


def render_return_slip(slip: ReturnSlip, columns: int) -> bytes:
    """The exact bytes sent to the printer for `slip` at `columns` wide."""
    return render_ops(layout_return_slip(slip, columns), columns)
