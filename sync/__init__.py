"""Sync with HQ (outbox pusher, change puller, worker). Not built yet: the terminal runs
stand-alone and its sales wait in the outbox_event table, written with each sale."""
