"""Finding the customer (F11): scan a member code, type a phone/card + Enter, or search by name.

An exact match closes the dialog at once with `chosen` set, so attaching a member takes F11
and a scan (or F11, the phone and Enter). Anything else is searched by name (characters,
pinyin, initials) or as "last four digits + name"; ↑/↓ then Enter picks a result.
When nothing on this till matches and the till is paired, HQ is asked (off the GUI thread)
for a member enrolled elsewhere; one exact answer attaches, several are listed.

The name search runs off the GUI thread, once typing pauses (`SEARCH_DELAY_MS`), and an
answer for an older text is dropped: right after a first download of a million members the
name index is still being built and a search may read many unindexed names, which must not
freeze the till. Meanwhile the dialog says name search is partial.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from pos_app.errors import PosError
from pos_app.i18n import _
from pos_app.services.till import Till
from ui.dialogs.keys import enter_goes_to_fields
from ui.errors import shown_errors, user_message
from ui.tasks import alive, run_task, showing
from ui.widgets.hotkeys import with_hotkey
from ui.widgets.member_panel import member_line
from ui.widgets.message_bar import MessageBar

log = logging.getLogger(__name__)
# HQ not answering: a look-up says "try again or enroll"; the detail only goes to the log
HQ_OUT_OF_REACH = frozenset({"hq_unreachable", "hq_error", "hq_busy", "hq_bad_response"})
SEARCH_DELAY_MS = 150  # a name is searched this long after the last key, not per key
ENROLL_KEY, PROFILE_KEY = "F2", "F5"


class MemberLookupDialog(QDialog):
    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self._till = till
        self.chosen = None  # MemberInfo once a member is picked
        self._results_for: str | None = None  # the text the list was searched for
        self._asking: str | None = None  # the text HQ is being asked about
        self._searching: str | None = None  # the text of the name search under way
        self._enter_pending = False  # Enter waits on that search: none found goes to HQ
        self._typed = QTimer(self)
        self._typed.setSingleShot(True)
        self._typed.setInterval(SEARCH_DELAY_MS)
        self._typed.timeout.connect(lambda: self.search(self.query.text().strip()))
        self.setWindowTitle(_("Member"))
        self.setMinimumSize(560, 420)
        self.message = MessageBar()
        self.query = QLineEdit()
        self.query.setObjectName("memberQuery")
        self.query.setPlaceholderText(
            _("Scan the member code, or type phone, card number or name · Enter")
        )
        self.results = QListWidget()
        self.partial_note = QLabel(
            _("Name index still being built: some members may not be found by name yet"))
        self.partial_note.setObjectName("memberIndexPartial")
        self.partial_note.setWordWrap(True)
        self.partial_note.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.enroll_button = QPushButton(with_hotkey(_("Enroll new member"), ENROLL_KEY))
        self.profile_button = QPushButton(with_hotkey(_("Profile"), PROFILE_KEY))
        cancel = QPushButton(with_hotkey(_("Cancel"), "Esc"))  # as every button says its key
        for button in (self.enroll_button, self.profile_button, cancel):
            button.setMinimumHeight(44)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.query)
        layout.addWidget(self.partial_note)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enroll_button)
        buttons.addWidget(self.profile_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        self.query.returnPressed.connect(self.enter)
        self.query.textChanged.connect(self._text_changed)
        self.results.itemActivated.connect(lambda _item: self.choose_current())
        self.enroll_button.clicked.connect(self.enroll)
        self.profile_button.clicked.connect(self.show_profile)
        cancel.clicked.connect(self.reject)
        for key, slot in ((ENROLL_KEY, self.enroll), (PROFILE_KEY, self.show_profile)):
            QShortcut(QKeySequence(key), self).activated.connect(slot)
        enter_goes_to_fields(self)
        self.query.setFocus()
        run_task(till.members.name_search_partial, self._index_state, lambda _exc: None)

    # --- input ---------------------------------------------------------------------------
    def handle_scan(self, code: str) -> None:
        """A scanner burst while the dialog is up (MainWindow.on_scan routes it here)."""
        self.query.setText(code.strip())
        self.look_up(code)

    def enter(self) -> None:
        text = self.query.text().strip()
        if text:
            self.look_up(text)

    def look_up(self, text: str) -> None:
        """Exact identifiers attach at once; then the highlighted name hit; else a search."""
        text = text.strip()
        with shown_errors(self.message.error) as failed:
            try:
                self.chosen = self._till.members.find(text)
            except PosError as exc:
                if exc.code != "member_not_found":
                    raise
            else:
                self.accept()
                return
        if failed:
            return
        if self._results_for == text and self.results.currentItem() is not None:
            self.choose_current()
            return
        self.search(text, enter=True)

    def _none_found(self, text: str) -> None:
        """Enter found nothing on this till: ask HQ when paired, else say so."""
        if self._till.members.can_ask_hq():
            self.ask_hq(text)
        else:
            self.message.error(PosError("member_not_found", query=text[:40]).message())

    def ask_hq(self, text: str) -> None:
        """Not on this till: ask HQ. A late answer for an older query is dropped."""
        if self._asking == text:
            return  # already asking (Enter pressed again while waiting)
        self._asking = text
        self.message.info(_("Not on this till: asking HQ…"))
        run_task(lambda: self._till.members.find_online(text),
                 lambda found: self._hq_answered(text, found),
                 lambda exc: self._hq_failed(text, exc))

    def _hq_answered(self, text: str, found: list) -> None:
        if not showing(self) or self._asking != text:
            return
        self._asking = None
        if not found:
            self.message.error(PosError("member_not_found", query=text[:40]).message())
            return
        if len(found) == 1 and not self._is_name(text):
            self.chosen = found[0]
            self.accept()
            return
        self._show_hits(text, found)
        self.message.info(_("Found at HQ; now kept on this till."), 4000)

    def _hq_failed(self, text: str, exc: Exception) -> None:
        """HQ down, hung or busy is said for a look-up (no sale is involved), without the
        raw exception text, which goes to the log; other refusals say what they are."""
        if not showing(self) or self._asking != text:
            return
        self._asking = None
        if isinstance(exc, PosError) and exc.code in HQ_OUT_OF_REACH:
            log.warning("member look-up: HQ could not be asked: %s", exc.message())
            self.message.error(_("Not found on this till, and HQ cannot be asked right now. "
                                 "Try again in a moment, or enroll the member (F2)."))
            return
        self.message.error(_("Not found on this till, and HQ could not be asked: {why}")
                           .format(why=user_message(exc)))

    @staticmethod
    def _is_name(text: str) -> bool:
        return not text.isascii() or text.isalpha()

    def search(self, text: str, enter: bool = False) -> None:
        """Search by name on a worker; `enter`: pressed Enter, so nothing found goes on to
        HQ (or "not found"). The list shown stays until the answer replaces it."""
        self._typed.stop()
        self._searching = text
        self._enter_pending = enter
        self.status.setText(_("Searching…"))
        members = self._till.members

        def job() -> tuple[list, bool]:
            return members.search(text), members.name_search_partial()

        run_task(job, lambda answer: self._searched(text, answer),
                 lambda exc: self._search_failed(text, exc))

    def _searched(self, text: str, answer: tuple[list, bool]) -> None:
        if not showing(self) or self._searching != text:
            return  # the dialog is gone, or the text changed since: a stale answer
        self._searching = None
        hits, partial = answer
        self._index_state(partial)
        self._show_hits(text, hits)
        if not hits and self._enter_pending:
            self._none_found(text)

    def _search_failed(self, text: str, exc: Exception) -> None:
        if not showing(self) or self._searching != text:
            return
        self._searching = None
        self.status.setText("")
        self.message.error(user_message(exc))

    def _index_state(self, partial: bool) -> None:
        if alive(self):  # also before the dialog is shown (asked as it opens)
            self.partial_note.setVisible(partial)

    def _show_hits(self, text: str, hits: list) -> None:
        self.results.clear()
        self._results_for = text
        for member in hits:
            item = QListWidgetItem(member_line(member))
            item.setData(Qt.ItemDataRole.UserRole, member)
            self.results.addItem(item)
        if hits:
            self.message.clear_message()
            self.results.setCurrentRow(0)
            self.status.setText(_("{count} found: ↑/↓ then Enter").format(count=len(hits)))
        else:
            self.status.setText("")

    def _text_changed(self, text: str) -> None:
        """Names (Chinese or pinyin letters) are searched as they are typed; numbers and
        codes wait for Enter, since a phone or card prefix means nothing by itself."""
        self._results_for = None
        self._searching = None  # an answer still on its way is for an older text
        text = text.strip()
        if text and self._is_name(text):
            self._typed.start()  # (re)started: searched once typing pauses
        else:
            self._typed.stop()
            self.results.clear()
            self.status.setText("")

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
            row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.results.setCurrentRow(max(0, min(self.results.count() - 1, row)))
            self._results_for = self.query.text().strip()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # Enter belongs to the field
        super().keyPressEvent(event)

    # --- actions -------------------------------------------------------------------------
    def current_member(self):
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def choose_current(self) -> None:
        member = self.current_member()
        if member is None:
            return
        self.chosen = member
        self.accept()

    def enroll(self) -> None:
        from ui.dialogs.member_enroll import MemberEnrollDialog

        text = self.query.text().strip()
        phone = text if text.isdigit() and len(text) == 11 else ""
        dialog = MemberEnrollDialog(self._till, phone=phone, parent=self)
        accepted = dialog.exec()
        enrolled = dialog.enrolled
        dialog.deleteLater()
        if accepted and enrolled is not None:
            self.chosen = enrolled
            self.accept()
            return
        self.activateWindow()
        self.query.setFocus()

    def show_profile(self) -> None:
        from ui.dialogs.member_profile import MemberProfileDialog

        member = self.current_member()
        if member is None:
            return
        MemberProfileDialog.open_for(self._till, member.id, self, self.message.error)
        self.activateWindow()
        self.query.setFocus()
