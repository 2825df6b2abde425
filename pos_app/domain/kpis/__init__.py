"""Guide KPIs (PRODUCT §7, issue 19): one definition of every figure, pure, fed plain facts
by the till (pos_app.services.kpis) and HQ (hq.kpis) alike. Formulas: docs/kpis.md."""

from pos_app.domain.kpis.compute import compute
from pos_app.domain.kpis.facts import NO_GUIDE, Counted, KpiFacts, ReturnShare, SaleShare
from pos_app.domain.kpis.figures import COUNTS, STORE, GuideKpis, StoreKpis, bp, hundredths, ratio
from pos_app.domain.kpis.period import STORE_TZ, DayIndex, Period, local_day, parse_month

__all__ = ["COUNTS", "NO_GUIDE", "STORE", "STORE_TZ", "Counted", "DayIndex", "GuideKpis",
           "KpiFacts", "Period", "ReturnShare", "SaleShare", "StoreKpis", "bp", "compute",
           "hundredths", "local_day", "parse_month", "ratio"]
