"""Staff sign in with PINs, lock out after five misses, and open a shift with a float."""

from __future__ import annotations

from datetime import timedelta

import pytest

from local_db.ids import utcnow
from pos_app.domain.pins import hash_pin, verify_pin
from pos_app.errors import PosError
from pos_app.services.auth import AuthService


def test_pins_are_stored_salted_never_in_clear(world):
    import sqlite3

    conn = sqlite3.connect(world.path)
    hashes = [row[0] for row in conn.execute("SELECT pin_hash FROM staff")]
    conn.close()
    assert all(h.startswith("scrypt$") and "1111" not in h for h in hashes)
    assert hash_pin("1234") != hash_pin("1234")
    assert verify_pin("1234", hash_pin("1234")) and not verify_pin("1235", hash_pin("1234"))
    assert not verify_pin("1234", "garbage")


def test_right_pin_signs_in(world):
    staff = world.auth.sign_in("1001", "1111")
    assert staff.name == "李娜" and staff.role == "cashier"


def test_five_wrong_pins_lock_the_account_for_five_minutes(world):
    now = [utcnow()]
    auth = AuthService(world.engine, clock=lambda: now[0])
    for _miss in range(4):
        with pytest.raises(PosError) as info:
            auth.sign_in("1001", "0000")
        assert info.value.code == "sign_in_failed"  # the same words as an unknown code
    with pytest.raises(PosError) as info:
        auth.sign_in("1001", "0000")
    assert info.value.code == "staff_locked"
    with pytest.raises(PosError) as info:
        auth.sign_in("1001", "1111")  # even the right PIN waits out the lock
    assert info.value.code == "staff_locked"
    now[0] += timedelta(minutes=5, seconds=1)
    assert auth.sign_in("1001", "1111").code == "1001"


def test_unknown_staff_code_gets_the_wrong_pin_answer(world):
    with pytest.raises(PosError) as info:
        world.auth.sign_in("4242", "1111")
    assert info.value.code == "sign_in_failed"


def test_one_open_shift_per_terminal_and_a_sane_float(world):
    assert world.shifts.current().id == world.shift.id
    with pytest.raises(PosError) as info:
        world.shifts.open_shift(world.cashier, 100)
    assert info.value.code == "shift_already_open"
    with pytest.raises(PosError) as info:
        world.shifts.open_shift(world.cashier, -1)
    assert info.value.code == "float_invalid"


def test_sign_in_and_shift_events_are_audited_in_an_unbroken_chain(world):
    from local_db.uow import read_session
    from pos_app.services.audit import verify_chain

    world.auth.sign_in("1001", "1111")
    with read_session(world.engine) as session:
        assert verify_chain(session)
    import sqlite3

    conn = sqlite3.connect(world.path)
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY seq")]
    conn.execute("UPDATE audit_log SET detail='{}' WHERE action='shift_opened'")
    conn.commit()
    conn.close()
    assert "shift_opened" in actions and "sign_in" in actions
    with read_session(world.engine) as session:
        assert not verify_chain(session)  # tampering shows
