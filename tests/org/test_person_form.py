"""The person form: the password hint fits creating or editing; the unit list is searchable."""

from __future__ import annotations

import lxml.html
from django.urls import reverse


def _password_help(html: bytes) -> tuple[str, str]:
    doc = lxml.html.fromstring(html.decode())
    label = " ".join(doc.xpath("string(//label[@for='id_password'])").split())
    field = doc.xpath("//input[@id='id_password']/ancestor::div[@class='mb-3'][1]")[0]
    return label, " ".join(field.xpath("string(.//div[@class='form-text'])").split())


def test_creating_does_not_say_the_password_is_kept(world):
    page = world.client_for("office").get(reverse("org:person_create"))
    label, help_text = _password_help(page.content)
    assert label == "初始密码"
    assert help_text == "留空则先创建账号、暂不设密码；之后可在编辑人员时设置。"


def test_editing_says_an_empty_password_is_kept(world):
    page = world.client_for("office").get(reverse("org:person_edit", args=[world.reporter_a.pk]))
    label, help_text = _password_help(page.content)
    assert (label, help_text) == ("新密码", "留空则不修改密码。")


def test_the_unit_choice_carries_its_search_box(world):
    page = world.client_for("office").get(reverse("org:person_create")).content.decode()
    select = lxml.html.fromstring(page).xpath("//select[@name='unit']")[0]
    assert select.get("data-filter") == "输入单位名称或代码的一部分查找"
    assert "leitai/select-filter.js" in page
