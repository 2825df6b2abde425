"""The SQL of the "my customers" lists, one per list, each paged in its own order.

Every list starts from the guide's range of `ix_member_guide` (migration 0021): the member's
guide is the owning guide, else the guide who enrolled them — the same expression as the
index, so SQLite reads that range and never the million members of the region. Merged-away
members are left out (their survivor is listed). Times are compared as SQLite holds our UTC
columns ('YYYY-MM-DD HH:MM:SS.ffffff').

Names sort by their pinyin, as a Chinese reader looks for them (安娜, 白雪, 丁一 …), not by
code point (tester 11): `pinyin_key(name)` is a SQL function the service registers on the
connection (service.NAME_KEY); member rows hold no pinyin column, and a guide's range is
small enough to key on the fly.
"""

from __future__ import annotations

MINE = "coalesce(m.owner_guide_id, m.enrolled_by) = :guide AND m.merged_into IS NULL"

# The last completed sale with this member on this till (sale.member_id is indexed).
LAST_SALE = ("(SELECT max(s.created_at) FROM sale s"
             " WHERE s.member_id = m.id AND s.status = 'completed')")

COLUMNS = "m.id, m.name, m.phone, m.tier, m.birthday, m.tags, m.created_at"

TAGGED = " AND m.tags LIKE :tag ESCAPE '\\'"

ALL = f"SELECT {COLUMNS} FROM member m WHERE {MINE}{{tagged}}"
ALL_ORDER = " ORDER BY pinyin_key(m.name), m.name, m.id"

BIRTHDAYS = f"SELECT {COLUMNS} FROM member m WHERE {MINE}{{tagged}}" \
    " AND substr(m.birthday, 6, 2) = :month"
BIRTHDAYS_ORDER = " ORDER BY substr(m.birthday, 9, 2), pinyin_key(m.name), m.name, m.id"

# Not seen: no sale here since the cut-off, and enrolled before it (a member enrolled last
# week who has not bought again is new, not lapsed).
UNSEEN = (f"SELECT * FROM (SELECT {COLUMNS}, {LAST_SALE} AS last_sale FROM member m"
          f" WHERE {MINE}{{tagged}}) WHERE coalesce(last_sale, created_at) < :cutoff")
UNSEEN_ORDER = " ORDER BY coalesce(last_sale, created_at) DESC, pinyin_key(name), name, id"

# Open coupons (not redeemed on this till) running out between now and the horizon: one
# row per coupon, the soonest first.
EXPIRING = (f"SELECT {COLUMNS}, c.title AS coupon_title, c.code AS coupon_code,"
            " c.valid_until AS coupon_until FROM member m"
            " JOIN member_coupon c ON c.member_id = m.id"
            f" WHERE {MINE}{{tagged}} AND c.valid_until >= :now AND c.valid_until < :horizon"
            " AND NOT EXISTS (SELECT 1 FROM coupon_redemption r WHERE r.coupon_id = c.id)")
EXPIRING_ORDER = " ORDER BY c.valid_until, pinyin_key(m.name), m.name, c.code"

# One member's open coupon that runs out first (the other lists' coupon column).
SOONEST_COUPON = ("SELECT c.title AS coupon_title, c.code AS coupon_code,"
                  " c.valid_until AS coupon_until FROM member_coupon c"
                  " WHERE c.member_id = :id AND c.valid_until >= :now"
                  " AND NOT EXISTS (SELECT 1 FROM coupon_redemption r WHERE r.coupon_id = c.id)"
                  " ORDER BY c.valid_until, c.code LIMIT 1")
