"""Pairing a till with HQ (`POST /v1/devices/register`) and what HQ answers."""

from __future__ import annotations

from pydantic import Field

from sync.contract.fields import Strict


class RegisterRequest(Strict):
    enrollment_code: str = Field(min_length=6, max_length=64)
    device_name: str = Field(default="", max_length=120)
    # The pairing attempt's own random string (sync.pairing), the same on each retry: HQ
    # answers the same code + nonce again for a short while, so a lost answer does not burn
    # the code. Empty (a till from before) = never answered again.
    nonce: str = Field(default="", max_length=128, pattern=r"^([A-Za-z0-9_-]{22,})?$")


class HighWater(Strict):
    """What HQ holds of a terminal (hq.continuity): a till paired again, or restored from a
    backup, continues its numbers after these."""

    receipt_seq: int = Field(default=0, ge=0)  # highest receipt number HQ booked (000123 → 123)
    return_seq: int = Field(default=0, ge=0)
    outbox_seq: int = Field(default=0, ge=0)  # highest push-order number HQ received


class RegisterResponse(Strict):
    device_token: str  # shown once; HQ keeps only its hash
    high_water: HighWater = Field(default_factory=HighWater)
    device_id: str
    store_id: str
    store_code: str
    store_name: str
    store_address: str = ""
    terminal_id: str
    terminal_code: str
    # hex; the store's secret the staff stream's PIN hashes are keyed with (pos_app.domain.pins)
    staff_pepper: str = Field(default="", max_length=128)


class PepperResponse(Strict):
    staff_pepper: str = Field(max_length=128)
