"""Template helpers used across Leitai's pages."""

from __future__ import annotations

from django import forms, template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def bs(field):
    """Render a form field's widget with Bootstrap's class for its kind."""
    widget = field.field.widget
    css = (
        "form-select" if isinstance(widget, forms.Select | forms.SelectMultiple) else "form-control"
    )
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.filter
def role_labels(grants) -> str:
    """Join a person's role grants as 'Role (unit)' labels."""
    parts = []
    for grant in grants:
        label = str(grant.get_role_display())
        parts.append(f"{label}（{grant.unit.label}）" if grant.unit_id else label)
    return "、".join(parts)


def _chinese() -> bool:
    return (get_language() or "").startswith("zh")


@register.simple_tag
def colon() -> str:
    """The colon after a label: 全角 "：" in Chinese, ":" in English."""
    return "：" if _chinese() else ":"


@register.filter
def parens(value) -> str:
    """`value` in brackets after a word: "（value）" in Chinese, " (value)" in English."""
    return format_html("（{}）", value) if _chinese() else format_html(" ({})", value)
