"""The lock-out counter reset at each lock: 5 guesses, 5 minutes, 5 guesses … — 1,440 a day
per till (issue 13).

Hardened: every fifth miss locks for 5 minutes, then 10, 20 … up to a day, and only the
right PIN clears the count. Over a whole day of trying, a thief gets a few dozen guesses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from local_db.ids import utcnow
from pos_app.errors import PosError
from pos_app.services.auth import AuthService, lock_length
from tests.security.conftest import changed, digest


def test_locks_double_and_the_count_never_resets_at_a_lock(world):
    now = [utcnow()]
    auth = AuthService(world.engine, clock=lambda: now[0])
    locks = []
    for _round in range(4):
        for _miss in range(5):
            with pytest.raises(PosError) as info:
                auth.sign_in("1001", "0000")
        assert info.value.code == "staff_locked"
        with pytest.raises(PosError) as still:
            auth.sign_in("1001", "1111")  # the right PIN waits out the lock too
        assert still.value.code == "staff_locked"
        lock = lock_length((_round + 1) * 5)
        locks.append(lock)
        now[0] += lock + timedelta(seconds=1)
    assert locks == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert auth.sign_in("1001", "1111").code == "1001"  # and then the count starts over
    assert lock_length(5) == timedelta(minutes=5)


def test_a_day_of_guessing_gets_a_thief_a_few_dozen_tries(world):
    start = utcnow()
    now = [start]
    auth = AuthService(world.engine, clock=lambda: now[0])
    guesses = 0
    while now[0] < start + timedelta(days=1):
        try:
            auth.sign_in("1001", f"{guesses % 9000 + 1000:04d}" if guesses % 9000 + 1000 != 1111
                         else "0000")
        except PosError as exc:
            if exc.code == "staff_locked":
                now[0] += timedelta(seconds=30)  # tries again every 30 s while locked
                continue
        guesses += 1
    assert guesses <= 60  # was 1,440


def test_a_locked_account_changes_nothing_but_its_counter(world):
    auth = AuthService(world.engine)
    for _miss in range(5):
        with pytest.raises(PosError):
            auth.sign_in("1001", "0000")
    before = digest(world.engine)
    with pytest.raises(PosError):
        auth.sign_in("1001", "1111")
    assert changed(before, digest(world.engine)) == []
