"""A day of signals must not use up Python's True: PySide6 6.12's emit takes a reference to
it each time, which aborted a long UI test run at exit (ui/qt_emit_fix.py)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import ui  # noqa: F401  (installs the fix, as the app and every UI test do)
from ui.qt_emit_fix import emit_loses_a_reference, install


class Noisy(QObject):
    said = Signal(object)
    relayed = Signal(object)


def test_a_long_day_of_emits_leaves_true_far_from_zero(qtbot):
    noisy = Noisy()
    heard: list[object] = []
    noisy.said.connect(noisy.relayed.emit)  # signal to signal still connects
    noisy.relayed.connect(heard.append)
    for i in range(5_000):
        noisy.said.emit(frozenset({i}))
    assert len(heard) == 5_000
    if emit_loses_a_reference():  # this PySide still loses them: the reserve must hold
        assert sys.getrefcount(True) > 1 << 39 and sys.getrefcount(False) > 1 << 39


def test_installing_twice_gives_the_reserve_once(qtbot):
    before = sys.getrefcount(True)
    assert install() is install()
    assert sys.getrefcount(True) < before + (1 << 39)
