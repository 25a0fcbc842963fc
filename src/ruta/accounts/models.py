"""Users, roles (capabilities + scope + sensitivities), memberships, 2FA devices, API tokens."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruta.core.capabilities import PLATFORM_CODES
from ruta.core.choices import RecordScope
from ruta.core.crypto import EncryptedTextField
from ruta.core.models import BaseModel, VersionedModel

LANGUAGE_CHOICES = [("es", "Español"), ("en", "English"), ("fr", "Français")]


class User(AbstractUser):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=LANGUAGE_CHOICES,
        default="es",
    )
    # In-app notifications always happen; this only decides whether they are also e-mailed.
    email_notifications = models.BooleanField(_("e-mail me my notifications"), default=True)
    # Raising the epoch signs the user out of every session and revokes nothing else.
    session_epoch = models.PositiveIntegerField(default=0)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    first_failed_login_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


# Shipped role templates: code -> translated label. The label shows while the name is blank.
ROLE_TEMPLATE_LABELS = {
    "hotline_operator": _("Hotline operator"),
    "eri_coordinator": _("ERI coordinator"),
    "case_worker": _("Case worker"),
    "supervisor": _("Supervisor"),
    "prosecutor": _("Prosecutor"),
    "investigator": _("Investigator"),
    "labour_inspector": _("Labour inspector"),
    "trainer": _("Trainer"),
    "committee_secretary": _("Committee secretary"),
    "me_analyst": _("M&E analyst"),
    "institution_admin": _("Institution administrator"),
    "auditor": _("Auditor"),
    "oversight_auditor": _("Oversight auditor (every institution)"),
    "platform_admin": _("Platform administrator"),
}

# Capabilities that administer accounts: like reading personal data, they need 2FA.
ADMIN_CODES = frozenset({"accounts.manage_users", "audit.view"})


class Role(VersionedModel):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    capabilities = models.JSONField(_("capabilities"), default=list, blank=True)
    scope = models.CharField(
        _("record scope"), max_length=20, choices=RecordScope.choices, default=RecordScope.OWN
    )
    read_sensitivities = models.JSONField(_("may read"), default=list, blank=True)
    write_sensitivities = models.JSONField(_("may write"), default=list, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        return self.name or ROLE_TEMPLATE_LABELS.get(self.code, self.code)

    @property
    def is_platform_role(self) -> bool:
        """Platform roles act across institutions; only platform administrators assign them."""
        return bool(PLATFORM_CODES.intersection(self.capabilities))

    @property
    def reads_personal_data(self) -> bool:
        return bool(self.read_sensitivities) and self.scope != RecordScope.AGGREGATE

    @property
    def requires_2fa(self) -> bool:
        return (
            self.reads_personal_data
            or self.is_platform_role
            or bool(ADMIN_CODES.intersection(self.capabilities))
        )


class Membership(VersionedModel):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("institution"),
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("role")
    )
    unit = models.ForeignKey(
        "institutions.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("unit"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The territory a "territory" scope reaches. When both are empty the institution's
    # territories apply; when those are empty too, a territory scope reaches nothing.
    departments = models.ManyToManyField(
        "core.Department", blank=True, related_name="+", verbose_name=_("departments served")
    )
    municipalities = models.ManyToManyField(
        "core.Municipality", blank=True, related_name="+", verbose_name=_("municipalities served")
    )

    class Meta:
        ordering = ["institution__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution"], name="membership_one_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution.short_name} · {self.role.label}"

    def served_places(self) -> tuple[frozenset[str], frozenset[str]]:
        """(department codes, municipality codes) this membership serves: its own, else its
        institution's territories. One query (a union of the three link tables); prefetched
        ``departments``, ``municipalities`` and ``institution__territories`` are used instead
        when present."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "departments" in cache and "municipalities" in cache:
            departments = frozenset(d.pk for d in self.departments.all())
            municipalities = frozenset(m.pk for m in self.municipalities.all())
            if not departments and not municipalities:
                departments = frozenset(d.pk for d in self.institution.territories.all())
            return departments, municipalities
        own_d = Membership.departments.through.objects.filter(membership_id=self.pk)
        own_m = Membership.municipalities.through.objects.filter(membership_id=self.pk)
        inst = self.institution.territories.through.objects.filter(
            institution_id=self.institution_id
        )
        rows = own_d.values_list(models.Value("d"), "department_id").union(
            own_m.values_list(models.Value("m"), "municipality_id"),
            inst.values_list(models.Value("i"), "department_id"),
            all=True,
        )
        places: dict[str, set[str]] = {"d": set(), "m": set(), "i": set()}
        for kind, code in rows:
            places[kind].add(code)
        if places["d"] or places["m"]:
            return frozenset(places["d"]), frozenset(places["m"])
        return frozenset(places["i"]), frozenset()


class TOTPDevice(BaseModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = EncryptedTextField(_("secret"))
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted time step: a code is never accepted twice.
    last_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("two-factor device")
        verbose_name_plural = _("two-factor devices")

    def __str__(self) -> str:
        return f"TOTP {self.user_id}"


class ApiToken(BaseModel):
    """A personal API token acting for one membership. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=8)
    name = models.CharField(_("name"), max_length=100, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    # Issued after a one-time code: a token without one stops working when its role needs 2FA.
    second_factor = models.BooleanField(_("issued after a second factor"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}…"
