"""People who sign in, and the structures they work for: organisations, their units, roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from vigilance.core.models import Bilingual, Region


class OrganisationKind(models.TextChoices):
    COORDINATION_CENTRE = "coordination_centre", _("Coordination centre")
    POLICE = "police", _("National police")
    GENDARMERIE = "gendarmerie", _("National gendarmerie")
    CIRT = "cirt", _("National CIRT")
    REGULATOR = "regulator", _("Regulator")
    MINISTRY = "ministry", _("Ministry")
    DEFENCE = "defence", _("Defence")
    INTELLIGENCE = "intelligence", _("Intelligence")
    INTERNATIONAL = "international", _("INTERPOL bureau")
    JUDICIARY = "judiciary", _("Prosecutors")
    FINANCIAL_INTELLIGENCE = "financial_intelligence", _("Financial intelligence unit")
    TELECOM_OPERATOR = "telecom_operator", _("Telecom operator")
    MOBILE_MONEY = "mobile_money", _("Mobile-money provider")
    BANK = "bank", _("Bank")
    PRIVATE_PARTNER = "private_partner", _("Private partner")
    INTERNET_PROVIDER = "internet_provider", _("Internet service provider")
    HOST = "host", _("Hosting provider")
    REGISTRAR = "registrar", _("Domain registrar")
    PLATFORM = "platform", _("Online platform or social network")
    FOREIGN_AUTHORITY = "foreign_authority", _("Foreign authority")
    PEER_CIRT = "peer_cirt", _("Peer CIRT or security team")


class Organisation(Bilingual):
    code = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    mission_en = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("organisation")

    @property
    def is_coordination_centre(self) -> bool:
        return self.kind == OrganisationKind.COORDINATION_CENTRE


class Unit(Bilingual):
    """A team of an organisation, possibly inside a larger unit, covering some regions.

    ``path`` is the chain of codes from the top unit ("dgsn/dgsn-cyber/dgsn-cyber-lt"), so that
    "every unit under this one" is one indexed prefix match.
    """

    code = models.SlugField(max_length=60, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=400, db_index=True, editable=False)
    regions = models.ManyToManyField(Region, blank=True, related_name="units")
    email = models.EmailField(blank=True, help_text="The unit's shared mailbox, for digests.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["organisation__name_fr", "path"]
        verbose_name = _("unit")

    def save(self, *args: object, **kwargs: object) -> None:
        self.path = f"{self.parent.path}/{self.code}" if self.parent_id else self.code  # type: ignore[union-attr]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def __str__(self) -> str:
        return f"{self.name} — {self.organisation.name}"


class Role(models.TextChoices):
    """What a person does; what each role may do is in ``accounts.permissions``."""

    INTAKE_OFFICER = "intake_officer", _("Intake officer")
    TRIAGE_OFFICER = "triage_officer", _("Triage officer")
    INVESTIGATOR = "investigator", _("Investigator")
    CIRT_ANALYST = "cirt_analyst", _("CIRT analyst")
    SUPERVISOR = "supervisor", _("Supervisor")
    PARTNER_RESPONDER = "partner_responder", _("Partner responder")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")
    MAGISTRATE = "magistrate", _("Magistrate")
    EDITOR = "editor", _("Editor")
    STATISTICIAN = "statistician", _("Statistician")


class User(AbstractUser):
    """A staff member or partner: one organisation, one unit, one or more roles."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    roles = models.JSONField(default=list, blank=True, help_text="Role codes, see Role.")
    language = models.CharField(
        max_length=2, default="fr", choices=[("fr", "Français"), ("en", "English")]
    )
    must_enrol_authenticator = models.BooleanField(
        default=True,
        help_text="True until the person has confirmed a code from their authenticator.",
    )
    must_change_password = models.BooleanField(
        default=False,
        help_text="True while the password is one an administrator set: the person replaces it "
        "at their next sign-in.",
    )

    def has_role(self, role: str) -> bool:
        return role in (self.roles or [])


class ApiKey(models.Model):
    """A partner system's key: one organisation, a few permissions, an expiry.

    Only the SHA-256 of the secret is kept; the whole key (``vig_<prefix>_<secret>``) is shown
    once, when it is created. The prefix names the key in lists and in the audit trail.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_keys"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    permissions = models.JSONField(default=list, help_text="Permission codes, see Permission.")
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API key")

    def __str__(self) -> str:
        return f"{self.prefix} ({self.organisation.code})"


class RoleGrantStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class SecondApproval(models.Model):
    """What one administrator asks and a second one approves or refuses, with a reason."""

    status = models.CharField(
        max_length=10, choices=RoleGrantStatus.choices, default=RoleGrantStatus.PENDING
    )
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        abstract = True


class RoleGrant(SecondApproval):
    """A change of a person's roles or unit that opens case content (or administration), asked
    by one administrator and applied only when a second one approves it.

    ``roles_before`` and ``unit_before`` are the account as it was when the request was made: an
    approval applies only to the account the approver was shown.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_grants")
    roles = models.JSONField(default=list, help_text="The roles asked for, in full.")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    roles_before = models.JSONField(default=list)
    unit_before = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("role grant")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="rolegrant_one_pending_per_user",
            ),
            models.CheckConstraint(
                condition=~models.Q(requested_by=models.F("user")),
                name="rolegrant_not_for_oneself",
            ),
            # Four eyes: neither the requester nor the person concerned decides.
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by"))
                & ~models.Q(decided_by=models.F("user")),
                name="rolegrant_decided_by_someone_else",
            ),
        ]


class SignInBackoff(models.Model):
    """Failed sign-ins of one username, from any address, and until when it is paused.

    Kept for any username typed, existing or not, so that the pause never tells whether an
    account exists.
    """

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    blocked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)


class UnitMove(SecondApproval):
    """Moving a unit under another one, asked by one administrator and applied only when a
    second one approves it: the supervisors above the new place read the unit's cases.

    ``parent_before`` is the unit's place when the move was asked: an approval applies only to
    the unit the approver was shown.
    """

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="moves")
    parent = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    parent_before = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("unit move")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(status="pending"),
                name="unitmove_one_pending_per_unit",
            ),
            # Four eyes: the administrator who asked never decides.
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")),
                name="unitmove_decided_by_someone_else",
            ),
        ]
