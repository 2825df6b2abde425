"""GiftSlip -> print operations and ESC/POS bytes (GB18030), for 32, 42 or 48 columns.

Laid out with the receipt's own cells (labels in the store's receipt language, Chinese
names wrapped, not cut), so a slip reads like the receipt it sits beside.
"""

from __future__ import annotations

from functools import partial

from devices.printer.cells import paper_text, wrap
from devices.printer.escpos_render import render_ops
from devices.printer.layout import Translate, labelled, store_title
from devices.printer.ops import Cut, Feed, PrintOp, QrCode, TextLine, check_columns
from pos_app.domain.gift_slip import GiftSlip
from pos_app.i18n import gettext_in


def layout_gift_slip(slip: GiftSlip, columns: int) -> list[PrintOp]:
    """The whole slip, top to bottom, ending with a cut."""
    check_columns(columns)
    _: Translate = partial(gettext_in, slip.language)
    rule = TextLine("-" * columns)
    ops: list[PrintOp] = store_title(slip.store_name, columns)
    ops.append(TextLine(_("Gift slip"), bold=True, align="center"))
    ops.append(rule)
    ops += labelled(_("Slip"), slip.slip_no, columns)
    ops += labelled(_("Date"), slip.redeemed_at.strftime("%Y-%m-%d %H:%M:%S"), columns)
    ops += labelled(_("Member"), slip.member_masked, columns)
    if slip.coupon_title:
        ops += [TextLine(t) for t in wrap(paper_text(slip.coupon_title), columns)]
    ops.append(rule)
    ops.append(TextLine(_("Gift"), bold=True))
    ops += [TextLine(t) for t in wrap(paper_text(slip.gift_name), columns)]
    ops += labelled(_("Unit"), slip.unit_key, columns)
    ops += labelled(_("Guide"), slip.guide_name, columns)
    ops.append(rule)
    ops.append(QrCode(slip.qr_payload))
    ops.append(TextLine(_("Keep this slip with the gift."), align="center"))
    ops += [Feed(2), Cut()]
    return ops


def render_gift_slip(slip: GiftSlip, columns: int) -> bytes:
    """The exact bytes sent to the printer for `slip` at `columns` wide."""
    return render_ops(layout_gift_slip(slip, columns), columns)
