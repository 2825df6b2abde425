"""The guide's customers (clienteling, the seeds' 链客 idea; issue 19): the members a guide
looks after, with the ones worth a call today — birthdays this month, not seen for 90 days,
coupons about to expire — read offline from the till's own database."""

from pos_app.services.clienteling.service import (
    EXPIRING_DAYS,
    PAGE,
    UNSEEN_DAYS,
    ClientelingService,
    Customer,
    CustomerList,
    CustomerPage,
)

__all__ = ["EXPIRING_DAYS", "PAGE", "UNSEEN_DAYS", "ClientelingService", "Customer",
           "CustomerList", "CustomerPage"]
