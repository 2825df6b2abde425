"""Qt's standard Yes/No question, its buttons naming the keys that press them.

`QMessageBox.question` showed "Yes" / "No" (是(&Y) / 否(&N) in Chinese) and quietly took Y,
N, Esc and Enter; every other button on the till says its key ("Keep it Esc"). Here the
box is the same standard one (the same answers, roles and accessibility), only its two
labels are the house's: "Yes Y" and "No Esc". That is what it really accepts: Y presses
Yes from anywhere in the box; Esc presses No, and so does N (Enter too while No has the
focus: it is the default, so a habitual Enter never says yes). The labels go through our own
catalogue, so they follow the till's language like every other button.

`tell` is the same for a message with one button: Qt's "OK" said no key (Enter and Esc
both closed it); here it says "OK Enter", and Enter and Esc still both close it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from pos_app.i18n import _
from ui.widgets.hotkeys import set_hotkey_text

YES_KEY, NO_KEY, OK_KEY = "Y", "Esc", "Enter"
_Yes, _No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
_Ok = QMessageBox.StandardButton.Ok


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask `text`; True only when Yes was chosen (No, Esc, Enter or closing: False)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, _Yes | _No, parent)
    box.setObjectName("yesNoQuestion")
    yes, no = box.button(_Yes), box.button(_No)
    set_hotkey_text(yes, _("Yes"), YES_KEY)
    set_hotkey_text(no, _("No"), NO_KEY)
    # setText drops the "&Yes" mnemonic Qt's keys hung on; the letters are set back.
    yes.setShortcut(QKeySequence(YES_KEY))
    no.setShortcut(QKeySequence("N"))
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    chosen = box.clickedButton() is yes
    box.deleteLater()
    return chosen


def tell(parent: QWidget | None, title: str, text: str,
         icon: QMessageBox.Icon = QMessageBox.Icon.Information, *, wait: bool = True,
         name: str = "toldMessage") -> QMessageBox | None:
    """Show `text` with one button, "OK Enter"; Enter and Esc both close it.

    `wait` True runs the box's own loop (exec) and returns None once it is closed; False
    opens it window-modal and returns the open box at once (the window behind keeps
    running, e.g. the store damage warning over a cart); it deletes itself when closed.
    """
    box = QMessageBox(icon, title, text, _Ok, parent)
    box.setObjectName(name)
    ok = box.button(_Ok)
    set_hotkey_text(ok, _("OK"), OK_KEY)
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)
    if not wait:
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
    box.exec()
    box.deleteLater()
    return None
