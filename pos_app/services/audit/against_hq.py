"""`shopfloor audit verify --against-hq`: the till's rows at the seqs HQ holds heads for must
still carry those hashes. This is what catches what the file alone cannot show: a deleted
tail, or a chain rebuilt by someone who also held the key.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pos_app.errors import PosError
from pos_app.i18n import _
from sync.contract.events_audit import HeldHead

FetchHeads = Callable[[Path], list[HeldHead]]


@dataclass(frozen=True, slots=True)
class HqDisagreement:
    kind: str  # differs | gone | hq_flagged
    seq: int
    action: str
    at: str
    told_at: str  # when the till told HQ (its own clock), YYYY-MM-DD HH:MM

    def message(self) -> str:
        texts = {
            "differs": _("Audit row {seq} ({action}, {at}) is not the row HQ was told of on "
                         "{told}: the chain was rebuilt after that."),
            "gone": _("Audit row {seq}, which HQ was told of on {told}, is gone from this "
                      "till: rows were deleted (or an older backup was put back)."),
            "hq_flagged": _("HQ holds two different seals for audit row {seq}: this till "
                            "reported a rebuilt chain (see shopfloor-hq admin audit-heads)."),
        }
        return texts[self.kind].format(seq=self.seq, action=self.action or "?",
                                       at=self.at or "?", told=self.told_at)


@dataclass(frozen=True, slots=True)
class HqComparison:
    heads: int  # heads HQ holds (at most the last thousand)
    disagreement: HqDisagreement | None

    @property
    def ok(self) -> bool:
        return self.disagreement is None


def _fetch_from_hq(db: Path) -> list[HeldHead]:
    from local_db.database import open_database
    from sync.client import HqClient
    from sync.link import hq_link, tls_options

    engine = open_database(db)
    try:
        link = hq_link(engine)
    finally:
        engine.dispose()
    if link is None:
        raise PosError("not_paired")
    with HqClient(link.hq_url, link.token, timeout=10, connect_timeout=3,
                  **tls_options(link)) as client:
        return client.audit_heads().heads


def compare_with_hq(db: Path, fetch: FetchHeads = _fetch_from_hq) -> HqComparison:
    """Each head HQ holds, lowest seq first; the first that the file contradicts is named.
    PosError when not paired or HQ cannot be asked."""
    heads = sorted(fetch(db), key=lambda h: h.seq)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        for head in heads:
            told = head.reported_at.strftime("%Y-%m-%d %H:%M")
            if not head.agrees:
                return HqComparison(len(heads), HqDisagreement("hq_flagged", head.seq, "", "",
                                                               told))
            if head.seq == 0:
                continue
            row = conn.execute("SELECT hash, action, at FROM audit_log WHERE seq = ?",
                               (head.seq,)).fetchone()
            if row is None:
                return HqComparison(len(heads), HqDisagreement("gone", head.seq, "", "", told))
            if row[0] != head.hash:
                return HqComparison(len(heads), HqDisagreement(
                    "differs", head.seq, str(row[1]), str(row[2]), told))
    finally:
        conn.close()
    return HqComparison(len(heads), None)
