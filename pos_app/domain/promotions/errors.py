"""The promotions' refusals: a PosError of their own, so HQ (which may import the domain but
not the terminal's kernel) can catch exactly these when it validates a campaign."""

from __future__ import annotations

from pos_app.errors import PosError


class PromotionError(PosError):
    """A rule, a campaign or a preview cart the engine refuses; `code` names why."""
