"""The KPI counts are listed once (pos_app.domain.kpis.COUNTS, GuideKpis' own fields): the
row a till reads from HQ and HQ's daily rollup table are built from that list, so every
figure the domain counts travels and is rolled up, in the domain's order."""

from __future__ import annotations

from dataclasses import fields

from hq import models as m
from pos_app.domain.kpis import COUNTS, GuideKpis
from sync.contract.kpis_api import KpiRow


def test_the_counts_are_guide_kpis_own_additive_fields():
    assert tuple(f.name for f in fields(GuideKpis))[2:-1] == COUNTS
    assert "gross_sales" in COUNTS and "exceptions" in COUNTS and "target" not in COUNTS


def test_the_wire_row_carries_every_field_of_guide_kpis():
    assert list(KpiRow.model_fields) == [f.name for f in fields(GuideKpis)]
    row = KpiRow.model_validate({"guide_id": "g", **{c: i for i, c in enumerate(COUNTS)},
                                 "figure_hq_added_later": 1})
    assert GuideKpis(**row.model_dump()) == GuideKpis("g", **{c: i for i, c in
                                                               enumerate(COUNTS)})


def test_the_rollup_has_a_bigint_column_per_count():
    table = m.KpiDay.__table__
    assert [c.name for c in table.columns] == ["store_id", "day", "guide_id", *COUNTS]
    assert all(str(table.c[c].type) == "BIGINT" and not table.c[c].nullable for c in COUNTS)
