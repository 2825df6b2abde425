"""What a manager's HQ report dialog (coupon reconciliation, campaign ROI) must do once HQ
has gone: asked again, it empties its table and says why in the UI's language, English and
then Chinese, its Refresh still there to try later."""

from __future__ import annotations

from collections.abc import Iterable

from pos_app import i18n
from tests.qt_wait import wait_until


def says_hq_is_gone(dialog, english: Iterable[str] = (), chinese: Iterable[str] = ()) -> None:
    """`dialog` (load(), retry, table, status) asked again with HQ gone: no rows, 'HQ cannot
    be reached' / '无法连接总部' and the dialog's own further `english` / `chinese` texts."""
    dialog.load()
    wait_until(lambda: dialog.retry.isEnabled(), 15_000)
    assert dialog.table.rowCount() == 0
    for text in ("HQ cannot be reached", *english):
        assert text in dialog.status.text()
    i18n.set_language("zh_CN")
    try:
        dialog.load()
        wait_until(lambda: dialog.retry.isEnabled(), 15_000)
        for text in ("无法连接总部", *chinese):
            assert text in dialog.status.text()
    finally:
        i18n.set_language("en")
