"""People pages: list, detail, create and edit (one role per form; more through the import)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from leitai.core.forms import add_service_errors
from leitai.org import selectors, services
from leitai.org.access import is_office_of, person_for_user, scope_for, visible_units
from leitai.org.forms import PersonForm
from leitai.org.models import RoleGrant
from leitai.org.views.common import office_jurisdiction


@login_required
def person_list(request):
    """List the people the person may see, with their roles."""
    people = selectors.person_list(request.user)
    page = Paginator(people, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "org/person_list.html",
        {
            "page": page,
            "can_edit": scope_for(request.user).is_office,
        },
    )


@login_required
def person_detail(request, person_id):
    """Show a person and their roles."""
    person = person_for_user(request.user, person_id)
    grants = selectors.person_grants(request.user, person)
    can_edit = any(
        is_office_of(request.user, jurisdiction_id)
        for jurisdiction_id in grants.values_list("jurisdiction_id", flat=True)
    )
    return render(
        request,
        "org/person_detail.html",
        {
            "person": person,
            "phone": services.phone_of(person),
            "grants": grants,
            "can_edit": can_edit,
        },
    )


@login_required
def person_create(request):
    """Create a person with one role (office only)."""
    jurisdiction = office_jurisdiction(request)
    units = visible_units(request.user).filter(jurisdiction=jurisdiction).order_by("code")
    form = PersonForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_create(
                actor=request.user,
                jurisdiction=jurisdiction,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                password=data["password"] or None,
                grants=[(data["role"], data["unit"])],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Person created."))
            return redirect("org:person_detail", person.pk)
    return render(
        request,
        "org/form.html",
        {"form": form, "title": _("New person"), "back": "org:person_list"},
    )


@login_required
def person_edit(request, person_id):
    """Edit a person's name, e-mail, role and password (office only)."""
    jurisdiction = office_jurisdiction(request)
    person = person_for_user(request.user, person_id, for_change=True)
    grant = RoleGrant.objects.filter(user=person, jurisdiction=jurisdiction).first()
    initial = {
        "username": person.username,
        "full_name": person.first_name,
        "email": person.email,
        "phone": services.phone_of(person),
        "is_active": person.is_active,
        "role": grant.role if grant else "",
        "unit": grant.unit_id if grant else None,
    }
    units = visible_units(request.user).filter(jurisdiction=jurisdiction).order_by("code")
    form = PersonForm(request.POST or None, initial=initial, units=units, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_edit(
                actor=request.user,
                person=person,
                jurisdiction=jurisdiction,
                first_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                is_active=data["is_active"],
                grants=[(data["role"], data["unit"])],
                password=data["password"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Person saved."))
            return redirect("org:person_detail", person.pk)
    return render(
        request,
        "org/form.html",
        {"form": form, "title": person.first_name, "back": "org:person_list"},
    )
