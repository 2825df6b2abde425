"""Real staff at HQ for the KPI event tests: HQ applies a re-attribution or a target only if
its manager and guide are staff of the pushing device's store (hq.store_staff)."""

from __future__ import annotations

from itertools import count

from hq import admin
from tests.hq.server import HQServer

_codes = count(7001)


def hire(hq: HQServer, store_code: str, role: str) -> str:
    """A new staff member of `store_code` (the store exists already); returns the id."""
    hq.ensure_terminal(store_code)
    return admin.create_staff(hq.engine, store_code, str(next(_codes)), f"{role} {store_code}",
                              role, "1234")
