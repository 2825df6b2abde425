"""The permissions probe of a return without receipt (tests/services/test_permissions.py):
walked through the real till for every role."""

from __future__ import annotations

from pos_app.domain.permissions import Action, Rule
from pos_app.errors import PosError
from pos_app.services.returns.no_receipt import NoReceiptLine
from pos_app.services.till import Till
from tests.services.unit_world import COLA

MANAGER = ("9001", "9999")


def return_without_receipt(world, till: Till) -> Rule:
    cola = till.returns.look_up_item(COLA)
    try:
        done = till.returns.complete_without_receipt([NoReceiptLine(cola)], "cash", "defective")
    except PosError as exc:
        assert exc.code == "return_without_receipt_needs_manager"
    else:
        assert done.refund_total == 350 and done.kind == "no_receipt"
        return Rule.ALLOWED
    lines = [NoReceiptLine(cola)]
    asked = till.returns.without_receipt_ask(lines, "store_credit")  # what the prompt shows
    assert (asked.action, asked.entity, asked.after) == (
        Action.RETURN_WITHOUT_RECEIPT, "store_credit", 350)
    approval = till.approve(asked, *MANAGER)
    done = till.returns.complete_without_receipt(lines, "store_credit", "lost_receipt",
                                                 approved_by=approval)
    assert done.refunds[0].reference.endswith("C000001")
    return Rule.APPROVAL
