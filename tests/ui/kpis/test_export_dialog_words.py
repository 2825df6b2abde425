"""The KPI export's save dialog speaks the till's language in full (tester's finding, 20-L2):
Qt's zh_CN catalogue leaves "Look in:" and "Files of type:" in English, so every label and
button of the dialog is set from our own catalogue. Real QFileDialog, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget

from pos_app import i18n
from tests.ui.conftest import on_modal_of
from ui.kpis.export import LABELS, ask_path
from ui.qt_translations import follow_language

QT_ENGLISH = {"&Look in:", "Files of &type:", "File &name:"}  # Qt's own, untranslated


@pytest.fixture
def chinese(qapp):
    translations = follow_language(qapp)
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")
    translations.close()


def test_every_label_and_button_of_the_save_dialog_is_ours_in_chinese(chinese, qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: dict[str, list[str]] = {}

    def look(dialog: QFileDialog) -> None:
        seen["labels"] = [w.text() for w in dialog.findChildren(QLabel) if w.text()]
        seen["buttons"] = [b.text().replace("&", "") for b in dialog.findChildren(QPushButton)
                           if b.isVisibleTo(dialog)]
        seen["ours"] = [dialog.labelText(label) for label, _msgid in LABELS]
        dialog.reject()

    on_modal_of(QFileDialog, look)
    assert ask_path(parent, "kpis-S01-2026-12.csv", "csv") is None
    assert seen["ours"] == [i18n.gettext(msgid) for _label, msgid in LABELS]
    assert not set(seen["labels"]) & QT_ENGLISH, seen["labels"]
    assert {"保存", "取消"} <= set(seen["buttons"]), seen["buttons"]
    for _label, msgid in LABELS:  # Chinese wherever the catalogue has the words
        assert i18n.gettext(msgid) == msgid or not i18n.gettext(msgid).isascii()
