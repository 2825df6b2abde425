"""HTTP routes, one small module per part of the sync protocol (docs/sync.md)."""
