"""Every Del of a line is audited (tester's finding 3, issue 18): the Z's 'lines voided'
counts real removals, not 0."""

from __future__ import annotations

import json

from tests.ui.conftest import db_rows
from tests.ui.test_sale_flow import COLA


def test_a_voided_line_writes_a_line_voided_row(make_window):
    window, container = make_window()
    till = window.till
    till.sign_in("1001", "1111")
    till.open_shift(20000)
    till.sale.scan(COLA)
    till.sale.void_line(till.sale.cart.lines[0].line_id)
    assert till.sale.is_empty
    (detail,), = db_rows(container.data_dir / "terminal.db",
                         "SELECT detail FROM audit_log WHERE action='line_voided'")
    data = json.loads(detail)
    assert data["qty"] == 1 and data["amount"] == 350 and data["sku"]
    assert till.shifts.x_report().lines_voided == 1
