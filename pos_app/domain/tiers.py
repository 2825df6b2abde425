"""Member tiers (PRODUCT §4), defined once: HQ assigns them, the till earns points by them
and shows their names.

HQ's thresholds are the live ones (lifetime spend: ¥2,000 / ¥10,000 / ¥50,000); the till's
own table of ¥5k/20k/50k on rolling spend was never used to assign a tier and is gone.
Members keep the tier HQ already gave them: nothing stored is recomputed by this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.i18n import N_

PERMILLE = 1000


@dataclass(frozen=True)
class Tier:
    code: str  # as stored and sent on the wire
    label: str  # English msgid: translate where shown
    threshold_fen: int  # lifetime spend from which HQ gives this tier
    multiplier_permille: int  # points multiplier (1000 = ×1)


TIERS: tuple[Tier, ...] = (  # lowest first
    Tier("regular", N_("Regular"), 0, 1000),
    Tier("silver", N_("Silver"), 200_000, 1200),
    Tier("gold", N_("Gold"), 1_000_000, 1500),
    Tier("diamond", N_("Diamond"), 5_000_000, 2000),
)
TIER_CODES = tuple(t.code for t in TIERS)
_BY_CODE = {t.code: t for t in TIERS}


def tier(code: str | None) -> Tier:
    """The tier of `code`; a missing or unknown code (HQ added one this till does not know
    yet) acts as regular."""
    return _BY_CODE.get(code or "regular", TIERS[0])


def tier_for_spend(lifetime_spend_fen: int) -> str:
    """The highest tier whose threshold the spend reaches (HQ's rule, recomputed whenever a
    member's spend changes)."""
    return next(t.code for t in reversed(TIERS) if lifetime_spend_fen >= t.threshold_fen)


def tier_multiplier(code: str | None) -> int:
    """Per-mille points multiplier of a tier; an unknown or missing tier earns like regular."""
    return tier(code).multiplier_permille
