"""The person form: the password hint fits creating or editing; the unit list is searchable."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse


def _password_help(html: bytes) -> tuple[str, str]:
    doc = lxml.html.fromstring(html.decode())
    label = " ".join(doc.xpath("string(//label[@for='id_password'])").split())
    field = doc.xpath("//input[@id='id_password']/ancestor::div[@class='mb-3'][1]")[0]
    return label, " ".join(field.xpath("string(.//div[@class='form-text'])").split())


def test_creating_does_not_say_the_password_is_kept(world):
    page = world.client_for("office").get(reverse("org:person_create"))
    label, help_text = _password_help(page.content)
    assert label == "初始密码 *"  # required
    assert help_text == "请将初始密码告知本人，本人登录后可点击“密码”按钮修改。"
    assert "留空" not in page.content.decode()


def test_editing_says_an_empty_password_is_kept(world):
    page = world.client_for("office").get(reverse("org:person_edit", args=[world.reporter_a.pk]))
    label, help_text = _password_help(page.content)
    assert (label, help_text) == ("新密码", "留空则不修改密码。")


def test_the_unit_choice_carries_its_search_box(world):
    page = world.client_for("office").get(reverse("org:person_create")).content.decode()
    select = lxml.html.fromstring(page).xpath("//select[@name='unit']")[0]
    assert select.get("data-filter") == "输入单位名称或代码的一部分查找"
    assert "leitai/select-filter.js" in page


# --- creating needs a password; the phone ----------------------------------------------------

NEW = {"username": "zhang", "full_name": "张伟", "email": "", "role": "reporter", "is_active": "on"}


def _unit_field(world):
    return {"unit": world.unit_a.pk}


def test_creating_needs_a_password(world):
    from django.contrib.auth import get_user_model

    from leitai.core.models import AuditEntry

    client = world.client_for("office")
    response = client.post(reverse("org:person_create"), {**NEW, **_unit_field(world)})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert not get_user_model().objects.filter(username="zhang").exists()
    assert not AuditEntry.objects.filter(action="person.create").exists()


def test_created_with_a_password_and_a_phone(world):
    from django.contrib.auth import get_user_model

    from leitai.core.models import AuditEntry
    from leitai.org.models import PersonProfile

    client = world.client_for("office")
    data = {**NEW, **_unit_field(world), "password": "Leitai-2022-pw", "phone": "+86 138-1234-5678"}
    response = client.post(reverse("org:person_create"), data)
    person = get_user_model().objects.get(username="zhang")
    assert response.status_code == 302
    assert person.check_password("Leitai-2022-pw")
    assert PersonProfile.objects.get(user=person).phone == "13812345678"
    assert AuditEntry.objects.get(action="person.create").after["phone"] == "13812345678"
    detail = client.get(reverse("org:person_detail", args=[person.pk])).content.decode()
    assert 'href="tel:13812345678"' in detail


@pytest.mark.parametrize("phone", ["12812345678", "1381234567", "138123456789", "010-12345678"])
def test_a_phone_that_is_not_a_mobile_is_refused(world, phone):
    from django.contrib.auth import get_user_model

    from leitai.org.models import PersonProfile

    client = world.client_for("office")
    data = {**NEW, **_unit_field(world), "password": "Leitai-2022-pw", "phone": phone}
    response = client.post(reverse("org:person_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == [
        "请填写以1开头的11位手机号码，例如13812345678。"
    ]
    assert not get_user_model().objects.filter(username="zhang").exists()
    assert not PersonProfile.objects.exists()


def test_editing_sets_and_clears_the_phone(world):
    from leitai.core.models import AuditEntry
    from leitai.org.models import PersonProfile

    client = world.client_for("office")
    url = reverse("org:person_edit", args=[world.reporter_a.pk])
    base = {"full_name": world.reporter_a.first_name, "role": "reporter", "is_active": "on",
            "unit": world.unit_a.pk, "email": world.reporter_a.email}  # fmt: skip
    assert client.post(url, {**base, "phone": "13912345678"}).status_code == 302
    assert PersonProfile.objects.get(user=world.reporter_a).phone == "13912345678"
    entry = AuditEntry.objects.get(action="person.update")
    assert (entry.before, entry.after) == ({"phone": ""}, {"phone": "13912345678"})
    assert client.post(url, {**base, "phone": ""}).status_code == 302
    assert PersonProfile.objects.get(user=world.reporter_a).phone == ""


@pytest.mark.parametrize("persona", ["reporter_a", "leader_a", "other_office", "assessor"])
def test_others_cannot_set_a_phone(world, persona):
    from leitai.org.models import PersonProfile

    url = reverse("org:person_edit", args=[world.reporter_a.pk])
    data = {"full_name": "x", "role": "reporter", "unit": world.unit_a.pk, "phone": "13912345678"}
    response = world.client_for(persona).post(url, data)
    assert response.status_code in (403, 404)
    assert not PersonProfile.objects.exists()
