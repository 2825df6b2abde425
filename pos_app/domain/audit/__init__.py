"""The audit chain's bytes and check values, defined once for the till, its tools and benches."""

from pos_app.domain.audit.chain import (
    GENESIS,
    SEP,
    KeyedMac,
    canonical,
    key_id,
    legacy_at,
    legacy_digest,
)

__all__ = ["GENESIS", "SEP", "KeyedMac", "canonical", "key_id", "legacy_at", "legacy_digest"]
