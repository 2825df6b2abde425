"""Guide KPIs at HQ (issue 19): the same figures as the till's (pos_app.domain.kpis), computed
from the events HQ holds, per store and period; the API route, the admin CLI and the apply
of the till's re-attribution and target events."""
