"""Counting the drawer at close: RMB denominations, the pieces typed for each, and the
other tenders counted as totals (or taken as expected when left out)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pos_app.domain.money import parse_yuan
from pos_app.errors import PosError
from pos_app.i18n import N_, gettext

# Fen per note or coin, largest first: ¥100, ¥50, ¥20, ¥10, ¥5, ¥1, 5 jiao, 1 jiao, 1 fen.
# Prices, change and refunds are exact to the fen (a cash refund of ¥209.05 puts fen in the
# drawer), so the count goes to the fen too, or such a shift could never balance. The fen
# coins are one row (2- and 5-fen coins are counted as their fen): they are rare, and the
# close must still fit a 768-pixel screen.
DENOMINATIONS: tuple[int, ...] = (10000, 5000, 2000, 1000, 500, 100, 50, 10, 1)
_LABELS = {
    10000: N_("¥100"), 5000: N_("¥50"), 2000: N_("¥20"), 1000: N_("¥10"), 500: N_("¥5"),
    100: N_("¥1"), 50: N_("5 jiao"), 10: N_("1 jiao"), 1: N_("1 fen"),
}
MAX_PIECES = 100_000  # more notes of one kind than a drawer holds is a typing slip


def denomination_label(fen: int) -> str:
    """'¥100' … '5 jiao' in the screen's language (the slip translates on its own)."""
    return gettext(_LABELS[fen])


@dataclass(frozen=True)
class Count:
    """What the person closing counted. `cash`: denomination (fen) → pieces; `others`:
    tender kind → fen counted. A tender missing from `others` is accepted as expected
    (card and mobile payments are settled by the acquirer, not counted by hand)."""

    cash: Mapping[int, int] = field(default_factory=dict)
    others: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for fen, pieces in self.cash.items():
            if fen not in DENOMINATIONS:
                raise PosError("count_denomination_invalid", value=fen)
            _check_int(pieces, MAX_PIECES)
        for amount in self.others.values():
            _check_int(amount, 10**12)

    @property
    def cash_total(self) -> int:
        return sum(fen * pieces for fen, pieces in self.cash.items())

    def counted(self, kind: str, expected: int) -> int:
        """Fen counted for tender `kind` (cash from its pieces), `expected` when not counted."""
        if kind == "cash":
            return self.cash_total
        return self.others.get(kind, expected)

    def pieces(self) -> tuple[tuple[int, int], ...]:
        """(denomination, pieces) largest first, zero rows left out: what the slip lists."""
        return tuple((fen, self.cash[fen]) for fen in DENOMINATIONS if self.cash.get(fen))


def _check_int(value: object, limit: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        raise PosError("count_invalid", value=value)


def parse_pieces(text: str) -> int:
    """A typed number of notes or coins ('' = 0; full-width digits from a Chinese IME
    too); PosError for anything else."""
    cleaned = text.strip()
    if not cleaned:
        return 0
    if not cleaned.isdecimal() or int(cleaned) > MAX_PIECES:
        raise PosError("count_invalid", value=text)
    return int(cleaned)


def parse_total(text: str) -> int:
    """A typed tender total in yuan ('1234.50') as fen; PosError when it is not money."""
    fen = parse_yuan(text)
    if fen is None or fen < 0:
        raise PosError("count_invalid", value=text)
    return fen
