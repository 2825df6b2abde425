"""Personal data HQ stops keeping: `admin prune-payloads` blanks raw payloads of applied
events past the retention, `admin erase-member` anonymises one member everywhere at HQ and
keeps the figures; `admin merges` lists and decides held merges. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select, update

from hq import models as m
from hq.cli import main
from tests.hq.builders import enrol, member_sale, push, sale_event
from tests.hq.server import HQServer
from tests.hq.test_members import T0, member

PHONE = "13200000001"


def _payloads(hq: HQServer) -> dict[str, str]:
    with hq.engine.connect() as conn:
        return dict(conn.execute(select(m.Event.event_id, m.Event.payload)).all())


def _cli(hq: HQServer, *args: str) -> int:
    return main(["admin", *args, "--database-url", hq.database_url])


def test_prune_payloads_keeps_recent_and_rejected_ones_and_the_hash(hq_server: HQServer,
                                                                    capsys):
    a = hq_server.register("S01", "T01")
    old, new = sale_event(a.terminal_id), sale_event(a.terminal_id, receipt_no="S01-T01-2")
    bad = sale_event(a.terminal_id, receipt_no="S01-T01-3")
    bad["payload"]["total"] = 1
    push(hq_server, a, old, new, bad)
    with hq_server.engine.begin() as conn:
        conn.execute(update(m.Event.__table__).where(m.Event.event_id.in_(
            [old["event_id"], bad["event_id"]])).values(
                received_at=m.utcnow() - timedelta(days=100)))
    assert _cli(hq_server, "prune-payloads") == 0  # default: 90 days
    assert "pruned 1 payloads" in capsys.readouterr().out
    kept = _payloads(hq_server)
    assert kept[old["event_id"]] == "{}"
    assert json.loads(kept[new["event_id"]])["id"] == new["entity_id"]
    assert json.loads(kept[bad["event_id"]])["total"] == 1  # refused: kept for follow-up
    changed = {**old, "payload": {**old["payload"], "cashier_id": "x"}}
    assert push(hq_server, a, changed)[0]["status"] == "conflict"  # the hash outlives it
    assert push(hq_server, a, old)[0]["status"] == "duplicate"
    assert _cli(hq_server, "prune-payloads", "--days", "0") == 0
    assert "pruned 1 payloads" in capsys.readouterr().out


def test_erase_member_anonymises_everywhere_and_keeps_the_figures(hq_server: HQServer,
                                                                  capsys):
    a = hq_server.register("S01", "T01")
    ev = enrol("陈静", PHONE, T0, card_no="VIP-9", birthday="1990-01-02")
    dup = enrol("陈静", PHONE, T0, openid="o-chen")
    push(hq_server, a, ev, dup)
    mid = ev["entity_id"]
    sale = member_sale(a, dup["entity_id"], "S01-T01-000001")
    push(hq_server, a, sale)
    assert _cli(hq_server, "erase-member", dup["entity_id"]) == 0
    assert capsys.readouterr().out.strip() == f"erased member {mid}"
    row = member(hq_server, mid)
    assert (row.name, row.phone, row.card_no, row.birthday) == ("(erased)", None, None, None)
    assert (row.points_balance, row.lifetime_spend) == (127, 12700)  # the books still add up
    with hq_server.engine.connect() as conn:
        assert conn.execute(select(m.MemberIdentifier.id)).first() is None
        texts = [*conn.execute(select(m.Event.payload)).scalars(),
                 *conn.execute(select(m.ChangeLog.data).where(
                     m.ChangeLog.stream == "members")).scalars()]
        assert conn.execute(select(m.Sale.total)).scalars().all() == [12700]
    for needle in (PHONE, "陈静", "VIP-9", "1990-01-02", "o-chen"):
        assert not any(needle in (t or "") for t in texts), needle
    assert _cli(hq_server, "erase-member", "nobody") == 2


def test_merges_pending_approve_reject_from_the_cli(hq_server: HQServer, capsys):
    a, b = hq_server.register("S01", "T01"), hq_server.register("S02", "T01")
    push(hq_server, a, enrol("甲", "13200000002", T0))
    push(hq_server, a, enrol("乙", "13200000003", T0))
    one, two = enrol("甲", "13200000002", T0), enrol("乙", "13200000003", T0)
    assert [r["status"] for r in push(hq_server, b, one, two)] == ["conflict", "conflict"]
    assert _cli(hq_server, "merges", "pending") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and one["entity_id"] in lines[0] and "shares phone" in lines[0]
    first, second = (line.split()[0] for line in lines)
    assert _cli(hq_server, "merges", "approve", first) == 0
    assert "survives" in capsys.readouterr().out
    assert member(hq_server, one["entity_id"]).merged_into is not None
    assert _cli(hq_server, "merges", "reject", second) == 0
    assert member(hq_server, two["entity_id"]).merged_into is None
    assert _cli(hq_server, "merges", "approve", second) == 2  # decided already
    assert _cli(hq_server, "merges", "approve") == 2  # needs an id
    capsys.readouterr()
    assert _cli(hq_server, "merges", "pending") == 0
    assert capsys.readouterr().out.strip() == "no merges pending"
