"""`leitai init`: create a jurisdiction, its first assessment year and its first office login."""

from __future__ import annotations

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from leitai.core.audit import record
from leitai.core.context import origin
from leitai.core.transactions import outermost
from leitai.org.models import AssessmentYear, Jurisdiction, Role, RoleGrant


class Command(BaseCommand):
    help = "Create a jurisdiction with its current assessment year and first office login."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="jurisdiction code, e.g. 370724")
        parser.add_argument("--name", required=True, help="jurisdiction name, e.g. 临朐县")
        parser.add_argument("--level", choices=Jurisdiction.Level.values, default="county")
        parser.add_argument("--year", type=int, required=True, help="first assessment year")
        parser.add_argument("--office-username", required=True)
        parser.add_argument("--office-name", default="活动办")
        parser.add_argument(
            "--password-env",
            default="LEITAI_OFFICE_PASSWORD",
            help="environment variable holding the password (else it is asked for)",
        )

    def handle(self, *args, **opts):
        if Jurisdiction.objects.filter(code=opts["code"]).exists():
            raise CommandError(f"Jurisdiction {opts['code']} exists already; nothing was changed.")
        user_model = get_user_model()
        if user_model.objects.filter(username=opts["office_username"]).exists():
            raise CommandError(f"Login {opts['office_username']} exists already.")
        password = os.environ.get(opts["password_env"]) or getpass.getpass("Office password: ")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with origin("command"), outermost():
            jurisdiction = self._create(opts, password)
        self.stdout.write(
            f"Created {jurisdiction.name} ({jurisdiction.code}), year {opts['year']}, "
            f"office login {opts['office_username']}."
        )

    def _create(self, opts, password) -> Jurisdiction:
        jurisdiction = Jurisdiction.objects.create(
            code=opts["code"], name=opts["name"], level=opts["level"]
        )
        AssessmentYear.objects.create(
            jurisdiction=jurisdiction,
            year=opts["year"],
            name=f"{opts['year']}年度",
            is_current=True,
        )
        office = get_user_model().objects.create_user(
            opts["office_username"], password=password, first_name=opts["office_name"]
        )
        RoleGrant.objects.create(user=office, role=Role.OFFICE, jurisdiction=jurisdiction)
        record(
            actor=None,
            action="jurisdiction.init",
            obj=jurisdiction,
            after={
                "code": jurisdiction.code,
                "name": jurisdiction.name,
                "year": opts["year"],
                "office": office.username,
            },
            jurisdiction=jurisdiction,
        )
        return jurisdiction
