"""What each discount tool does when opened (ui/tools/registry.py), and Del on a line whose
unit code was scanned (the sale screen): ask the amount and reason, call `till.discounts`,
and when it answers NeedsApproval show the one approval prompt and call again with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtWidgets import QWidget

from pos_app.domain.cart import CartLine
from pos_app.domain.money import format_money
from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.approvals import Approval, NeedsApproval
from pos_app.services.till import Till
from ui.dialogs.manager_pin import ManagerPinDialog
from ui.discounts.dialog import AmountReasonDialog
from ui.errors import shown_errors
from ui.widgets.product_name import product_name


class DiscountToolContext(Protocol):
    """What ui.tools hands a tool (typed by use: ui.tools imports this package)."""

    window: QWidget
    till: Till
    say: Callable[[str], None]
    error: Callable[[str], None]
    extra: dict[str, Any]  # "selected_line", "focus_sale" from the main window


def with_approval(till: Till, parent: QWidget | None,
                  call: Callable[[Approval | None], Any]) -> Any:
    """`call()`; when it asks for a manager, the prompt, then `call(approval)`. None when
    the prompt is cancelled (nothing changed)."""
    outcome = call(None)
    if not isinstance(outcome, NeedsApproval):
        return outcome
    dialog = ManagerPinDialog(till, outcome, parent)
    try:
        if not dialog.exec() or dialog.approval is None:
            return None
        return call(dialog.approval)
    finally:
        dialog.deleteLater()


def _line(context: DiscountToolContext) -> CartLine | None:
    """The selected line, else the last one rung up; None (said) on an empty sale."""
    till = context.till
    if till.sale.is_empty:
        context.error(PosError("cart_empty").message())
        return None
    pick = context.extra.get("selected_line")
    line_id = pick() if pick is not None else None
    lines = till.cart.lines
    return next((ln for ln in lines if ln.line_id == line_id), lines[-1])


def _done(context: DiscountToolContext) -> None:
    focus_sale = context.extra.get("focus_sale")
    if focus_sale is not None:
        focus_sale()


def _run(context: DiscountToolContext, dialog: AmountReasonDialog,
         call: Callable[[int, str, Approval | None], Any], said: str) -> None:
    """A refusal (a price above the catalogue's, say) opens the dialog again with the
    refusal in it and what was typed kept: the next keys stay in the dialog, never fall
    into the scan field behind it (tester 12)."""
    try:
        while dialog.exec() and dialog.amount is not None:
            amount, reason = dialog.amount, dialog.reason
            with shown_errors(dialog.show_error) as failed:
                done = with_approval(context.till, context.window,
                                     lambda approval, a=amount, r=reason: call(a, r, approval))
            if failed:
                continue
            if done is not None:
                context.say(said.format(amount=format_money(amount)))
            return
    finally:
        dialog.deleteLater()
        _done(context)


def line_discount(context: DiscountToolContext) -> None:
    line = _line(context)
    if line is None:
        return
    room = context.till.discounts.line_room(line.line_id)
    dialog = AmountReasonDialog(
        _("Line discount"), _("{name}: {amount} before the discount.").format(
            name=product_name(line.product), amount=format_money(room)),
        _("Discount"), room, True, context.window)
    _run(context, dialog, lambda amount, reason, ok: context.till.discounts.set_line_discount(
        line.line_id, amount, reason, ok), _("Discount of {amount} on the line."))


def order_discount(context: DiscountToolContext) -> None:
    if context.till.sale.is_empty:
        context.error(PosError("cart_empty").message())
        return
    base = context.till.sale.totals().before_order_discount
    dialog = AmountReasonDialog(
        _("Sale discount"), _("The sale comes to {amount} before this discount.").format(
            amount=format_money(base)), _("Discount"), base, True, context.window)
    _run(context, dialog, lambda amount, reason, ok: context.till.discounts.set_order_discount(
        amount, reason, ok), _("Discount of {amount} on the sale."))


def change_price(context: DiscountToolContext) -> None:
    line = _line(context)
    if line is None:
        return
    room = context.till.discounts.line_room(line.line_id)
    now = (room - line.line_discount) // line.quantity
    dialog = AmountReasonDialog(
        _("Change price"), _("{name}: {amount} a unit now.").format(
            name=product_name(line.product), amount=format_money(now)),
        _("New price"), now, False, context.window, start=now)
    _run(context, dialog, lambda amount, reason, ok: context.till.discounts.change_price(
        line.line_id, amount, reason, ok), _("Price changed to {amount}."))


def void_line_asking(parent: QWidget, till: Till, line_id: str,
                     error: Callable[[str], None]) -> CartLine | None:
    """Del on the sale screen: the line removed, asking a manager first when its unit code
    was scanned; None when refused or cancelled (said through `error`)."""
    with shown_errors(error) as failed:
        done = with_approval(till, parent,
                             lambda approval: till.discounts.void_line(line_id, approval))
    parent.activateWindow()  # keys (and the scanner) back to the till, approved or not
    return None if failed else done
