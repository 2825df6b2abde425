"""An audit row's canonical bytes and its check value (docs/audit.md §The bytes).

Keyed rows (issue 18): `hash = HMAC-SHA256(key, canonical(row))` where the canonical bytes
are the row's fields as stored, UTF-8, joined by the unit separator 0x1F, in this order:

    prev_hash ␟ seq ␟ id ␟ at ␟ staff_id ␟ action ␟ entity_id ␟ detail

`at` is the stored text (`YYYY-MM-DD HH:MM:SS.ffffff`, UTC), `seq` in decimal, a missing
staff id is empty. No field may hold 0x1F (the writer refuses it), so a sealed message has
exactly seven separators and splits one way only: bytes moved between fields no longer
match any sealed message. SQLite can build the same bytes with `||` (the verifier does, so a
million rows cost one C loop plus one MAC each).

Legacy rows (written before the key existed) keep their old check value, a plain SHA-256
of the JSON list `[prev_hash, id, at ISO 8601, staff_id, action, entity_id, detail]`; they
verify as a prefix, and the first keyed row's MAC covers the last legacy hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json

GENESIS = "0" * 64
SEP = "\x1f"
_KEY_ID_LABEL = b"shopfloor-audit-key-id"


def canonical(prev_hash: str, seq: int, row_id: str, at: str, staff_id: str | None,
              action: str, entity_id: str, detail: str) -> bytes:
    """The bytes a keyed row's MAC covers; ValueError when a field holds the separator."""
    fields = (prev_hash, str(seq), row_id, at, staff_id or "", action, entity_id, detail)
    if any(SEP in f for f in fields):
        raise ValueError("an audit field may not contain the unit separator (0x1F)")
    return SEP.join(fields).encode("utf-8")


class KeyedMac:
    """HMAC-SHA256 with the key's pads hashed once: per row, two small updates (the verifier
    runs this a million times; `hmac.new` per row costs twice as much)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("an audit key has at least 32 bytes")
        block = hashlib.sha256().block_size
        padded = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))

    def pads(self) -> tuple[object, object]:
        """The two keyed SHA-256 states (inner, outer) a hot loop copies itself."""
        return self._inner, self._outer

    def hexdigest(self, message: bytes) -> str:
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


def key_id(key: bytes) -> str:
    """A short public name of a key (stored on each row it seals); reveals nothing of it."""
    return hmac.new(key, _KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]


def legacy_at(stored: str) -> str:
    """The ISO text the legacy digest used, from the stored `YYYY-MM-DD HH:MM:SS.ffffff`
    (Python's isoformat leaves out a zero microsecond part)."""
    text = stored.replace(" ", "T", 1)
    if text.endswith(".000000"):
        text = text[:-7]
    return text + "+00:00"


def legacy_digest(prev_hash: str, row_id: str, at_iso: str, staff_id: str | None,
                  action: str, entity_id: str, detail: str) -> str:
    """The unkeyed SHA-256 of rows written before issue 18 (kept only to verify them)."""
    body = json.dumps([prev_hash, row_id, at_iso, staff_id, action, entity_id, detail],
                      ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
