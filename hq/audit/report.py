"""`shopfloor-hq admin audit-heads [--store S]`: each terminal's last head and every
disagreement HQ holds (a seq reported with two hashes), as text a person reads."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from hq import models as m
from hq.models_audit import AuditHead

_T = AuditHead.__table__


def audit_heads(engine: Engine, store_code: str | None = None) -> list[dict[str, Any]]:
    """Per terminal: store/terminal codes, last agreeing head (seq, hash, reported/received)
    and the disagreeing heads (seq, hash, received_at), oldest first."""
    term, store = m.Terminal.__table__, m.Store.__table__
    last = (select(_T.c.terminal_id, func.max(_T.c.seq).label("seq"))
            .where(_T.c.agrees).group_by(_T.c.terminal_id).subquery())
    query = (select(store.c.code.label("store"), term.c.code.label("terminal"),
                    term.c.id.label("terminal_id"), _T.c.seq, _T.c.hash, _T.c.reported_at,
                    _T.c.received_at, _T.c.source)
             .join(last, (last.c.terminal_id == _T.c.terminal_id) & (last.c.seq == _T.c.seq))
             .join(term, term.c.id == _T.c.terminal_id)
             .join(store, store.c.id == term.c.store_id)
             .where(_T.c.agrees)
             .order_by(store.c.code, term.c.code))
    if store_code:
        query = query.where(store.c.code == store_code)
    with engine.connect() as conn:
        rows = [r._asdict() for r in conn.execute(query).all()]
        for row in rows:
            row["disagreements"] = [d._asdict() for d in conn.execute(
                select(_T.c.seq, _T.c.hash, _T.c.received_at)
                .where(_T.c.terminal_id == row["terminal_id"], _T.c.agrees.is_(False))
                .order_by(_T.c.id)).all()]
    return rows


def format_heads(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no audit heads reported yet"
    out = []
    for r in rows:
        state = (f"DISAGREES at {len(r['disagreements'])} seq(s)" if r["disagreements"]
                 else "agrees")
        out.append(f"{r['store']}/{r['terminal']}  head {r['seq']} {r['hash'][:16]}…  "
                   f"reported {r['reported_at']:%Y-%m-%d %H:%M} ({r['source']})  {state}")
        out.extend(f"    seq {d['seq']}: {d['hash'][:16]}… received "
                   f"{d['received_at']:%Y-%m-%d %H:%M} differs from the head HQ held first"
                   for d in r["disagreements"])
    return "\n".join(out)
