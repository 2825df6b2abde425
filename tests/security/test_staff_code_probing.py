"""`staff_unknown` told anyone at the till which staff codes exist (issue 13).

Hardened: an unknown code and a wrong PIN get the same words ("Wrong staff code or PIN."),
and unknown codes are counted and locked exactly like real ones, so even the lock-out
does not tell them apart."""

from __future__ import annotations

import pytest

from pos_app.errors import MESSAGES, PosError
from tests.security.conftest import changed, digest


def _answers(auth, code: str) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(6):
        with pytest.raises(PosError) as info:
            auth.sign_in(code, "0000")
        out.append(info.value.code)
    return out


def test_a_real_and_an_unknown_code_get_the_same_answers(world):
    assert "staff_unknown" not in MESSAGES
    before = digest(world.engine, skip=("staff", "audit_log"))
    real, unknown = _answers(world.auth, "1001"), _answers(world.auth, "4242")
    assert real == unknown == ["sign_in_failed"] * 4 + ["staff_locked"] * 2
    with pytest.raises(PosError) as info:
        world.auth.sign_in("4242", "0000")
    assert info.value.message() == PosError("staff_locked", **info.value.params).message()
    assert PosError("sign_in_failed").message() == "Wrong staff code or PIN."
    assert changed(before, digest(world.engine, skip=("staff", "audit_log"))) == []
