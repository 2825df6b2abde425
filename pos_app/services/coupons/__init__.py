"""Coupons at the till (issue 17): a signed code read offline (codes.py), HQ asked briefly
(online.py), its answer or the offline policy (policy.py), and the guide's gift redemption
(gift.py, written in one transaction by gift_write.py)."""

from pos_app.services.coupons.codes import CouponReader, CouponView, till_keys
from pos_app.services.coupons.gift import GiftRedeemed, GiftRedemption
from pos_app.services.coupons.online import OnlineRedeemer
from pos_app.services.coupons.policy import OfflinePolicy, deny_unknown

__all__ = ["CouponReader", "CouponView", "GiftRedeemed", "GiftRedemption", "OfflinePolicy",
           "OnlineRedeemer", "deny_unknown", "till_keys"]
