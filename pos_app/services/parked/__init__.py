"""Parked sales (挂单), the till's open cart kept across restarts, and voiding a whole sale.

`store` owns the parked_cart table; `hold` holds the use cases the Till exposes as
`till.held` (the UI's only way in); `outcomes` are what they answer.
"""

from pos_app.services.parked.hold import HoldAndVoid, keeps_cart
from pos_app.services.parked.outcomes import (
    CartBack,
    NeedsApproval,
    Parked,
    ParkedSale,
    RestoreFailed,
    Voided,
)
from pos_app.services.parked.store import CartStore

__all__ = ["CartBack", "CartStore", "HoldAndVoid", "NeedsApproval", "Parked", "ParkedSale",
           "RestoreFailed", "Voided", "keeps_cart"]
