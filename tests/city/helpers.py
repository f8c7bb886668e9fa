"""City indicators, carriers and notice tables for the city area's tests."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook

from leitai.city.models import CityCarrier, CityIndicator
from tests.assessment.scheme_factory import make_period

COUNTIES = ["奎文区", "潍城区", "临朐县", "青州市", "诸城市", "寿光市", "安丘市", "昌邑市"]


def city_setup(world):
    """Two city indicators: GDP (A01 60%, B01 40%, feeding A01) and TAX (C01, feeding A02)."""
    gdp = CityIndicator.objects.create(
        year=world.year, code="S01", name="GDP增速", peers=8, indicator_code="A01"
    )
    tax = CityIndicator.objects.create(
        year=world.year, code="S02", name="税收增速", peers=8, indicator_code="A02"
    )
    CityCarrier.objects.create(city_indicator=gdp, unit=world.unit_a, share=Decimal("0.6"))
    CityCarrier.objects.create(city_indicator=gdp, unit=world.unit_b, share=Decimal("0.4"))
    CityCarrier.objects.create(city_indicator=tax, unit=world.unit_c, share=Decimal("1"))
    for code in ("2022-09", "2022-10"):
        make_period(world.year, code)
    return gdp, tax


def positions(gdp_us: int, tax_us: int | None) -> list[list]:
    """Rows of a notice table: 临朐 at the given places, the other counties around it."""
    rows = []
    for name, us in (("GDP增速", gdp_us), ("税收增速", tax_us)):
        if us is None:
            continue
        others = [c for c in COUNTIES if c != "临朐县"]
        order = [*others[: us - 1], "临朐县", *others[us - 1 :]]
        rows += [[county, name, place, 5.0 + place / 10, 100 - place] for place, county in
                 enumerate(order, start=1)]  # fmt: skip
    return rows


def notice_xlsx(rows, *, merged_county=False) -> bytes:
    """A city's notice workbook: a merged title row, a note row, the header, the rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "10月通报"
    ws.append(["2022年10月全市县域经济主要指标位次通报"])
    ws.merge_cells("A1:E1")
    ws.append(["县（市、区）", "指标名称", "位次", "完成值（%）", "得分"])
    for row in rows:
        ws.append(row)
    if merged_county:  # the county's name merged down its two rows
        ws.merge_cells("A3:A4")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def notice_csv(rows, encoding="gbk") -> bytes:
    lines = ["2022年10月市考结果", "县市区,指标,排名,数值,得分"]
    lines += [",".join(str(c) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)
