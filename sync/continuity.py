"""Ask HQ what it holds of this terminal (GET /v1/devices/high-water): a restored till
continues its numbers after these (pos_app.services.continuity)."""

from __future__ import annotations

from sqlalchemy import Engine

from sync.client import HqClient
from sync.contract.registration import HighWater
from sync.link import hq_link, tls_options


def fetch_high_water(engine: Engine, timeout: float = 10.0) -> HighWater | None:
    """HQ's marks for this till, or None when it is not paired; PosError when HQ cannot be
    asked (unreachable, token refused)."""
    link = hq_link(engine)
    if link is None:
        return None
    with HqClient(link.hq_url, link.token, timeout=timeout, connect_timeout=min(timeout, 5),
                  **tls_options(link)) as client:
        return client.high_water()
