"""The national working-day calendar of 2022.

From the General Office of the State Council's notice on the 2022 holidays (国务院办公厅关于
2022年部分节假日安排的通知, 国办发明电〔2021〕11号): every day off of each holiday, and the
weekend days worked instead (上班).
"""

import datetime as dt

from django.db import migrations

D = dt.date
HOLIDAYS = [
    ("元旦", D(2022, 1, 1), D(2022, 1, 3)),
    ("春节", D(2022, 1, 31), D(2022, 2, 6)),
    ("清明节", D(2022, 4, 3), D(2022, 4, 5)),
    ("劳动节", D(2022, 4, 30), D(2022, 5, 4)),
    ("端午节", D(2022, 6, 3), D(2022, 6, 5)),
    ("中秋节", D(2022, 9, 10), D(2022, 9, 12)),
    ("国庆节", D(2022, 10, 1), D(2022, 10, 7)),
]
WORKDAYS = [
    ("春节", D(2022, 1, 29)),
    ("春节", D(2022, 1, 30)),
    ("清明节", D(2022, 4, 2)),
    ("劳动节", D(2022, 4, 24)),
    ("劳动节", D(2022, 5, 7)),
    ("国庆节", D(2022, 10, 8)),
    ("国庆节", D(2022, 10, 9)),
]


def rows():
    for name, first, last in HOLIDAYS:
        for n in range((last - first).days + 1):
            yield name, first + dt.timedelta(days=n), "holiday"
    for name, day in WORKDAYS:
        yield name + "调休", day, "workday"


def add(apps, schema_editor):
    CalendarDay = apps.get_model("org", "CalendarDay")
    present = set(CalendarDay.objects.filter(jurisdiction=None).values_list("day", flat=True))
    CalendarDay.objects.bulk_create(
        CalendarDay(jurisdiction=None, day=day, kind=kind, name=name)
        for name, day, kind in rows()
        if day not in present
    )


def remove(apps, schema_editor):
    CalendarDay = apps.get_model("org", "CalendarDay")
    days = [day for _, day, _ in rows()]
    CalendarDay.objects.filter(jurisdiction=None, day__in=days).delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0002_calendarday")]
    operations = [migrations.RunPython(add, remove)]
