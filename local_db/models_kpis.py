"""Guide KPI tables of the terminal (issue 19), registered on local_db.models.

`line_attribution`: a manager credited a sold line to another guide. Kept as a NEW row,
never an edit of sale_line (the sale stays what was rung up, the receipt and HQ's copy with
it); the line's credited guide is the guide of its latest row (`at`, then `id`), or the
line's own guide when it has none. `guide_id` "" means "no guide". Audited, and queued to
HQ as `line.reattributed` in the same transaction.

`guide_target`: a guide's net sales target for one month ('YYYY-MM'), set by a manager;
replaced in place (the audit log keeps the earlier values).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from local_db.ids import new_id, utcnow


class LineAttribution(SQLModel, table=True):
    __tablename__ = "line_attribution"
    id: str = Field(default_factory=new_id, primary_key=True)
    sale_line_id: str = Field(foreign_key="sale_line.id")
    sale_id: str = Field(foreign_key="sale.id")
    guide_id: str = Field(default="", max_length=64)  # "" = no guide
    from_guide_id: str = Field(default="", max_length=64)  # who was credited before
    by: str = Field(foreign_key="staff.id")  # the manager who decided
    asked_by: str | None = Field(default=None, foreign_key="staff.id")
    at: datetime = Field(default_factory=utcnow)
    reason: str = ""

    __table_args__ = (Index("ix_line_attribution_line_at", "sale_line_id", "at", "id"),)


class GuideTarget(SQLModel, table=True):
    __tablename__ = "guide_target"
    guide_id: str = Field(foreign_key="staff.id", primary_key=True)
    month: str = Field(primary_key=True, max_length=7)  # YYYY-MM
    net_sales_target: int  # fen
    set_by: str = Field(foreign_key="staff.id")
    set_at: datetime = Field(default_factory=utcnow)
