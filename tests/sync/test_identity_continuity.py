"""A till paired again as the same terminal (PC replaced, file lost) continues its receipt
and outbox numbers after what HQ holds, and HQ never drops a sale whose receipt number
clashes: it books it under a renamed number and flags it. Real HQ over HTTP, on SQLite and
PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from hq import admin
from local_db.database import open_database
from pos_app.services.pairing import pair_with_hq
from pos_app.services.till import TillServices
from sync.client import HqClient
from sync.link import hq_link
from sync.round import sync_once
from tests.builders import StoreWorld
from tests.hq.server import hq_db_url, hq_server, pg_cluster_session  # noqa: F401
from tests.sync.helpers import sell
from tests.sync.hq_world import CASHIER, PairedTill, hq_sales, paired_till


def _as_world(till: PairedTill) -> StoreWorld:
    return StoreWorld(path=till.path, engine=till.engine, terminal=till.terminal,
                      cashier=till.cashier, guide=till.cashier, manager=till.cashier,
                      shift=till.shift, auth=None, catalog=None, checkout=till.checkout,
                      receipts=None, shifts=None, scanner=till.scanner)  # type: ignore[arg-type]


def _sync(till: PairedTill) -> None:
    link = hq_link(till.engine)
    assert link is not None
    with HqClient(link.hq_url, link.token) as client:
        assert sync_once(till.engine, client).ok


def _pair_again(hq, tmp: Path, name: str) -> PairedTill:
    """The same terminal on a new PC: a --replace code, a fresh file, the first pull."""
    code = admin.enroll(hq.engine, "S01", "T01", replace=True).code
    path = tmp / name
    engine = open_database(path)
    info = pair_with_hq(engine, hq.url, code, "new PC")
    link = hq_link(engine)
    assert link is not None
    with HqClient(hq.url, link.token) as client:
        assert sync_once(engine, client).ok
    services = TillServices.build(engine, info, None)
    cashier = services.auth.sign_in(CASHIER[0], CASHIER[3])
    shift = services.shifts.open_shift(cashier, 20000)
    return PairedTill(path, engine, info, cashier, shift, services.checkout)


def _receipts(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT receipt_no FROM sale ORDER BY receipt_no"))
                    .scalars())


def test_a_till_paired_again_as_the_same_terminal_continues_after_hqs_numbers(
    hq_server, tmp_path  # noqa: F811
):
    hq = hq_server
    old = paired_till(hq, tmp_path, "T01")
    sell(_as_world(old), 3)
    _sync(old)
    old.engine.dispose()
    (old.path).unlink()  # the PC is replaced; its file is gone

    new = _pair_again(hq, tmp_path, "new-pc.db")
    sell(_as_world(new), 2)
    assert _receipts(new.engine) == ["S01-T01-000004", "S01-T01-000005"]
    _sync(new)
    with new.engine.connect() as conn:
        statuses = set(conn.execute(text(
            "SELECT status FROM outbox_event WHERE status != 'floor'")).scalars())
        first_seq = conn.execute(text(
            "SELECT min(seq) FROM outbox_event WHERE status != 'floor'")).scalar()
    assert statuses == {"accepted"}
    with hq.engine.connect() as conn:
        old_seqs = conn.execute(text("SELECT max(seq) FROM event")).scalar()
    assert first_seq > 0 and old_seqs >= first_seq  # continued after the old device's seqs
    numbers = sorted(r[1] for r in hq_sales(hq).values())
    assert numbers == [f"S01-T01-{n:06d}" for n in range(1, 6)]


def test_a_clashing_receipt_number_is_booked_and_flagged_not_dropped(
    hq_server, tmp_path  # noqa: F811
):
    hq = hq_server
    old = paired_till(hq, tmp_path, "T01")
    sell(_as_world(old), 1)
    _sync(old)
    new = _pair_again(hq, tmp_path, "older-version.db")
    with new.engine.begin() as conn:  # a till that does not know high-water marks
        conn.execute(text("DELETE FROM sequence"))
    sell(_as_world(new), 1)
    assert _receipts(new.engine) == ["S01-T01-000001"]
    _sync(new)
    sales = hq_sales(hq)
    assert len(sales) == 2  # both customers' money is in HQ's books
    assert sorted(r[1] for r in sales.values()) == ["S01-T01-000001", "S01-T01-000001~2"]
    with new.engine.connect() as conn:
        status, reason = conn.execute(text(
            "SELECT status, last_error FROM outbox_event WHERE type = 'sale.completed'")).one()
    assert status == "conflict" and reason.startswith("receipt_clash")
    with hq.engine.connect() as conn:
        kinds = list(conn.execute(text("SELECT kind FROM exception")).scalars())
    assert kinds == ["receipt_clash"]
