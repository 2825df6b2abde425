"""一物一码 end to end: real terminals paired with a real HQ.

Units received at HQ (admin CLI) reach the store's tills and can be sold there; a unit sold
at till A is refused at till B once B pulls; a return at A puts it back for B; the same unit
sold offline by both tills keeps both sales at HQ and flags the second as a unit anomaly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlmodel import select as sm_select

from hq import models as hm
from hq.cli import main as hq_cli
from local_db.models import OutboxEvent, Unit
from local_db.uow import read_session
from pos_app.domain.cart import Cart
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import PosError
from pos_app.services.till import TillServices
from sync.round import sync_once
from tests.hq.server import HQServer
from tests.sync.hq_world import PairedTill, paired_till

BAG = "SKU-BAG"


def sync(till: PairedTill) -> None:
    with till.client() as client:
        result = sync_once(till.engine, client)
    assert result.ok, result.error


def sell(till: PairedTill, serial: str) -> str:
    cart = Cart()
    till.scanner.ring(cart, f"SFU:{BAG}:{serial}")
    done = till.checkout.complete_sale(cart, [Tender(TenderKind.CASH, 20000)], till.cashier,
                                       till.shift)
    return done.receipt_no


def local_state(till: PairedTill, serial: str) -> str | None:
    with read_session(till.engine) as session:
        unit = session.exec(
            sm_select(Unit).where(Unit.unit_key == f"sku:{BAG}:{serial}")).first()
        return unit.state if unit else None


def hq_state(hq: HQServer, serial: str) -> tuple[str, str | None]:
    with hq.engine.connect() as conn:
        row = conn.execute(select(hm.Unit.state, hm.Unit.sale_id)
                           .where(hm.Unit.unit_key == f"sku:{BAG}:{serial}")).one()
    return row[0], row[1]


@pytest.fixture
def tills(hq: HQServer, tmp_path: Path, capsys) -> tuple[PairedTill, PairedTill]:  # type: ignore[no-untyped-def]
    a, b = paired_till(hq, tmp_path, "T01"), paired_till(hq, tmp_path, "T02")
    csv_path = tmp_path / "units.csv"
    csv_path.write_text(f"sku,serial\n{BAG},SN1\n{BAG},SN2\n", encoding="utf-8")
    assert hq_cli(["admin", "receive-units", "S01", str(csv_path),
                   "--database-url", hq.database_url]) == 0
    assert capsys.readouterr().out.startswith("received 2, problems 0")
    sync(a)
    sync(b)
    return a, b


def test_sold_at_a_refused_at_b_until_returned(hq: HQServer, tills):  # type: ignore[no-untyped-def]
    a, b = tills
    assert local_state(a, "SN1") == local_state(b, "SN1") == "in_stock"
    receipt = sell(a, "SN1")
    sync(a)
    assert hq_state(hq, "SN1")[0] == "sold"
    sync(b)
    assert local_state(b, "SN1") == "sold"
    with pytest.raises(PosError) as refused:
        b.scanner.ring(Cart(), f"SFU:{BAG}:SN1")
    assert refused.value.code.startswith("unit_already_sold")  # A's sale, not local here
    assert receipt in refused.value.message()  # B names A's receipt, though A's sale isn't local
    # a return at A: back in stock at HQ, and B learns it
    services = TillServices.build(a.engine, a.terminal, None)
    sale = services.returns.find_sale(receipt)
    line = next(ln for ln in sale.lines if ln.unit_code)
    services.returns.complete_return(receipt, {line.sale_line_id: 1}, a.cashier, a.shift)
    sync(a)
    assert hq_state(hq, "SN1") == ("in_stock", None)
    sync(b)
    assert local_state(b, "SN1") == "in_stock"
    assert b.scanner.ring(Cart(), f"SFU:{BAG}:SN1").unit_code == f"sku:{BAG}:SN1"


def test_same_unit_sold_offline_at_both_tills(hq: HQServer, tills):  # type: ignore[no-untyped-def]
    a, b = tills
    sell(a, "SN2")
    sell(b, "SN2")  # B is offline: its local registry still says in_stock
    sync(a)
    sync(b)
    with hq.engine.connect() as conn:
        receipts = set(conn.execute(text("SELECT receipt_no FROM sale")).scalars())
        kinds = conn.execute(text("SELECT kind, detail FROM exception")).all()
    assert {"S01-T01-000001", "S01-T02-000001"} <= receipts
    assert [k for k, _ in kinds] == ["unit_anomaly"] and "S01-T01-000001" in kinds[0][1]
    assert hq_state(hq, "SN2")[0] == "sold"
    with read_session(b.engine) as session:
        statuses = {e.type: e.status for e in session.exec(sm_select(OutboxEvent)).all()
                    if e.type in ("sale.completed", "units.sold")}
    assert "conflict" in statuses.values()
