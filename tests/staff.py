"""Who changes a setting in tests that set the till up (SettingsService.update takes the
staff and checks CHANGE_SETTINGS): a manager, as one would have set it before the test."""

from pos_app.services.context import StaffInfo

MANAGER = StaffInfo(id="manager-9", code="9001", name="店长", role="manager")
CASHIER = StaffInfo(id="cashier-1", code="1001", name="收银员", role="cashier")
