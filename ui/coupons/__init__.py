"""Coupons on the till's screens (issue 17): the guide's gift redemption and the manager's
coupon reconciliation."""
