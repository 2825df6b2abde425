"""Manager badges (migration 0020, issue 18): a card a manager scans to approve an override.

Only the SHA-256 of each badge's token is kept: the token is 128 random bits made at the
till when the badge is issued (pos_app.services.approvals.badges), so a copy of this
database, a receipt or a guess cannot produce one. Issuing a new badge revokes the
holder's earlier ones; a lost badge is revoked by its holder or any manager.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from local_db.ids import new_id, utcnow


class StaffBadge(SQLModel, table=True):
    __tablename__ = "staff_badge"
    id: str = Field(default_factory=new_id, primary_key=True)
    staff_id: str = Field(foreign_key="staff.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)  # sha256 hex of the scanned token
    issued_at: datetime = Field(default_factory=utcnow)
    issued_by: str = Field(foreign_key="staff.id")
    revoked_at: datetime | None = None
