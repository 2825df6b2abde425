"""Sync with HQ: HTTP client, pairing, outbox pusher, change puller and a background worker.

No Qt here: the worker is a plain thread with callbacks; `ui/sync_bridge.py` turns them
into signals. The wire contract is `sync/contract/`, shared with `hq/`; docs/sync.md says why.
"""
