"""Audit chain heads travel to a real HQ over HTTP (issue 18, Must hold: HQ flags a rebuilt
chain). A paired till reports its head at sign-out; HQ keeps it; a chain rebuilt on the till
afterwards (the file alone, another key) disagrees with HQ at the next report, which HQ
answers `conflict audit_rebuilt`, lists as an exception and shows in `admin audit-heads`;
`shopfloor audit verify --against-hq` finds a deleted tail the file alone cannot show."""

from __future__ import annotations

import sqlite3

from sqlalchemy import select

from hq import models as hm
from hq.audit.report import audit_heads
from hq.cli import main as hq_main
from hq.models_audit import AuditHead
from local_db.database import open_database
from local_db.uow import read_session
from pos_app.cli import main as cli_main
from pos_app.services import audit
from pos_app.services.auth import AuthService
from pos_app.services.pairing import pair_with_hq
from sync.client import HqClient
from sync.link import hq_link
from sync.round import sync_once
from tests.services.audit.chain_world import other_key, reseal
from tests.sync.hq_world import CASHIER, PairedTill, paired_till, seed_hq


def _sign_out_and_sync(till: PairedTill) -> dict[str, str]:
    AuthService(till.engine).sign_out(till.cashier)  # queues audit.head in its transaction
    with till.client() as client:
        result = sync_once(till.engine, client)
    assert result.error is None
    with till.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT status, last_error FROM outbox_event WHERE type = 'audit.head'"
            " ORDER BY seq").all()
    return {"status": rows[-1][0], "count": str(len(rows))}


def _head(till: PairedTill) -> audit.AuditHead:
    with read_session(till.engine) as session:
        return audit.head(session)


def _hq_heads(hq, terminal_id: str) -> list[tuple[int, str, bool]]:
    t = AuditHead.__table__
    with hq.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(t.c.seq, t.c.hash, t.c.agrees).where(t.c.terminal_id == terminal_id)
            .order_by(t.c.id)).all()]


def test_hq_keeps_the_head_and_flags_a_chain_rebuilt_on_the_till(hq_server, tmp_path, capsys):
    till = paired_till(hq_server, tmp_path, "T01")
    assert _sign_out_and_sync(till)["status"] == "accepted"
    first = _head(till)
    assert _hq_heads(hq_server, till.terminal.terminal_id) == [(first.seq, first.hash, True)]
    assert _sign_out_and_sync(till)["status"] == "accepted"  # the anchor agrees: no flag

    with sqlite3.connect(till.path) as conn:  # rebuilt with the file alone: another key
        ours = conn.execute("SELECT key_id FROM audit_log WHERE seq = 1").fetchone()[0]
        conn.execute("UPDATE audit_log SET staff_id = NULL, entity_id = 'nobody'"
                     " WHERE action = 'sign_in'")
        reseal(conn, other_key(), claimed_key_id=ours)

    report = _sign_out_and_sync(till)
    assert report["status"] == "conflict"
    heads = _hq_heads(hq_server, till.terminal.terminal_id)
    assert any(not agrees for _seq, _hash, agrees in heads)
    exc = hm.SyncException.__table__
    with hq_server.engine.connect() as conn:
        kinds = [r.kind for r in conn.execute(select(exc.c.kind, exc.c.detail)).all()]
    assert "audit_rebuilt" in kinds

    (row,) = audit_heads(hq_server.engine, "S01")
    assert row["terminal"] == "T01" and row["disagreements"]
    assert hq_main(["admin", "audit-heads", "--database-url", hq_server.database_url]) == 0
    out = capsys.readouterr().out
    assert "S01/T01" in out and "DISAGREES" in out

    broken = audit.verify_file(till.path).broken  # and the till's own check names the row
    assert broken is not None and broken.kind == "changed"


def test_verify_against_hq_finds_a_deleted_tail_the_file_cannot_show(hq_server, tmp_path,
                                                                      capsys):
    seed_hq(hq_server, tmp_path)
    db = tmp_path / "terminal.db"  # where `shopfloor --data-dir` looks
    engine = open_database(db)
    pair_with_hq(engine, hq_server.url, hq_server.enroll("S01", "T01"), "till")
    link = hq_link(engine)
    with HqClient(hq_server.url, link.token) as client:
        assert sync_once(engine, client).error is None  # staff arrive
        cashier = AuthService(engine).sign_in(CASHIER[0], CASHIER[3])
        AuthService(engine).sign_out(cashier)
        assert sync_once(engine, client).error is None
    with read_session(engine) as session:
        told = audit.head(session)
    engine.dispose()

    code = cli_main(["--data-dir", str(tmp_path), "--lang", "en", "audit", "verify",
                     "--against-hq"])
    out = capsys.readouterr().out
    assert code == 0 and "HQ's 1 head agrees with it." in out

    with sqlite3.connect(db) as conn:  # the last rows deleted: nothing left to see locally
        conn.execute("DELETE FROM audit_log WHERE seq >= ?", (told.seq - 1,))
    assert audit.verify_file(db).ok
    code = cli_main(["--data-dir", str(tmp_path), "--lang", "en", "audit", "verify",
                     "--against-hq"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"Audit row {told.seq}, which HQ was told of on" in out and "is gone" in out


def test_the_z_carries_the_head_and_hq_keeps_it_with_the_others(hq_server, tmp_path):
    from pos_app.domain.shifts import Count
    from pos_app.services.shifts import ClosedShift
    from pos_app.services.till import Till, TillServices
    from tests.services.shifts.shift_world import COLA, Ledger, exact_count, sell

    paired = paired_till(hq_server, tmp_path, "T01")
    till = Till(TillServices.build(paired.engine, paired.terminal, None))
    till.sign_in("1001", "1111")
    sell(till, Ledger(), [COLA], [("cash", 350)])
    with paired.client() as client:  # nothing queued: the close needs no manager
        assert sync_once(paired.engine, client).error is None
    done = till.shifts.close(exact_count(till.shifts.check_count(Count())))
    assert isinstance(done, ClosedShift)
    with paired.client() as client:
        assert sync_once(paired.engine, client).error is None
    t = AuditHead.__table__
    with hq_server.engine.connect() as conn:
        rows = conn.execute(select(t.c.seq, t.c.hash, t.c.source, t.c.agrees)
                            .where(t.c.terminal_id == paired.terminal.terminal_id)).all()
    assert (done.report.audit_seq, done.report.audit_hash, "z", True) in [tuple(r) for r in rows]
