"""Coupons at HQ (PRODUCT §5, issue 17): definitions inside campaigns, instances issued or
claimed for members with a short code and a signed SFC1 code, online redemption, the
`coupon.redeemed` events tills push (first accepted, later ones conflicts) and the
reconciliation report. `issue` (the admin CLI's issue-coupon) is re-exported for callers
that knew the single module."""

from hq.coupons.issue import KINDS, IssuedCoupon, issue, new_code

__all__ = ["KINDS", "IssuedCoupon", "issue", "new_code"]
