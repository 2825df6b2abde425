"""Reference HQ server: device pairing, event push (outbox → HQ), change-log pull (HQ → terminal).

It imports the wire contract (`sync.contract`) and pure rules (`pos_app.domain`), nothing else
of the terminal, so it can run on a machine that has no Qt and no terminal database.
"""
