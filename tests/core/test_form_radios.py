"""Radio choices (the appeal's 采纳/驳回) render as Bootstrap radios, not as empty text boxes."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils import translation

from leitai.rankings.forms import DecideForm


def _radios(html: str) -> list[str]:
    return re.findall(r"<input[^>]*type=\"radio\"[^>]*>", html)


def test_radio_choices_render_as_checkable_radios_with_their_labels():
    with translation.override("zh-hans"):
        html = render_to_string("includes/form_fields.html", {"form": DecideForm()})
    radios = _radios(html)
    assert len(radios) == 2
    assert all('class="form-check-input"' in r and "form-control" not in r for r in radios)
    assert [re.search(r'value="\d"', r)[0] for r in radios] == ['value="1"', 'value="0"']
    assert re.search(r'for="id_accept_0">采纳</label>', html)
    assert re.search(r'for="id_accept_1">驳回</label>', html)
    assert 'role="radiogroup"' in html


def test_the_chosen_radio_stays_checked_and_an_error_marks_both():
    form = DecideForm(data={"accept": "0", "decision": ""})
    assert not form.is_valid()
    html = render_to_string("includes/form_fields.html", {"form": form})
    radios = _radios(html)
    assert ["checked" in r for r in radios] == [False, True]
    assert all("is-invalid" not in r for r in radios)  # the choice itself was fine
    form = DecideForm(data={"decision": "x"})
    form.is_valid()
    html = render_to_string("includes/form_fields.html", {"form": form})
    assert all("is-invalid" in r for r in _radios(html))
