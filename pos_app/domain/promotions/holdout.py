"""The holdout: a fixed share of members a campaign leaves out, so its ROI can be measured
against people it did not touch (issue 16 item 6).

Who is held out is a pure function of (campaign id, member id), so the till and HQ, online or
offline, today or next month, always agree without asking anyone: the SHA-256 of the UTF-8
text `<campaign id>/<member id>` (a campaign id never holds "/"), its first 4 bytes read as
a big-endian unsigned number, modulo 1000; the member is held out iff that is below the
campaign's `holdout_permille`. A 2**32 range over 1000 buckets is uniform to within 1e-6,
so over many members the share held out is the permille. Hashing with the campaign id makes
each campaign choose its own members: nobody is left out of every campaign.

A walk-in (no member) is never held out: there is nobody to compare later.
"""

from __future__ import annotations

import hashlib

PERMILLE = 1000


def holdout_bucket(campaign_id: str, member_id: str) -> int:
    """0–999: the member's stable bucket for this campaign."""
    digest = hashlib.sha256(f"{campaign_id}/{member_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % PERMILLE


def held_out(campaign_id: str, member_id: str | None, permille: int) -> bool:
    """Whether this member gets nothing from this campaign (see the module's docstring)."""
    if member_id is None or permille <= 0:
        return False
    return holdout_bucket(campaign_id, member_id) < permille
