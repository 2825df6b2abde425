"""A refused tolerance says what is wrong with it (tester 20 #5): "2.555" is within range
but finer than a fen, "abc" is no amount at all, "1000.01" is out of range. Typed by keys
into the real settings field."""

from __future__ import annotations

import pytest

from pos_app.errors import PosError
from pos_app.services.settings import Settings
from ui.dialogs.settings_shift import ShiftFields


@pytest.mark.parametrize(("typed", "code"), [
    ("2.555", "shift_tolerance_decimals"),
    ("abc", "shift_tolerance_not_amount"),
])
def test_a_bad_tolerance_names_its_real_problem(qtbot, typed: str, code: str):
    fields = ShiftFields(Settings(), manager=True)
    qtbot.addWidget(fields.tolerance)
    fields.tolerance.clear()
    qtbot.keyClicks(fields.tolerance, typed)
    with pytest.raises(PosError) as refused:
        fields.values()
    assert refused.value.code == code
    said = refused.value.message()
    assert typed in said and "between" not in said
    if code == "shift_tolerance_decimals":
        assert "2 decimals" in said


def test_a_tolerance_in_fen_is_taken(qtbot):
    fields = ShiftFields(Settings(), manager=True)
    qtbot.addWidget(fields.tolerance)
    fields.tolerance.clear()
    qtbot.keyClicks(fields.tolerance, "2.55")
    assert fields.values()["shift_tolerance"] == 255
