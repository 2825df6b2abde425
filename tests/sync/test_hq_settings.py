"""Member days decided at HQ reach the tills over the `settings` stream: the brand's
calendar, one store's override winning over it, withdrawals falling back, bad values
refused at HQ (the CLI) and on the till (the stream)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from hq.cli import main
from local_db.uow import write_session
from pos_app.domain.member_days import MemberDays
from pos_app.services.hq_settings import HqSettings
from pos_app.services.settings import SettingsService
from sync.apply_settings import apply_settings
from sync.contract.envelope import Change
from tests.hq.server import HQServer
from tests.sync.hq_world import paired_till
from tests.sync.test_members_via_hq import sync


def cli(hq: HQServer, *argv: str) -> int:
    return main(["admin", "set-member-days", *argv, "--database-url", hq.database_url])


def test_brand_calendar_store_override_and_withdrawal(hq: HQServer, tmp_path: Path, capsys):
    till = paired_till(hq, tmp_path, "T01")
    hq.ensure_terminal("S02", "T01")
    seen = HqSettings(till.engine, "S01")
    assert seen.member_days() is None
    assert cli(hq, "--days", "8,18,28", "--times", "2") == 0
    assert capsys.readouterr().out.strip() == "published member_days"
    sync(till)
    assert seen.member_days() == MemberDays((8, 18, 28), (), 2000)
    assert cli(hq, "--store", "S01", "--weekdays", "3", "--times", "1.5") == 0
    assert cli(hq, "--store", "S02", "--days", "1", "--times", "5") == 0  # not ours
    sync(till)
    assert seen.member_days() == MemberDays((), (3,), 1500)  # the store's own wins
    assert cli(hq, "--store", "S01", "--clear") == 0
    sync(till)
    assert seen.member_days() == MemberDays((8, 18, 28), (), 2000)  # back to the brand's
    assert cli(hq, "--clear") == 0
    sync(till)
    assert seen.member_days() is None


def test_hq_calendar_wins_over_the_tills_own_setting(hq: HQServer, tmp_path: Path):
    till = paired_till(hq, tmp_path, "T01")
    settings = SettingsService(tmp_path / "settings.json")
    settings.set_hq_member_days(HqSettings(till.engine, "S01").member_days)
    assert settings.member_days() == (MemberDays(), False)
    assert cli(hq, "--days", str(date.today().day), "--times", "3") == 0
    sync(till)
    rule, from_hq = settings.member_days()
    assert from_hq and rule.multiplier_permille == 3000


def test_bad_calendars_are_refused_at_hq_and_on_the_till(hq: HQServer, tmp_path: Path, capsys):
    assert cli(hq, "--days", "32") == 2
    assert "1 to 31" in capsys.readouterr().err
    assert cli(hq, "--times", "0.5") == 2
    assert cli(hq, "--store", "S99", "--days", "8") == 2
    assert "unknown store" in capsys.readouterr().err
    till = paired_till(hq, tmp_path, "T01")
    with pytest.raises(ValidationError), write_session(till.engine) as session:
        apply_settings(session, [Change(key="member_days", op="upsert",
                                        data={"days_of_month": [40]})])
    assert HqSettings(till.engine, "S01").member_days() is None  # nothing half-applied
    with write_session(till.engine) as session:  # a key this till does not know is kept
        apply_settings(session, [Change(key="future_thing", op="upsert", data={"x": 1})])
    assert HqSettings(till.engine, "S01").member_days() is None
