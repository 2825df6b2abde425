"""Receipt -> print operations, laid out by cells for 32, 42 or 48 columns.

Everything a customer reads is decided here: order of sections, labels (translated with the
app catalogue into the receipt's own language, the store's setting, never the language the
cashier's screen happens to speak), full-width ￥ amounts flush right, names wrapped instead
of cut.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from devices.printer.cells import cells, pad, paper_text, two_columns, wrap
from devices.printer.ops import Cut, DrawerKick, PrintOp, QrCode, TextLine, check_columns
from pos_app.domain.money import format_money
from pos_app.domain.receipt import Receipt, ReceiptLine, ReceiptMember, ReceiptTender
from pos_app.i18n import gettext_in

Translate = Callable[[str], str]

#: Full-width yuan sign: the printer's GB font has it, and it lines up as two cells.
PAPER_YUAN = "\uffe5"
_INDENT = "  "
COUPON = "coupon"  # a coupon's adjustment (pos_app.domain.coupons.rule.COUPON_KIND)


def paper_money(fen: int) -> str:
    """12.50 yuan as printed on paper: "￥12.50" ("-￥1.00" for discounts)."""
    return format_money(fen, PAPER_YUAN)


def layout_receipt(receipt: Receipt, columns: int) -> list[PrintOp]:
    """The whole receipt, top to bottom, ending with a cut; a sale that took cash starts
    with the drawer pulse (ESC p, once: `Receipt.opens_drawer`), so the drawer opens as the
    receipt prints, as a no-sale's does."""
    check_columns(columns)
    tr: Translate = partial(gettext_in, receipt.language)
    ops: list[PrintOp] = [DrawerKick()] if receipt.opens_drawer else []
    ops += _header(receipt, columns, tr)
    ops.append(_rule(columns))
    for line in receipt.lines:
        ops += _item(line, columns, tr)
    ops.append(_rule(columns))
    ops += _totals(receipt, columns, tr)
    ops += _tenders(receipt.tenders, receipt.change, columns, tr)
    if receipt.member is not None:
        ops.append(_rule(columns))
        ops += _member(receipt.member, columns, tr)
    ops.append(_rule(columns))
    ops += _closing(receipt, columns, tr)
    return ops


def reprint_marker(language: str) -> str:
    """"*** 重印 ***" on a Chinese receipt, "*** Reprint ***" on an English one."""
    word = gettext_in(language, "Reprint")  # outside the f-string, where extraction sees it
    return f"*** {word} ***"


def _header(receipt: Receipt, columns: int, _: Translate) -> list[PrintOp]:
    ops: list[PrintOp] = store_title(receipt.store_name, columns)
    if receipt.store_address:
        ops += [TextLine(text, align="center") for text in centred(receipt.store_address, columns)]
    if receipt.reprint:
        ops.append(_reprint_line(receipt, columns))
    ops += labelled(_("Receipt"), receipt.receipt_no, columns)
    ops += labelled(_("Date"), receipt.created_at.strftime("%Y-%m-%d %H:%M:%S"), columns)
    ops += labelled(_("Cashier"), receipt.cashier_name, columns)
    return ops


def _item(line: ReceiptLine, columns: int, _: Translate) -> list[PrintOp]:
    ops: list[PrintOp] = [TextLine(text) for text in wrap(paper_text(line.name), columns)]
    gross = line.amount + line.discount
    price = f"{_INDENT}{line.quantity} x {paper_money(line.unit_price)}"
    ops += [TextLine(text) for text in two_columns(price, paper_money(gross), columns)]
    member_price = line.member_unit_price
    if member_price is not None:  # list price above, member price and the saving here
        ops += labelled(_INDENT + _("Member price"), paper_money(member_price), columns)
        ops += labelled(_INDENT + _("Member saving"), paper_money(-line.member_saving), columns)
    for a in line.campaign_adjustments:  # HQ's campaign, by its own name: not translated
        ops += labelled(_INDENT + a.name, paper_money(-a.amount), columns)
    coupon = sum(a.amount for a in line.adjustments if a.kind == COUPON)  # issue 17
    if coupon:
        ops += labelled(_INDENT + _("Coupon"), paper_money(-coupon), columns)
    other = line.discount - line.member_saving - line.campaign_saving - coupon
    if other:
        ops += labelled(_INDENT + _("Discount"), paper_money(-other), columns)
    if line.unit_code:
        ops += labelled(_INDENT + _("Unit"), line.unit_code, columns)
    if line.guide_name:
        ops += labelled(_INDENT + _("Guide"), line.guide_name, columns)
    return ops


def _totals(receipt: Receipt, columns: int, _: Translate) -> list[PrintOp]:
    ops: list[PrintOp] = []
    ops += labelled(_("Qty"), str(receipt.item_count), columns)
    ops += labelled(_("Subtotal"), paper_money(receipt.subtotal), columns)
    if receipt.member_saving:
        ops += labelled(_("Member saving"), paper_money(-receipt.member_saving), columns)
    campaigns = receipt.campaigns
    for name, amount in campaigns:
        ops += labelled(name, paper_money(-amount), columns)
    coupon = sum(a.amount for ln in receipt.lines for a in ln.adjustments if a.kind == COUPON)
    if coupon:
        ops += labelled(_("Coupon"), paper_money(-coupon), columns)
    other = (receipt.discount_total - receipt.member_saving - sum(a for _n, a in campaigns)
             - coupon)
    if other:
        ops += labelled(_("Discount"), paper_money(-other), columns)
    ops += [
        TextLine(text, bold=True, double=True)
        for text in two_columns(paper_text(_("Total")), paper_money(receipt.total), columns // 2)
    ]
    if campaigns:  # what the customer kept, said once under the total
        ops += labelled(_("You saved"), paper_money(receipt.discount_total), columns)
    ops += labelled(_("Tax incl."), paper_money(receipt.tax_total), columns)
    return ops


def _tenders(
    tenders: tuple[ReceiptTender, ...], change: int, columns: int, _: Translate
) -> list[PrintOp]:
    ops: list[PrintOp] = []
    for tender in tenders:
        ops += labelled(tender.label, paper_money(tender.amount), columns)
        if tender.reference:
            ops += labelled(_INDENT + _("Ref"), tender.reference, columns)
    if change:
        ops += labelled(_("Change"), paper_money(change), columns)
    return ops


def _member(member: ReceiptMember, columns: int, _: Translate) -> list[PrintOp]:
    """Who the points went to (masked) and what this sale did to them."""
    ops: list[PrintOp] = []
    ops += labelled(_("Member"), member.masked, columns)
    ops += labelled(_("Points earned"), f"+{member.points_earned}", columns)
    if member.points_redeemed:
        ops += labelled(_("Points redeemed"), f"-{member.points_redeemed}", columns)
    ops += labelled(_("Points balance"), str(member.points_balance), columns)
    return ops


def _reprint_line(receipt: Receipt, columns: int) -> TextLine:
    return TextLine(pad(reprint_marker(receipt.language), columns, "center").rstrip(), bold=True)


def _closing(receipt: Receipt, columns: int, _: Translate) -> list[PrintOp]:
    caption = centred(_("Scan for e-receipt or returns"), columns)
    ops: list[PrintOp] = [QrCode(receipt.qr_payload)]
    ops += [TextLine(text, align="center") for text in caption]
    footer = receipt.footer or _("Thank you")
    ops += [TextLine(text, align="center") for text in centred(footer, columns)]
    if receipt.reprint:
        ops.append(_reprint_line(receipt, columns))
    ops.append(Cut())
    return ops


def labelled(label: str, value: str, columns: int) -> list[TextLine]:
    """A label flush left and its value flush right, wrapping a long label."""
    return [TextLine(t) for t in two_columns(paper_text(label), paper_text(value), columns)]


def store_title(name: str, columns: int) -> list[PrintOp]:
    """The store's name at the top of every paper: bold, double size, centred (wrapped to
    half the columns, as double-size characters are twice as wide)."""
    return [TextLine(text, bold=True, double=True, align="center")
            for text in centred(name, columns // 2)]


def centred(text: str, width: int) -> list[str]:
    """Lines of `text` wrapped to `width`; the printer centres them (ESC a 1)."""
    return [line.strip() for line in wrap(paper_text(text), width)]


def _rule(columns: int) -> TextLine:
    return TextLine("-" * columns)


def line_fits(op: TextLine, columns: int) -> bool:
    """True when the printed line, at its size, stays inside the paper width."""
    return cells(op.text) * op.scale <= columns
