"""The organisation: jurisdictions, units, assessment years, groups, supervision groups, roles."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.Model):
    """A county, city or province that assesses its member units (e.g. 临朐县)."""

    class Level(models.TextChoices):
        COUNTY = "county", _("County")
        CITY = "city", _("City")
        PROVINCE = "province", _("Province")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A department or body being assessed (县直部门/单位)."""

    class Kind(models.TextChoices):
        PARTY = "party", _("Party organ")
        GOVERNMENT = "government", _("Government department")
        MASS = "mass", _("Mass organisation")
        INSTITUTION = "institution", _("Public institution")

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="units"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["jurisdiction_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "code"], name="unit_code_unique"),
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="unit_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """Return the short name when there is one."""
        return self.short_name or self.name


class AssessmentYear(models.Model):
    """One year of assessment in a jurisdiction; groups and schemes hang off it."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    is_current = models.BooleanField(_("current"), default=False)

    class Meta:
        verbose_name = _("assessment year")
        verbose_name_plural = _("assessment years")
        ordering = ["jurisdiction_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year"], name="year_unique"),
            models.UniqueConstraint(
                fields=["jurisdiction"], condition=Q(is_current=True), name="one_current_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.year)


class Group(models.Model):
    """A group (分组) of comparable units in one year; units are ranked only within it."""

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="groups"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["year_id", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="group_code_unique"),
            models.UniqueConstraint(fields=["year", "name"], name="group_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    """A unit's group in one year (a unit may change group from one year to the next)."""

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="memberships"
    )
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="one_group_per_unit_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.group}"


class SupervisionGroup(models.Model):
    """A supervision group (督导组) of one year: its members and the units it visits."""

    year = models.ForeignKey(
        AssessmentYear,
        verbose_name=_("year"),
        on_delete=models.PROTECT,
        related_name="supervision_groups",
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="supervision_groups",
    )

    class Meta:
        verbose_name = _("supervision group")
        verbose_name_plural = _("supervision groups")
        ordering = ["year_id", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="supervision_group_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class SupervisionAssignment(models.Model):
    """A unit assigned to a supervision group for one year (one group per unit per year)."""

    year = models.ForeignKey(
        AssessmentYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="+"
    )
    supervision_group = models.ForeignKey(
        SupervisionGroup,
        verbose_name=_("supervision group"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="supervision"
    )

    class Meta:
        verbose_name = _("supervision assignment")
        verbose_name_plural = _("supervision assignments")
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="one_supervision_group_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.supervision_group}"


class Role(models.TextChoices):
    """What a person does in Leitai; each grant is scoped to a jurisdiction and maybe a unit."""

    OFFICE = "office", _("Assessment office")
    ASSESSOR = "assessor", _("Assessor")
    REPORTER = "reporter", _("Unit reporter")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    SUPERVISOR = "supervisor", _("Supervisor")
    JUDGE = "judge", _("Judge")
    LEADER = "leader", _("County leader")
    SECURITY_ADMIN = "sec_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


UNIT_ROLES = frozenset({Role.ASSESSOR, Role.REPORTER, Role.UNIT_LEADER})
# The three administrators of 等保 2.0 (三员分立): the office is the system administrator.
# A person holds at most one of them in a jurisdiction (see docs/security.md).
ADMIN_ROLES = frozenset({Role.OFFICE, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})


class RoleGrant(models.Model):
    """A person holding a role in a jurisdiction; unit roles name the unit they act for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["user_id", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "jurisdiction"],
                condition=Q(unit__isnull=True),
                name="grant_unique_without_unit",
            ),
            models.UniqueConstraint(fields=["user", "role", "unit"], name="grant_unique_with_unit"),
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(r.value for r in UNIT_ROLES), unit__isnull=False)
                    | (~Q(role__in=sorted(r.value for r in UNIT_ROLES)) & Q(unit__isnull=True))
                ),
                name="grant_unit_matches_role",
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="grant_role_valid"
            ),
        ]

    def __str__(self) -> str:
        role = self.get_role_display()
        return f"{self.user} · {role} · {self.unit}" if self.unit_id else f"{self.user} · {role}"


class CalendarDay(models.Model):
    """A day the working-day calendar moves: a holiday, or a make-up working day (调休上班).

    Without a jurisdiction the day is national (the State Council's annual holiday notice);
    with one it is that jurisdiction's own addition, which wins over a national row of the
    same date. Any other day is a working day from Monday to Friday.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        WORKDAY = "workday", _("Make-up working day")

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendar_days",
    )
    day = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day", "jurisdiction_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "day"],
                condition=Q(jurisdiction__isnull=False),
                name="calendar_day_unique_local",
            ),
            models.UniqueConstraint(
                fields=["day"], condition=Q(jurisdiction__isnull=True), name="calendar_day_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["holiday", "workday"]), name="calendar_day_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} · {self.get_kind_display()} · {self.name}"


class PersonProfile(models.Model):
    """What Leitai keeps about a person beyond the login: the mobile phone (optional).

    A row exists only once a phone was given, so people without one have none.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    phone = models.CharField(
        _("mobile phone"),
        max_length=11,
        blank=True,
        help_text=_("A mainland mobile number: 11 digits starting with 1."),
    )

    class Meta:
        verbose_name = _("person's profile")
        verbose_name_plural = _("people's profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(phone="") | models.Q(phone__regex=r"^1[3-9][0-9]{9}$"),
                name="person_phone_mobile",
            )
        ]

    def __str__(self) -> str:
        return self.phone


def _between(low: int, high: int) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


class SecuritySettings(models.Model):
    """A jurisdiction's security rules, set by its security administrator.

    A jurisdiction without a row uses the deployment's defaults (`defaults_for`); see
    docs/security.md for what each rule does.
    """

    MIN_AUDIT_DAYS = 180  # 等保 2.0: the audit log is kept at least six months

    jurisdiction = models.OneToOneField(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        on_delete=models.CASCADE,
        related_name="security_settings",
    )
    token_days = models.PositiveSmallIntegerField(
        _("API token lifetime (days)"), default=90, validators=_between(1, 365)
    )
    office_idle_hours = models.PositiveSmallIntegerField(
        _("idle session timeout of the office and administrators (hours)"),
        default=12,
        validators=_between(1, 72),
    )
    unit_idle_hours = models.PositiveSmallIntegerField(
        _("idle session timeout of everyone else (hours)"), default=12, validators=_between(1, 72)
    )
    password_history = models.PositiveSmallIntegerField(
        _("previous passwords that may not be used again"), default=5, validators=_between(0, 24)
    )
    password_expiry_days = models.PositiveSmallIntegerField(
        _("password expiry (days, 0 = never)"), default=0, validators=_between(0, 365)
    )
    audit_retention_days = models.PositiveSmallIntegerField(
        _("audit log kept at least (days)"),
        default=MIN_AUDIT_DAYS,
        validators=_between(MIN_AUDIT_DAYS, 3650),
    )

    class Meta:
        verbose_name = _("security settings")
        verbose_name_plural = _("security settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(token_days__gte=1) & Q(token_days__lte=365),
                name="security_token_days_range",
            ),
            models.CheckConstraint(
                condition=Q(office_idle_hours__gte=1)
                & Q(office_idle_hours__lte=72)
                & Q(unit_idle_hours__gte=1)
                & Q(unit_idle_hours__lte=72),
                name="security_idle_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(password_history__lte=24), name="security_password_history_range"
            ),
            models.CheckConstraint(
                condition=Q(password_expiry_days__lte=365), name="security_password_expiry_range"
            ),
            models.CheckConstraint(
                condition=Q(audit_retention_days__gte=180) & Q(audit_retention_days__lte=3650),
                name="security_audit_retention_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.jurisdiction)


class PasswordRecord(models.Model):
    """The hash of a password a person had, kept to refuse reusing it; the newest is current."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="password_records",
    )
    password = models.CharField(_("password hash"), max_length=128)
    set_at = models.DateTimeField(_("set at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        ordering = ["user_id", "-set_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.set_at:%Y-%m-%d}"
