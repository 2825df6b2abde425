"""GET /v1/devices/high-water: what HQ holds of this device's terminal (hq.continuity).

A till asks after restoring a backup, so its receipt and outbox numbers continue after
everything HQ already booked, even the sales made after the backup was taken."""

from __future__ import annotations

from fastapi import APIRouter, Request

from hq.auth import CurrentDevice, get_engine
from hq.continuity import high_water
from sync.contract.envelope import ErrorBody
from sync.contract.registration import HighWater

router = APIRouter()


@router.get("/devices/high-water", response_model=HighWater,
            responses={401: {"model": ErrorBody}})
def get_high_water(request: Request, device: CurrentDevice) -> HighWater:
    with get_engine(request).connect() as conn:
        return high_water(conn, device.terminal_id)
