"""Audit recipes of the city area: city indicators with their carriers, the city's results."""

from __future__ import annotations

from decimal import Decimal

from leitai.city.imports import read_results
from leitai.city.services import city_indicator_save, city_results_import
from tests.city.helpers import city_setup, notice_xlsx, positions
from tests.core.audit.harness import recipe

S = "leitai.city.services."
MAX = 10 * 1024 * 1024


def _import(c, data, name):
    plan = read_results(data, name, year=c.year, period_code="2022-10", max_bytes=MAX)
    assert plan.problems == []
    return lambda: city_results_import(
        actor=c.office,
        year=c.year,
        period_code="2022-10",
        data=data,
        name=name,
        digest=plan.digest(),
        max_bytes=MAX,
    )


@recipe(S + "city_indicator_save")
def _(c):
    gdp, _tax = city_setup(c.world)
    fields = {"name": "GDP增速（可比价）", "peers": 13}
    carriers = [("A01", Decimal("0.5")), ("B01", Decimal("0.5"))]
    return lambda: city_indicator_save(
        actor=c.office, year=c.year, fields=fields, carriers=carriers, indicator=gdp
    )


@recipe(S + "city_results_import")  # a corrected re-issue replaces the first table
def _(c):
    city_setup(c.world)
    _import(c, notice_xlsx(positions(3, 6)), "通报.xlsx")()
    return _import(c, notice_xlsx(positions(2, None)), "更正.xlsx")
