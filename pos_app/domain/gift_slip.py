"""The gift slip a guide hands over with a coupon's gift (PRODUCT §5): what the paper shows.

The slip proves the gift left the shelf against a coupon: the member only masked (the slip
may be left on the counter), the gift by name and its own unit code (一物一码), the guide who
handed it over, and a QR a manager or HQ scans to find the redemption (`SFG:<id>`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class GiftSlip:
    store_name: str
    slip_no: str  # <store>-<terminal>-G<seq>, as the redemption row keeps it
    redemption_id: str  # coupon_redemption.id, carried in the QR
    redeemed_at: datetime  # local time, for display
    member_masked: str  # 138****5678 or 陈*: never whole
    gift_name: str
    unit_key: str
    guide_name: str
    coupon_title: str = ""
    campaign: str = ""
    language: str = "zh_CN"  # the store's receipt language

    @property
    def qr_payload(self) -> str:
        return f"SFG:{self.redemption_id}"
