"""The name a screen shows for a product: its English name on an English screen when it has
one, else its Chinese name.

Screens only: a receipt, a return slip and the stored sale row keep the Chinese name and
follow the store's receipt language (pos_app.services.receipts), whatever language the
cashier's screen speaks, so one store prints one way.
"""

from __future__ import annotations

from pos_app.domain.cart import ProductSnapshot
from pos_app.i18n import language


def screen_name(name_zh: str, name_en: str | None) -> str:
    """`name_en` on an English screen when there is one; `name_zh` otherwise."""
    if language() == "en" and name_en:
        return name_en
    return name_zh


def product_name(product: ProductSnapshot) -> str:
    """A scanned product's name as this screen shows it."""
    return screen_name(product.name, product.name_en)
