"""Excel import of the organisation: messy files, every error, all or nothing, permissions."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from leitai.core.models import AuditEntry
from leitai.org import imports
from leitai.org.models import (
    AssessmentYear,
    Group,
    GroupMembership,
    RoleGrant,
    SupervisionAssignment,
    SupervisionGroup,
    Unit,
)
from tests.conftest import PERSONAS

URL = reverse("org:import")
TEMPLATE_URL = reverse("org:import_template")

UNIT_HEAD = ["代码", "名称", "简称", "类型", "启用"]
GROUP_HEAD = ["年度", "分组代码", "分组名称", "排序", "单位代码"]
SUPERVISION_HEAD = ["年度", "督导组", "排序", "成员账号", "单位代码"]
PEOPLE_HEAD = ["账号", "姓名", "邮箱", "角色", "单位代码", "初始密码"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The personas' passwords are hashed once per test; keep that cheap here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def workbook(sheets: dict[str, list[list]], *, title_rows: int = 0) -> bytes:
    """Return an .xlsx with the given sheets; `title_rows` merged title rows above each."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for _ in range(title_rows):
            ws.append([f"临朐县{name}名单"])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=5)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: Client, data: bytes, name: str = "org.xlsx"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # pages speak Chinese by default
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def confirm(client: Client, preview):
    context = preview.context
    return client.post(
        URL,
        {"confirm": "1", "token": context["token"], "digest": context["digest"]},
        follow=True,
    )


def texts(items) -> list[str]:
    """Return problems (or anything translatable) as English text."""
    with translation.override("en"):
        return [str(item) for item in items]


def problem_rows(page: str) -> list[list[str]]:
    """Return the cells (sheet, row, column, problem) of each row of the page's problem table."""
    rows = re.findall(r'<tr data-testid="import-problem">(.*?)</tr>', page, re.S)
    return [
        [html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
        for r in rows
    ]


def snapshot() -> dict:
    """Counts of everything an import may touch, plus one field to prove nothing changed."""
    return {
        "units": Unit.objects.count(),
        "years": AssessmentYear.objects.count(),
        "groups": Group.objects.count(),
        "memberships": GroupMembership.objects.count(),
        "supervision": SupervisionGroup.objects.count(),
        "assignments": SupervisionAssignment.objects.count(),
        "people": get_user_model().objects.count(),
        "grants": RoleGrant.objects.count(),
        "audit": AuditEntry.objects.count(),
        "a01_name": Unit.objects.get(code="A01").name,
    }


# --- a messy but valid workbook --------------------------------------------------------------


def messy_workbook() -> bytes:
    return workbook(
        {
            "单位": [
                UNIT_HEAD,
                [None, None, None, None, None],
                [" ＬＱ１０１ ", " 县委办公室 ", "—", "党委部门", None],
                [101, "县总工会", "总工会", "mass", "否"],
                [],
                ["A01", "县发展和改革局", "发改局", "政府部门", "是"],
            ],
            "分组": [
                GROUP_HEAD,
                ["２０２２", "G3", "第三组", 3, "LQ101"],
                [2022, "G3", "第三组", 3, "101"],
                [2023, "G1", "第一组", None, "A01"],
                [2023, "G9", "空组", "-", "无"],
            ],
            "督导组": [
                SUPERVISION_HEAD,
                [2022, "第一督导组", 1, "supervisor、dd01", "A01, LQ101，101"],
            ],
            "people": [
                ["username", "full_name", "email", "role", "unit_code", "password"],
                ["dd01", "督导员乙", "—", "督导组成员", "—", "Leitai-dd01-pw"],
                [" ｒｅｐ１０１ ", "填报员丙", "rep101@example.com", "填报员", "ＬＱ１０１", None],
                ["rep101", "填报员丙", None, "unit_leader", "101", None],
            ],
        },
        title_rows=2,
    )


def test_messy_workbook_previews_without_saving_then_imports_exactly(world):
    client = world.client_for("office")
    before = snapshot()
    preview = upload(client, messy_workbook())
    assert preview.status_code == 200
    assert preview.templates[0].name == "org/import_preview.html"
    assert snapshot() == before
    plan = preview.context["plan"]
    assert plan.problems == []
    assert plan.new_years == [2023]
    assert plan.summary() == {
        "created": {
            "years": [2023],
            "units": ["LQ101", "101"],
            "people": ["dd01", "rep101"],
            "groups": ["2022/G3", "2023/G1", "2023/G9"],
        },
        "updated": {"units": ["A01"], "supervision_groups": ["2022/第一督导组"]},
    }
    changed = plan.of("units")[2]
    with translation.override("en"):
        assert changed.fields == [("short name", "发展", "发改局")]

    page = confirm(client, preview)
    assert "Import applied: 8 created, 2 changed." in page.content.decode()
    units = {
        u.code: (u.name, u.short_name, u.kind, u.active)
        for u in Unit.objects.filter(jurisdiction=world.county, code__in=["LQ101", "101", "A01"])
    }
    assert units == {
        "LQ101": ("县委办公室", "", "party", True),
        "101": ("县总工会", "总工会", "mass", False),
        "A01": ("县发展和改革局", "发改局", "government", True),
    }
    year_2023 = AssessmentYear.objects.get(jurisdiction=world.county, year=2023)
    assert (year_2023.name, year_2023.is_current) == ("2023年度", False)
    assert world.year.__class__.objects.get(pk=world.year.pk).is_current
    g3 = Group.objects.get(year=world.year, code="G3")
    assert (g3.name, g3.order) == ("第三组", 3)
    assert sorted(g3.memberships.values_list("unit__code", flat=True)) == ["101", "LQ101"]
    assert list(
        Group.objects.get(year=year_2023, code="G1").memberships.values_list(
            "unit__code", flat=True
        )
    ) == ["A01"]
    assert Group.objects.get(year=year_2023, code="G9").memberships.count() == 0
    sg = SupervisionGroup.objects.get(pk=world.supervision.pk)
    assert sorted(sg.members.values_list("username", flat=True)) == ["dd01", "supervisor"]
    assert sorted(sg.assignments.values_list("unit__code", flat=True)) == ["101", "A01", "LQ101"]
    rep = get_user_model().objects.get(username="rep101")
    assert (rep.first_name, rep.email, rep.has_usable_password()) == (
        "填报员丙",
        "rep101@example.com",
        False,
    )
    assert sorted(rep.role_grants.values_list("role", "unit__code")) == [
        ("reporter", "LQ101"),
        ("unit_leader", "101"),
    ]
    assert get_user_model().objects.get(username="dd01").check_password("Leitai-dd01-pw")
    entries = AuditEntry.objects.filter(action="org.import")
    assert entries.count() == 1
    assert entries.get().after == plan.summary()
    assert entries.get().actor == world.office


def test_importing_the_same_file_twice_changes_nothing_the_second_time(world):
    client = world.client_for("office")
    confirm(client, upload(client, messy_workbook()))
    before = snapshot()
    preview = upload(client, messy_workbook())
    assert preview.context["plan"].has_changes is False
    assert "Nothing to change" in preview.content.decode()
    page = client.post(
        URL,
        {"confirm": "1", "token": preview.context["token"], "digest": preview.context["digest"]},
        follow=True,
    )
    assert "Nothing to change: the workbook matches the current data." in page.content.decode()
    assert snapshot() == before


def test_template_round_trips_without_changes(world):
    client = world.client_for("office")
    response = client.get(TEMPLATE_URL)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["单位", "分组", "督导组", "人员"]
    units = book["单位"]
    assert [c.value for c in units[1]] == UNIT_HEAD
    assert units.freeze_panes == "A2"
    assert units["A1"].comment is not None
    assert [c.value for c in units[2]] == ["A01", "县发展和改革局", "发展", "政府部门", "是"]
    assert {dv.formula1 for dv in units.data_validations.dataValidation} == {
        '"党委部门,政府部门,群团组织,事业单位"',
        '"是,否"',
    }
    assert [c.value for c in book["督导组"][2]] == [2022, "第一督导组", 1, "supervisor", "A01"]
    assert units.max_row == 5  # four units of the county, none of the other county
    before = snapshot()
    preview = upload(client, response.content)
    assert preview.context["plan"].problems == []
    assert preview.context["plan"].has_changes is False
    assert snapshot() == before


def test_confirm_applies_nothing_when_the_data_changed_since_the_preview(world):
    client = world.client_for("office")
    preview = upload(client, workbook({"单位": [UNIT_HEAD, ["A01", "县发改局", "", "政府部门"]]}))
    Unit.objects.filter(code="A01").update(short_name="改过")
    before = snapshot()
    page = client.post(
        URL,
        {"confirm": "1", "token": preview.context["token"], "digest": "stale"},
    )
    assert page.templates[0].name == "org/import_preview.html"
    assert "The data changed since the preview" in page.content.decode()
    assert snapshot() == before


def test_cancel_drops_the_uploaded_file(world, settings):
    client = world.client_for("office")
    preview = upload(client, workbook({"单位": [UNIT_HEAD, ["N01", "县新单位", "", "事业单位"]]}))
    assert len(list((settings.MEDIA_ROOT / "imports").glob("*.xlsx"))) == 1
    client.post(URL, {"cancel": "1", "token": preview.context["token"]})
    assert list((settings.MEDIA_ROOT / "imports").glob("*.xlsx")) == []
    page = confirm(client, preview)
    assert "The uploaded file has expired" in page.content.decode()
    assert not Unit.objects.filter(code="N01").exists()


# --- every kind of error, with its exact message, and nothing changed -----------------------

ERRORS = [
    (
        "missing column",
        {"单位": [["代码", "名称"], ["N01", "县新单位"]]},
        "单位 row 1: The required column 类型 is missing.",
    ),
    (
        "blank required",
        {"单位": [UNIT_HEAD, ["N01", "—", "", "政府部门"]]},
        "单位 row 2, column B (名称): This cell is required.",
    ),
    (
        "unknown kind",
        {"单位": [UNIT_HEAD, ["N01", "县新单位", "", "部门"]]},
        "单位 row 2, column D (类型): Unknown unit kind 部门.",
    ),
    (
        "bad active",
        {"单位": [UNIT_HEAD, ["N01", "县新单位", "", "政府部门", "也许"]]},
        "单位 row 2, column E (启用): Write 是 or 否, not 也许.",
    ),
    (
        "duplicate code",
        {
            "单位": [
                UNIT_HEAD,
                ["N01", "县新单位", "", "政府部门"],
                ["Ｎ０１", "县另一单位", "", "政府部门"],
            ]
        },
        "单位 row 3, column A (代码): Duplicate code N01 (also on row 2).",
    ),
    (
        "name taken",
        {"单位": [UNIT_HEAD, ["N01", "县商务局", "", "政府部门"]]},
        "单位 row 2, column B (名称): The name 县商务局 is already used by unit B01.",
    ),
    (
        "unknown role",
        {"人员": [PEOPLE_HEAD, ["p1", "张三", "", "厨师", ""]]},
        "人员 row 2, column D (角色): Unknown role 厨师.",
    ),
    (
        "unknown unit",
        {"人员": [PEOPLE_HEAD, ["p1", "张三", "", "填报员", "Z99"]]},
        "人员 row 2, column E (单位代码): Unknown unit code Z99.",
    ),
    (
        "unit of another jurisdiction",
        {"人员": [PEOPLE_HEAD, ["p1", "张三", "", "填报员", "X01"]]},
        "人员 row 2, column E (单位代码): Unknown unit code X01.",
    ),
    (
        "role needs a unit",
        {"人员": [PEOPLE_HEAD, ["p1", "张三", "", "填报员", "—"]]},
        "人员 row 2, column E (单位代码): The role 填报员 needs a unit.",
    ),
    (
        "role takes no unit",
        {"人员": [PEOPLE_HEAD, ["p1", "张三", "", "评委", "A01"]]},
        "人员 row 2, column E (单位代码): The role 评委 takes no unit.",
    ),
    (
        "bad e-mail",
        {"人员": [PEOPLE_HEAD, ["p1", "张三", "zhang@", "评委", ""]]},
        "人员 row 2, column C (邮箱): zhang@ is not a valid e-mail address.",
    ),
    (
        "someone else's account",
        {"人员": [PEOPLE_HEAD, ["other_office", "张三", "", "评委", ""]]},
        "人员 row 2, column A (账号): The username other_office is already taken.",
    ),
    (
        "invalid year",
        {"分组": [GROUP_HEAD, ["22年", "G1", "第一组", 1, "A01"]]},
        "分组 row 2, column A (年度): 22年 is not a valid year.",
    ),
    (
        "unit in two groups",
        {"分组": [GROUP_HEAD, [2022, "G1", "第一组", 1, "B01"], [2022, "G2", "第二组", 2, "B01"]]},
        "分组 row 3, column E (单位代码): Unit B01 is already in a group of 2022 on row 2.",
    ),
    (
        "member not a supervisor",
        {"督导组": [SUPERVISION_HEAD, [2022, "第二督导组", 2, "judge", ""]]},
        "督导组 row 2, column D (成员账号): judge does not hold the supervisor role.",
    ),
    (
        "unknown member",
        {"督导组": [SUPERVISION_HEAD, [2022, "第二督导组", 2, "nobody", ""]]},
        "督导组 row 2, column D (成员账号): Unknown username nobody.",
    ),
]


@pytest.mark.parametrize(("sheets", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_each_error_is_named_by_sheet_row_and_column_and_nothing_changes(world, sheets, message):
    client = world.client_for("office")
    before = snapshot()
    # A valid change rides along: it must not be applied either.
    if "单位" not in sheets:
        sheets = {"单位": [UNIT_HEAD, ["A01", "改名的发改局", "", "政府部门"]], **sheets}
    response = upload(client, workbook(sheets))
    assert texts(response.context["problems"]) == [message]
    assert message.split(": ", 1)[1] in response.content.decode()
    assert snapshot() == before


def test_errors_are_all_collected(world):
    client = world.client_for("office")
    response = upload(
        client,
        workbook(
            {
                "单位": [UNIT_HEAD, ["N01", "", "", "部门"]],
                "人员": [PEOPLE_HEAD, ["p1", "张三", "bad", "厨师", "Z99"]],
            }
        ),
    )
    assert texts(response.context["problems"]) == [
        "单位 row 2, column B (名称): This cell is required.",
        "单位 row 2, column D (类型): Unknown unit kind 部门.",
        "人员 row 2, column C (邮箱): bad is not a valid e-mail address.",
        "人员 row 2, column D (角色): Unknown role 厨师.",
        "人员 row 2, column E (单位代码): Unknown unit code Z99.",
    ]


def test_the_page_lists_the_problems_in_a_table_by_sheet_row_and_column(world):
    client = world.client_for("office")
    data = workbook({"单位": [UNIT_HEAD, ["N01", "", "", "部门"]], "人员": [["账号"]]})
    response = upload(client, data, "bad.xlsx")
    assert "includes/import_problems.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "The workbook has 4 errors; nothing was changed." in page and "(bad.xlsx)" in page
    assert page.count('data-testid="import-problems"') == 1
    assert page.count('data-testid="import-problem-table"') == 1
    assert problem_rows(page) == [
        ["人员", "1", "", "The required column 姓名 is missing."],
        ["人员", "1", "", "The required column 角色 is missing."],
        ["单位", "2", "B (名称)", "This cell is required."],
        ["单位", "2", "D (类型)", "Unknown unit kind 部门."],
    ]


def test_file_level_problems_fill_only_the_problem_column(world):
    client = world.client_for("office")
    page = upload(client, b"code,name\n", "org.csv").content.decode()
    assert problem_rows(page) == [
        ["", "", "", "The file is not an Excel workbook (.xlsx): BadZipFile"]
    ]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.post(URL, {}).content.decode()
    assert problem_rows(page) == [["", "", "", "Choose a file to upload."]]


def test_not_an_xlsx_is_refused(world):
    before = snapshot()
    response = upload(world.client_for("office"), b"code,name\nN01,x\n", "org.csv")
    assert texts(response.context["problems"]) == [
        "The file is not an Excel workbook (.xlsx): BadZipFile"
    ]
    assert snapshot() == before


def test_too_large_a_file_is_refused(world, settings):
    settings.LEITAI_MAX_IMPORT_BYTES = 1000
    before = snapshot()
    data = workbook({"单位": [UNIT_HEAD, ["N01", "县新单位", "", "政府部门"]]})
    response = upload(world.client_for("office"), data)
    assert texts(response.context["problems"]) == [
        "The file is larger than the limit of 1000\xa0bytes."
    ]
    assert snapshot() == before


def test_workbook_without_known_sheets_is_refused(world):
    response = upload(world.client_for("office"), workbook({"Sheet9": [["a"]]}))
    assert texts(response.context["problems"]) == [
        "The workbook has none of the sheets 单位、分组、督导组、人员."
    ]


# --- who may import ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", [URL, TEMPLATE_URL])
def test_only_the_office_of_the_county_may_import(world, persona, url):
    response = world.client_for(persona).get(url)
    assert response.status_code == (200 if persona in ("office", "other_office") else 404)


def test_other_office_sees_only_its_own_county(world):
    client = world.client_for("other_office")
    book = load_workbook(io.BytesIO(client.get(TEMPLATE_URL).content))
    assert [row[0].value for row in book["单位"].iter_rows(min_row=2)] == ["X01"]
    before = snapshot()
    response = upload(client, workbook({"分组": [GROUP_HEAD, [2022, "G1", "一组", 1, "A01"]]}))
    assert texts(response.context["problems"]) == [
        "分组 row 2, column E (单位代码): Unknown unit code A01."
    ]
    assert snapshot() == before


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in ("office", "other_office")])
def test_non_office_cannot_post(world, persona):
    before = snapshot()
    data = workbook({"单位": [UNIT_HEAD, ["N01", "县新单位", "", "政府部门"]]})
    assert upload(world.client_for(persona), data).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("url", [URL, TEMPLATE_URL])
def test_anonymous_is_sent_to_login(db, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- the service itself --------------------------------------------------------------------


def _plan(world, sheets):
    book, problems = imports.read_workbook(workbook(sheets), max_bytes=10**6)
    assert problems == []
    return imports.plan_import(jurisdiction=world.county, book=book)


def test_apply_requires_the_office_of_the_jurisdiction(world):
    plan = _plan(world, {"单位": [UNIT_HEAD, ["N01", "县新单位", "", "事业单位"]]})
    before = snapshot()
    for actor in (world.reporter_a, world.other_office):
        with pytest.raises(PermissionDenied):
            imports.org_import_apply(actor=actor, jurisdiction=world.county, plan=plan)
    assert snapshot() == before


def test_apply_rechecks_the_plan_and_applies_nothing_when_it_no_longer_fits(world):
    plan = _plan(
        world,
        {
            "单位": [UNIT_HEAD, ["N01", "县新单位", "", "事业单位"]],
            "人员": [PEOPLE_HEAD, ["p1", "张三", "", "填报员", "N01"]],
        },
    )
    Unit.objects.create(jurisdiction=world.county, code="N99", name="县新单位", kind="mass")
    before = snapshot()
    with pytest.raises(imports.ImportRejected) as exc:
        imports.org_import_apply(actor=world.office, jurisdiction=world.county, plan=plan)
    with translation.override("en"):
        assert texts(exc.value.problems) == [
            "单位 row 2, column B (名称): The name 县新单位 is already used by unit N99."
        ]
    assert snapshot() == before


def test_the_demo_county_round_trips_through_the_template(db, settings):
    # Only the organisation step: later demo steps add data (and people) of other areas.
    from leitai.demo import DemoRun, org

    org.build(DemoRun(stream=io.StringIO(), step="organisation"))
    client = Client()
    client.force_login(get_user_model().objects.get(username="office"))
    data = client.get(TEMPLATE_URL).content
    book = load_workbook(io.BytesIO(data))
    assert [book[name].max_row - 1 for name in book.sheetnames] == [107, 81, 5, 22]
    preview = upload(client, data)
    assert preview.context["plan"].problems == []
    assert preview.context["plan"].has_changes is False
    assert sum(preview.context["plan"].unchanged.values()) == 107 + 3 + 5 + 22
