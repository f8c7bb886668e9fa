"""Every date, date-time and time field of every form renders the ISO value a browser accepts."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil

from django import forms
from django.utils import translation

import leitai
from leitai.core.widgets import DateInput, DateTimeInput, TimeInput

WIDGET = {
    forms.DateField: DateInput,
    forms.DateTimeField: DateTimeInput,
    forms.TimeField: TimeInput,
}


def every_form_class() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(leitai.__path__, "leitai."):
        if "forms" in info.name.rsplit(".", 1)[-1]:
            importlib.import_module(info.name)
    found, todo = [], [forms.Form]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("leitai."):
            found.append(cls)
    return found


def test_every_date_field_uses_the_iso_widget():
    checked, wrong = 0, []
    for cls in every_form_class():
        for name, field in cls.base_fields.items():
            for kind, widget in WIDGET.items():
                if type(field) is kind:
                    checked += 1
                    if not isinstance(field.widget, widget):
                        wrong.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert checked >= 15
    assert wrong == []


def test_the_widgets_render_iso_in_chinese():
    with translation.override("zh-hans"):
        moment = dt.datetime(2022, 12, 1, 17, 5)
        assert 'value="2022-12-01"' in DateInput().render("d", moment.date())
        html = DateTimeInput().render("t", moment)
        assert 'type="datetime-local"' in html and 'value="2022-12-01T17:05"' in html
        assert 'value="17:05"' in TimeInput().render("h", moment.time())
        # Django's own widget renders the locale's format, which the browser cannot read.
        assert 'value="2022/12/01 17:05"' in forms.DateTimeInput().render("t", moment)
        assert forms.DateTimeField().clean("2022-12-01T17:05").hour == 17
