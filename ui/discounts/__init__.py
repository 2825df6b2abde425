"""The cashier's price change, line and order discounts and the scanned unit's line void at
the sale screen (issue 18): a small dialog each (amount + reason), the manager's approval
through the one prompt when the till asks for it. Opened from the "More…" tools
(ui/tools/registry.py) and, for Del on a tracked line, from the sale screen."""

from ui.discounts.tools import change_price, line_discount, order_discount, void_line_asking

__all__ = ["change_price", "line_discount", "order_discount", "void_line_asking"]
