"""A till's enrolment carries the customer's marketing answer to HQ, and HQ's members
stream brings it back to every till of the store (real HQ over HTTP)."""

from __future__ import annotations

from pathlib import Path

from pos_app.services.members import MemberService
from tests.hq.server import HQServer
from tests.sync.hq_world import paired_till
from tests.sync.test_members_via_hq import hq_member, rows, sync


def test_marketing_consent_goes_to_hq_and_back_to_the_other_till(hq: HQServer, tmp_path: Path):
    a, b = paired_till(hq, tmp_path, "T01"), paired_till(hq, tmp_path, "T02")
    yes = MemberService(a.engine, a.terminal).enroll("陈静", "13812345678", a.cashier,
                                                     marketing_consent=True)
    no = MemberService(a.engine, a.terminal).enroll("李雷", "13812345679", a.cashier)
    sync(a)
    assert hq_member(hq, yes.id).marketing_consent is True
    assert hq_member(hq, no.id).marketing_consent is False
    sync(b)
    sql = "SELECT consent, marketing_consent, provisional FROM member WHERE id = :i"
    assert rows(b, sql, i=yes.id) == [(1, 1, 0)]
    assert rows(b, sql, i=no.id) == [(1, 0, 0)]
    sync(a)  # HQ's confirmation keeps the till's own answer
    assert rows(a, sql, i=yes.id) == [(1, 1, 0)]
