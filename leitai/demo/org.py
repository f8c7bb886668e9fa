"""The demo county's organisation: 临朐县 in 2022, its 107 units, groups, supervision, logins.

Built with bulk writes (a few seconds at most); every step compares with what is there so a
second run creates nothing and a half-built county is completed.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from leitai.org.models import (
    AssessmentYear,
    Group,
    GroupMembership,
    Jurisdiction,
    Role,
    RoleGrant,
    SupervisionAssignment,
    SupervisionGroup,
    Unit,
)

PASSWORD = "demo2022"
CITY = ("370700", "潍坊市")
COUNTY = ("370724", "临朐县")
YEAR = 2022
YEAR_NAME = "2022年度县直部门（单位）重点任务擂台比武"

# Kinds: party organ, government department, mass organisation, public institution (事业单位).
P, G, M, E = "party", "government", "mass", "institution"

# Group 1: the 49 units that carry the city's assessment indicators.
GROUP_1 = [
    ("县发展和改革局", "发改局", G),
    ("县工业和信息化局", "工信局", G),
    ("县商务局", "商务局", G),
    ("县财政局", "财政局", G),
    ("县住房和城乡建设局", "住建局", G),
    ("县自然资源和规划局", "自然资源局", G),
    ("县交通运输局", "交通局", G),
    ("县农业农村局", "农业农村局", G),
    ("县水利局", "水利局", G),
    ("县文化和旅游局", "文旅局", G),
    ("县统计局", "统计局", G),
    ("县科学技术局", "科技局", G),
    ("县教育和体育局", "教体局", G),
    ("县卫生健康局", "卫健局", G),
    ("县人力资源和社会保障局", "人社局", G),
    ("县民政局", "民政局", G),
    ("县司法局", "司法局", G),
    ("县应急管理局", "应急局", G),
    ("县市场监督管理局", "市场监管局", G),
    ("县医疗保障局", "医保局", G),
    ("县退役军人事务局", "退役军人局", G),
    ("县综合行政执法局", "执法局", G),
    ("县行政审批服务局", "审批局", G),
    ("县审计局", "审计局", G),
    ("县地方金融监督管理局", "金融局", G),
    ("县生态环境分局", "生态环境分局", G),
    ("县畜牧业发展中心", "畜牧中心", E),
    ("县林业发展中心", "林业中心", E),
    ("县投资促进服务中心", "投促中心", E),
    ("县大数据中心", "大数据中心", E),
    ("县公共资源交易中心", "交易中心", E),
    ("县体育事业发展中心", "体育中心", E),
    ("县住房公积金管理中心", "公积金中心", E),
    ("县公路事业发展中心", "公路中心", E),
    ("县城乡水务发展中心", "水务中心", E),
    ("县农业技术推广中心", "农技中心", E),
    ("县对外经济合作服务中心", "外经中心", E),
    ("县文化和旅游服务中心", "文旅中心", E),
    ("县医疗保障服务中心", "医保中心", E),
    ("县疾病预防控制中心", "疾控中心", E),
    ("县社会保险事业中心", "社保中心", E),
    ("县检验检测中心", "检测中心", E),
    ("县人才发展服务中心", "人才中心", E),
    ("县供销合作社联合社", "供销社", E),
    ("县城市建设综合服务中心", "城建中心", E),
    ("县粮食和物资储备服务中心", "粮储中心", E),
    ("县能源服务中心", "能源中心", E),
    ("县中小企业服务中心", "中小企业中心", E),
    ("县不动产登记中心", "不动产中心", E),
]
# Group 2: party and mass organisations.
GROUP_2 = [
    ("县委组织部", "组织部", P),
    ("县委宣传部", "宣传部", P),
    ("县委统战部", "统战部", P),
    ("县委政法委员会", "政法委", P),
    ("县委机构编制委员会办公室", "编办", P),
    ("县委网络安全和信息化委员会办公室", "网信办", P),
    ("县委巡察工作领导小组办公室", "巡察办", P),
    ("县委老干部局", "老干部局", P),
    ("县直机关工作委员会", "机关工委", P),
    ("县委党校", "党校", E),
    ("县总工会", "总工会", M),
    ("共青团临朐县委员会", "团县委", M),
    ("县妇女联合会", "妇联", M),
    ("县科学技术协会", "科协", M),
    ("县文学艺术界联合会", "文联", M),
    ("县残疾人联合会", "残联", M),
    ("县工商业联合会", "工商联", M),
    ("县红十字会", "红十字会", M),
]
# Group 3: the other county units in the arena.
GROUP_3 = [
    ("县政府办公室", "政府办", G),
    ("县信访局", "信访局", G),
    ("县气象局", "气象局", G),
    ("县消防救援大队", "消防大队", G),
    ("县档案馆", "档案馆", E),
    ("县机关事务服务中心", "机关事务中心", E),
    ("县融媒体中心", "融媒体中心", E),
    ("县史志研究中心", "史志中心", E),
    ("县人民防空服务中心", "人防中心", E),
    ("县社会治理服务中心", "社会治理中心", E),
    ("县图书馆", "图书馆", E),
    ("县退役军人服务中心", "退役军人服务中心", E),
    ("县接待服务中心", "接待中心", E),
    ("县事业单位登记管理服务中心", "事业登记中心", E),
]
# Taking part in the regime but not in the arena.
OUTSIDE = [
    ("县委办公室", "县委办", P),
    ("县人大常委会办公室", "人大办", P),
    ("县政协办公室", "政协办", P),
    ("县纪委监委机关", "纪委监委", P),
    ("县人民武装部", "人武部", P),
    ("县人民法院", "法院", G),
    ("县人民检察院", "检察院", G),
    ("县公安局", "公安局", G),
    ("县税务局", "税务局", G),
    ("县烟草专卖局", "烟草局", G),
    ("县邮政分公司", "邮政公司", E),
    ("县供电公司", "供电公司", E),
    ("县人民医院", "人民医院", E),
    ("县中医院", "中医院", E),
    ("县妇幼保健院", "妇幼保健院", E),
    ("县第一中学", "一中", E),
    ("县职业教育中心学校", "职教中心", E),
    ("县农村商业银行", "农商银行", E),
    ("县城市建设投资集团", "城投集团", E),
    ("县文化旅游投资集团", "文旅集团", E),
    ("县水务集团", "水务集团", E),
    ("县老年大学", "老年大学", E),
    ("县关心下一代工作委员会", "关工委", M),
    ("县计划生育协会", "计生协", M),
    ("县慈善总会", "慈善总会", M),
    ("县归国华侨联合会", "侨联", M),
]
GROUPS = [
    ("G1", "第一组", "承担市考核指标的单位", GROUP_1),
    ("G2", "第二组", "党群部门", GROUP_2),
    ("G3", "第三组", "其他县直单位", GROUP_3),
]
KIND_ORDER = {P: 0, G: 1, M: 2, E: 3}


def unit_table() -> list[tuple[str, str, str, str]]:
    """Return (code, name, short name, kind) of the 107 units; codes LQ001.. by kind, then list."""
    everything = GROUP_1 + GROUP_2 + GROUP_3 + OUTSIDE
    ordered = sorted(everything, key=lambda u: KIND_ORDER[u[2]])  # stable: keeps list order
    return [
        (f"LQ{n:03d}", name, short, kind) for n, (name, short, kind) in enumerate(ordered, start=1)
    ]


# (username, name, role, unit name or None): the demo logins, one per role.
LOGINS = [
    ("office", "张卫东", Role.OFFICE, None),
    ("stats", "刘建华", Role.ASSESSOR, "县统计局"),
    ("reporter", "王晓燕", Role.REPORTER, "县发展和改革局"),
    ("unitleader", "赵国强", Role.UNIT_LEADER, "县发展和改革局"),
    ("reporter2", "陈静", Role.REPORTER, "县商务局"),
    ("supervisor", "孙立军", Role.SUPERVISOR, None),
    ("judge", "周文博", Role.JUDGE, None),
    ("leader", "马振华", Role.LEADER, None),
    ("security", "吴安平", Role.SECURITY_ADMIN, None),
    ("auditor", "郑审言", Role.AUDIT_ADMIN, None),
]
# The supervision groups' members besides `supervisor` (in 第一督导组).
SUPERVISION = [
    ("第一督导组", ["supervisor", "dudao01", "dudao02"]),
    ("第二督导组", ["dudao03", "dudao04"]),
    ("第三督导组", ["dudao05", "dudao06", "dudao07"]),
    ("第四督导组", ["dudao08", "dudao09"]),
    ("第五督导组", ["dudao10", "dudao11", "dudao12"]),
]
SUPERVISORS = [
    ("dudao01", "李春生"),
    ("dudao02", "高玉兰"),
    ("dudao03", "杨志刚"),
    ("dudao04", "徐丽娟"),
    ("dudao05", "朱海涛"),
    ("dudao06", "胡秀英"),
    ("dudao07", "郭延明"),
    ("dudao08", "何建军"),
    ("dudao09", "罗春燕"),
    ("dudao10", "梁国栋"),
    ("dudao11", "宋晓红"),
    ("dudao12", "韩立新"),
]
USERNAMES = [u for u, *_ in LOGINS] + [u for u, _ in SUPERVISORS]


def build(run) -> None:
    """Build (or complete) the demo county's organisation."""
    with run.progress(6) as bar:
        county = _jurisdictions(run)
        year = _year(run, county)
        bar.advance()
        units = _units(run, county)
        bar.advance()
        _groups(run, year, units)
        bar.advance()
        people = _people(run)
        bar.advance()
        _grants(run, county, units, people)
        bar.advance()
        _supervision(run, year, units, people)
        bar.advance()


def demo_county() -> Jurisdiction | None:
    """Return the demo county if it exists."""
    return Jurisdiction.objects.filter(code=COUNTY[0]).first()


def reset() -> None:
    """Delete the demo county's organisation and the demo logins."""
    county = demo_county()
    if county is not None:
        years = AssessmentYear.objects.filter(jurisdiction=county)
        SupervisionAssignment.objects.filter(year__in=years).delete()
        SupervisionGroup.objects.filter(year__in=years).delete()
        GroupMembership.objects.filter(year__in=years).delete()
        Group.objects.filter(year__in=years).delete()
        RoleGrant.objects.filter(jurisdiction=county).delete()
        years.delete()
        Unit.objects.filter(jurisdiction=county).delete()
        county.delete()
    get_user_model().objects.filter(username__in=USERNAMES).delete()


def _jurisdictions(run) -> Jurisdiction:
    city, created = Jurisdiction.objects.get_or_create(
        code=CITY[0], defaults={"name": CITY[1], "level": Jurisdiction.Level.CITY}
    )
    run.count("jurisdictions", created)
    county, created = Jurisdiction.objects.get_or_create(
        code=COUNTY[0],
        defaults={"name": COUNTY[1], "level": Jurisdiction.Level.COUNTY, "parent": city},
    )
    run.count("jurisdictions", created)
    return county


def _year(run, county: Jurisdiction) -> AssessmentYear:
    year = AssessmentYear.objects.filter(jurisdiction=county, year=YEAR).first()
    if year is None:
        AssessmentYear.objects.filter(jurisdiction=county).update(is_current=False)
        year = AssessmentYear.objects.create(
            jurisdiction=county, year=YEAR, name=YEAR_NAME, is_current=True
        )
        run.count("years")
    return year


def _units(run, county: Jurisdiction) -> dict[str, Unit]:
    """Return the county's units by name, creating the missing ones."""
    present = {u.code for u in Unit.objects.filter(jurisdiction=county)}
    missing = [
        Unit(jurisdiction=county, code=code, name=name, short_name=short, kind=kind)
        for code, name, short, kind in unit_table()
        if code not in present
    ]
    Unit.objects.bulk_create(missing)
    run.count("units", len(missing))
    # Keyed by the table's name but found by code, so a unit renamed since still matches.
    by_code = {u.code: u for u in Unit.objects.filter(jurisdiction=county)}
    return {name: by_code[code] for code, name, _short, _kind in unit_table()}


def _groups(run, year: AssessmentYear, units: dict[str, Unit]) -> None:
    taken = set(GroupMembership.objects.filter(year=year).values_list("unit_id", flat=True))
    for order, (code, name, description, members) in enumerate(GROUPS, start=1):
        group, created = Group.objects.get_or_create(
            year=year,
            code=code,
            defaults={"name": name, "order": order, "description": description},
        )
        run.count("groups", created)
        new = [
            GroupMembership(year=year, group=group, unit=units[n])
            for n, _s, _k in members
            if units[n].pk not in taken
        ]
        GroupMembership.objects.bulk_create(new)
        run.count("memberships", len(new))


def _people(run) -> dict:
    user_model = get_user_model()
    wanted = [(u, name) for u, name, *_ in LOGINS] + SUPERVISORS
    present = set(
        user_model.objects.filter(username__in=USERNAMES).values_list("username", flat=True)
    )
    password = make_password(PASSWORD)  # hashed once: the same password for every demo login
    new = [
        user_model(username=u, first_name=name, password=password)
        for u, name in wanted
        if u not in present
    ]
    user_model.objects.bulk_create(new)
    run.count("people", len(new))
    return {u.username: u for u in user_model.objects.filter(username__in=USERNAMES)}


def _grants(run, county: Jurisdiction, units: dict[str, Unit], people: dict) -> None:
    wanted = [(u, role, unit) for u, _n, role, unit in LOGINS]
    wanted += [(u, Role.SUPERVISOR, None) for u, _n in SUPERVISORS]
    present = set(
        RoleGrant.objects.filter(jurisdiction=county).values_list(
            "user__username", "role", "unit_id"
        )
    )
    new = [
        RoleGrant(
            user=people[u], role=role, jurisdiction=county, unit=units[unit] if unit else None
        )
        for u, role, unit in wanted
        if (u, role, units[unit].pk if unit else None) not in present
    ]
    RoleGrant.objects.bulk_create(new)
    run.count("grants", len(new))


def _supervision(run, year: AssessmentYear, units: dict[str, Unit], people: dict) -> None:
    arena = [name for _c, _n, _d, members in GROUPS for name, _s, _k in members]
    sizes = [17, 16, 16, 16, 16]
    taken = set(SupervisionAssignment.objects.filter(year=year).values_list("unit_id", flat=True))
    start = 0
    for order, ((name, members), size) in enumerate(zip(SUPERVISION, sizes, strict=True), 1):
        group, created = SupervisionGroup.objects.get_or_create(
            year=year, name=name, defaults={"order": order}
        )
        run.count("supervision_groups", created)
        if created:
            group.members.set([people[u] for u in members])
        covered = arena[start : start + size]
        start += size
        new = [
            SupervisionAssignment(year=year, supervision_group=group, unit=units[n])
            for n in covered
            if units[n].pk not in taken
        ]
        SupervisionAssignment.objects.bulk_create(new)
        run.count("assignments", len(new))
