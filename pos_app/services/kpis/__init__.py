"""Guide KPIs on the till (issue 19): `KpiService` over the till's database, feeding the
pure definitions of pos_app.domain.kpis; re-attribution, monthly targets, exports."""

from pos_app.services.kpis.attribution import SoldLine
from pos_app.services.kpis.service import KpiService

__all__ = ["KpiService", "SoldLine"]
