"""The wire contract between terminal and HQ: every pushed event, every pulled row, the
envelopes around them. Both sides import these models, so a payload the terminal builds is
checked by the same rules HQ applies, on the terminal, before it is queued.

Pure pydantic: imports only pydantic, the standard library and `pos_app.domain` (HQ may
import this package and the domain, nothing else of the terminal). Money is integer fen,
ids are terminal- or HQ-made UUID strings, times ISO-8601 UTC. Every model forbids unknown
fields. Registries: `sync.contract.events` (event type → payload model) and
`sync.contract.streams` (pulled streams, in order); each says how to add an entry.
"""
