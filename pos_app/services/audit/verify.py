"""`shopfloor audit verify`: walk the chain once, name the first row that breaks it.

Streams rows through the raw sqlite3 cursor (no ORM object per row); SQLite builds each keyed
row's canonical bytes with `||` (pos_app.domain.audit.chain says which), Python adds one
HMAC per row: a million rows verify in a few seconds (bench/audit.py). What it finds:
- a row whose MAC (or legacy digest) does not match: **changed** (edited, or forged without
  the key);
- a seq that jumps: the rows in between are **missing** (deleted);
- a row whose prev_hash is not the hash of the row before it: **out of place** (inserted,
  or an earlier row was replaced);
- a row past the key's start written without it: **unkeyed** (a chain rebuilt with plain
  SHA-256 or another key);
- a keyed row whose key this terminal does not hold: **unprovable** (the key was lost).
A deleted tail leaves no trace in the file: the heads HQ holds catch it (`--against-hq`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pos_app.domain.audit import GENESIS, KeyedMac, legacy_at, legacy_digest
from pos_app.i18n import _
from pos_app.services.audit.head import AuditHead
from pos_app.services.audit.keys import Epochs, read_epochs

_LEGACY = ("SELECT seq, id, at, staff_id, action, entity_id, detail, prev_hash, hash, {key_id}"
           " FROM audit_log WHERE seq < ? ORDER BY seq")
_KEYED = ("SELECT CAST(prev_hash || char(31) || seq || char(31) || id || char(31) || at"
          " || char(31) || coalesce(staff_id, '') || char(31) || action || char(31) || entity_id"
          " || char(31) || detail AS BLOB), hash"
          " FROM audit_log WHERE seq >= ? AND seq < ? ORDER BY seq")
_NTH = "SELECT seq FROM audit_log WHERE seq >= ? AND seq < ? ORDER BY seq LIMIT 1 OFFSET ?"
_LINK = "SELECT prev_hash, key_id FROM audit_log WHERE seq = ?"
_ROW = "SELECT action, at FROM audit_log WHERE seq = ?"
_END = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Break:
    """The first row that does not hold, named as a person looks it up."""

    kind: str  # changed | missing | out_of_place | unkeyed | unprovable
    seq: int
    action: str  # '' when the row is gone
    at: str
    key_id: str = ""

    def message(self) -> str:
        where = {"seq": self.seq, "action": self.action or "?", "at": self.at or "?"}
        texts = {
            "changed": _("Audit row {seq} ({action}, {at}) was changed: its seal does not "
                         "match its content."),
            "missing": _("Audit row {seq} is missing: the chain jumps past it (next row: "
                         "{action}, {at})."),
            "out_of_place": _("Audit row {seq} ({action}, {at}) does not follow the row "
                              "before it: a row was inserted or replaced there."),
            "unkeyed": _("Audit row {seq} ({action}, {at}) is not sealed with this "
                         "terminal's key: the chain was rebuilt from there."),
            "unprovable": _("Audit row {seq} ({action}, {at}) is sealed with a key this "
                            "terminal does not hold ({key}): it cannot be proven."),
        }
        return texts[self.kind].format(key=self.key_id, **where)


@dataclass(frozen=True, slots=True)
class VerifyReport:
    count: int  # rows that verified
    keyed: int  # of them sealed with the terminal key
    head: AuditHead  # the last row that verified
    broken: Break | None
    has_key: bool

    @property
    def ok(self) -> bool:
        return self.broken is None


class _Walk:
    """State shared by the legacy and keyed passes: the next seq and hash expected."""

    def __init__(self) -> None:
        self.expect, self.last, self.count, self.keyed = 1, GENESIS, 0, 0

    def check_place(self, conn: sqlite3.Connection, seq: int, prev: str) -> Break | None:
        if seq != self.expect:
            action, at = _named(conn, seq)
            return Break("missing", self.expect, action, at)
        if prev != self.last:
            return Break("out_of_place", seq, *_named(conn, seq))
        return None


def _named(conn: sqlite3.Connection, seq: int) -> tuple[str, str]:
    row = conn.execute(_ROW, (seq,)).fetchone()
    return (str(row[0]), str(row[1])) if row else ("", "")


def _legacy(conn: sqlite3.Connection, walk: _Walk, before: int) -> Break | None:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(audit_log)")}
    if not columns:
        return None  # a store file from before any schema: nothing to verify
    # a file not yet migrated to 0018 (verify runs read-only, beside or before the till)
    query = _LEGACY.format(key_id="key_id" if "key_id" in columns else "''")
    for seq, row_id, at, staff, action, entity, detail, prev, digest, key_id in conn.execute(
            query, (before,)):
        if key_id:
            return Break("unprovable", seq, action, at, key_id)
        if (broken := walk.check_place(conn, seq, prev)) is not None:
            return broken
        if legacy_digest(prev, row_id, legacy_at(at), staff, action, entity, detail) != digest:
            return Break("changed", seq, action, at)
        walk.expect, walk.last, walk.count = seq + 1, digest, walk.count + 1
    return None


def _keyed(conn: sqlite3.Connection, walk: _Walk, epochs: Epochs) -> Break | None:
    """The hot loop: per row one MAC and one link test (the previous hash opens the message).
    Seq and separators need no test of their own: the MAC covers the seq and the previous
    hash, so a row moved, dropped or spliced breaks a MAC or a link; and the writer never
    seals a field holding 0x1F, so sealed bytes parse one way only. The first failure is
    classified row by row (`_keyed_break`)."""
    bounds = [e.since for e in epochs.epochs[1:]] + [_END]
    for epoch, until in zip(epochs.epochs, bounds, strict=True):
        pad_in, pad_out = KeyedMac(epoch.key).pads()
        inner, outer = pad_in.copy, pad_out.copy  # type: ignore[attr-defined]
        prev, done = walk.last.encode(), 0
        for message, digest in conn.execute(_KEYED, (epoch.since, until)):
            i = inner()
            i.update(message)
            o = outer()
            o.update(i.digest())
            if o.hexdigest() != digest or not message.startswith(prev):
                break
            prev, done = digest.encode(), done + 1
        else:
            message = None
        if done:
            last_seq = _nth_seq(conn, epoch.since, until, done - 1)
            if last_seq != walk.expect + done - 1:  # the epoch's first row is not `expect`
                first = _nth_seq(conn, epoch.since, until, 0)
                return (walk.check_place(conn, first, walk.last)
                        or Break("missing", walk.expect, *_named(conn, first)))
            walk.expect, walk.last = last_seq + 1, prev.decode()
            walk.count, walk.keyed = walk.count + done, walk.keyed + done
        if message is not None:
            seq = _nth_seq(conn, epoch.since, until, done)
            prev_hash, key_id = conn.execute(_LINK, (seq,)).fetchone()
            return _keyed_break(conn, walk, epochs, seq, prev_hash, key_id)
    return None


def _nth_seq(conn: sqlite3.Connection, since: int, until: int, offset: int) -> int:
    return int(conn.execute(_NTH, (since, until, offset)).fetchone()[0])


def _keyed_break(conn: sqlite3.Connection, walk: _Walk, epochs: Epochs, seq: int, prev: str,
                 key_id: str) -> Break:
    if (broken := walk.check_place(conn, seq, prev)) is not None:
        return broken
    action, at = _named(conn, seq)
    if not key_id:
        return Break("unkeyed", seq, action, at)
    if key_id not in {e.key_id for e in epochs.epochs}:
        return Break("unprovable", seq, action, at, key_id)
    return Break("changed", seq, action, at)


def verify_connection(conn: sqlite3.Connection, epochs: Epochs) -> VerifyReport:
    """Walk every row of `conn`'s audit_log with the keys in `epochs`."""
    walk = _Walk()
    first_keyed = epochs.first_keyed
    broken = _legacy(conn, walk, _END if first_keyed is None else first_keyed)
    if broken is None and first_keyed is not None:
        broken = _keyed(conn, walk, epochs)
    return VerifyReport(walk.count, walk.keyed, AuditHead(walk.expect - 1, walk.last), broken,
                        first_keyed is not None)


def verify_file(db: Path) -> VerifyReport:
    """Verify the store file read-only (beside a running till) with the keys its secret
    store holds for it."""
    epochs = read_epochs(str(Path(db).resolve()))
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return verify_connection(conn, epochs)
    finally:
        conn.close()
