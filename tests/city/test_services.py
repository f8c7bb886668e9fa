"""The city's notice table in, all or nothing; the feed into the county's rank indicators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from leitai.city.feeds import city_carriers, city_positions
from leitai.city.imports import read_results, short_name
from leitai.city.models import CityCarrier, CityPosition, CityRelease
from leitai.city.services import city_indicator_save, city_results_import
from leitai.core.imports import ImportRejected, PlanChanged
from leitai.core.models import AuditEntry
from tests.city.helpers import city_setup, notice_csv, notice_xlsx, positions

MAX = 10 * 1024 * 1024


def read(world, data, name="通报.xlsx", period="2022-10"):
    return read_results(data, name, year=world.year, period_code=period, max_bytes=MAX)


def confirm(world, data, name="通报.xlsx", period="2022-10", actor=None):
    plan = read(world, data, name, period)
    return city_results_import(
        actor=actor or world.office,
        year=world.year,
        period_code=period,
        data=data,
        name=name,
        digest=plan.digest(),
        max_bytes=MAX,
    )


def test_short_names_drop_the_county_ending():
    assert [short_name(n) for n in ("临朐县", "临朐", "青州市", "奎文区", "北区")] == [
        "临朐", "临朐", "青州", "奎文", "北区",
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_workbook_with_a_title_row_and_chinese_headers_previews_our_positions(world):
    city_setup(world)
    plan = read(world, notice_xlsx(positions(3, 6)))
    assert plan.problems == []
    assert plan.county == "临朐"
    lines = [(ln.indicator.code, ln.position, ln.before, ln.counties) for ln in plan.lines]
    assert lines == [("S01", 3, None, 8), ("S02", 6, None, 8)]
    assert len(plan.rows) == 16 and not plan.replaces


@pytest.mark.django_db
def test_a_gbk_csv_reads_as_the_workbook(world):
    city_setup(world)
    rows = positions(3, 6)
    assert read(world, notice_csv(rows), "通报.csv").rows == read(world, notice_xlsx(rows)).rows


@pytest.mark.django_db
def test_merged_county_cells_fill_every_row(world):
    city_setup(world)
    rows = [["临朐县", "GDP增速", 3, "", ""], [None, "税收增速", 5, "", ""]]
    plan = read(world, notice_xlsx(rows, merged_county=True))
    assert plan.problems == []
    assert [(line.indicator.code, line.position) for line in plan.lines] == [("S01", 3), ("S02", 5)]


@pytest.mark.django_db
def test_bad_rows_are_named_by_sheet_row_and_column_and_nothing_is_stored(world):
    city_setup(world)
    rows = positions(3, None)
    rows[0][2] = 9  # position past the 8 peers
    rows[1][1] = "人口增速"  # no such city indicator
    rows[2][3] = "abc"
    rows.append(list(rows[4]))  # the same county twice
    data = notice_xlsx(rows)
    with translation.override("zh-hans"):
        problems = [str(p) for p in read(world, data).problems]
    assert problems == [
        "10月通报 第 3 行第 C 列（位次）：位次须为 1 至 8 的整数，现为 9。",
        "10月通报 第 4 行第 B 列（指标名称）：未知的市考指标 人口增速：请先在市考指标页面添加。",
        "10月通报 第 5 行第 D 列（完成值(%)）：不是数字：abc。",
        "10月通报 第 11 行第 A 列（县(市、区)）：诸城市 在 GDP增速 中出现两次（首次在第 7 行）。",
    ]
    with pytest.raises(ImportRejected):
        city_results_import(actor=world.office, year=world.year, period_code="2022-10",
                            data=data, name="x.xlsx", digest="", max_bytes=MAX)  # fmt: skip
    assert not CityRelease.objects.exists()
    assert not AuditEntry.objects.filter(action="city.results_import").exists()


@pytest.mark.django_db
def test_a_table_without_this_county_is_refused(world):
    city_setup(world)
    rows = [r for r in positions(3, 6) if r[0] != "临朐县"]
    with translation.override("zh-hans"):
        assert [str(p) for p in read(world, notice_xlsx(rows)).problems] == [
            "10月通报：没有 临朐 的行：上传的表格是否正确？"
        ]


@pytest.mark.django_db
def test_confirm_stores_the_release_with_one_audit_row_and_a_reissue_replaces_it(world):
    city_setup(world)
    plan = confirm(world, notice_xlsx(positions(3, 6)))
    release = CityRelease.objects.get()
    assert (release.period_code, release.county, release.rows.count()) == ("2022-10", "临朐", 16)
    us = release.rows.filter(is_us=True).order_by("city_indicator__code")
    assert [(r.city_indicator.code, r.position, r.value, r.score) for r in us] == [
        ("S01", 3, Decimal("5.3000"), Decimal("97.0000")),
        ("S02", 6, Decimal("5.6000"), Decimal("94.0000")),
    ]
    audit = AuditEntry.objects.get(action="city.results_import")
    assert audit.after == {"file": "通报.xlsx", "rows": 16, "ours": {"S01": 3, "S02": 6}}
    assert len(plan.lines) == 2
    # The corrected re-issue of the same month replaces the rows.
    assert read(world, notice_xlsx(positions(2, None))).replaces
    confirm(world, notice_xlsx(positions(2, None)), name="更正.xlsx")
    release.refresh_from_db()
    assert (release.file_name, release.rows.count()) == ("更正.xlsx", 8)
    assert list(release.rows.filter(is_us=True).values_list("position", flat=True)) == [2]
    assert AuditEntry.objects.filter(action="city.results_import").count() == 2


@pytest.mark.django_db
def test_a_changed_file_or_a_wrong_actor_changes_nothing(world):
    city_setup(world)
    data = notice_xlsx(positions(3, 6))
    with pytest.raises(PlanChanged):
        city_results_import(actor=world.office, year=world.year, period_code="2022-10",
                            data=data, name="x.xlsx", digest="stale", max_bytes=MAX)  # fmt: skip
    with pytest.raises(PermissionDenied):
        confirm(world, data, actor=world.other_office)
    with pytest.raises(ValidationError):
        confirm(world, data, period="2022-11")  # not a period of the year
    assert not CityRelease.objects.exists() and not CityPosition.objects.exists()


@pytest.mark.django_db
def test_the_feed_gives_every_carrier_the_position_with_the_citys_words(world):
    city_setup(world)
    confirm(world, notice_xlsx(positions(5, 6)), period="2022-09")
    confirm(world, notice_xlsx(positions(3, None)), period="2022-10")
    values = city_positions(year=2022, period_code="2022-10", period_end=None)
    assert [(v.unit_id, v.indicator_code, v.value, v.note_zh) for v in values] == [
        (world.unit_a.pk, "A01", 3.0, "市考 GDP增速：临朐县 3/8，上期 5/8，进 2 位，承担 60%"),
        (world.unit_b.pk, "A01", 3.0, "市考 GDP增速：临朐县 3/8，上期 5/8，进 2 位，承担 40%"),
    ]
    assert values[0].note_en == "City GDP增速: 临朐县 3/8, previously 5/8, up 2, carried share 60%"
    # TAX is not in October's table: no value, so the indicator stays missing.
    assert city_positions(year=2022, period_code="2022-11", period_end=None) == []
    september = city_positions(year=2022, period_code="2022-09", period_end=None)
    assert [v.note_zh for v in september if v.unit_id == world.unit_c.pk] == [
        "市考 税收增速：临朐县 6/8"
    ]
    assert sorted(city_carriers(year=world.year)) == [("A01", "A01", 0.6), ("B01", "A01", 0.4),
                                                       ("C01", "A02", 1.0)]  # fmt: skip


@pytest.mark.django_db
def test_carriers_must_be_the_countys_units_with_shares_summing_to_one(world):
    gdp, _tax = city_setup(world)
    fields = {"code": "S01", "name": "GDP增速", "peers": 8, "period_kind": "month",
              "lag_days": 20, "indicator_code": "A01"}  # fmt: skip
    for carriers, message in (
        ([("A01", Decimal("0.6")), ("B01", Decimal("0.3"))], "各单位份额合计为 90%，不是 100%。"),
        ([("A01", Decimal("1")), ("ZZZ", Decimal("0"))], "单位 ZZZ 不存在。"),
        ([("A01", Decimal("0.5")), ("A01", Decimal("0.5"))], "有单位重复填写。"),
        ([("A01", Decimal("1.5")), ("B01", Decimal("-0.5"))], "每个份额须大于 0、不大于 100%。"),
    ):  # fmt: skip
        with pytest.raises(ValidationError) as caught:
            city_indicator_save(actor=world.office, year=world.year, fields=fields,
                                carriers=carriers, indicator=gdp)  # fmt: skip
        assert caught.value.message_dict == {"carriers": [message]}
    assert list(gdp.carriers.values_list("unit__code", "share")) == [
        ("A01", Decimal("0.6000")), ("B01", Decimal("0.4000"))
    ]  # fmt: skip
    city_indicator_save(actor=world.office, year=world.year, fields={**fields, "peers": 13},
                        carriers=[("C01", Decimal("1"))], indicator=gdp)  # fmt: skip
    gdp.refresh_from_db()
    assert gdp.peers == 13
    assert list(
        CityCarrier.objects.filter(city_indicator=gdp).values_list("unit__code", flat=True)
    ) == ["C01"]
    audit = AuditEntry.objects.get(action="city.indicator_save")
    assert (audit.before["carriers"], audit.after["carriers"]) == (
        {"A01": "0.6000", "B01": "0.4000"}, {"C01": "1.0000"}
    )  # fmt: skip
