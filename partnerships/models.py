from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.names import country_name
from partnerships.org_identifiers import validate_org_identifier


class Language(models.TextChoices):
    EN = "en", _("English")
    NL = "nl", _("Dutch")
    FR = "fr", _("French")
    ES = "es", _("Spanish")


class User(AbstractUser):
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.NL,
        help_text=_("The language of the pages and e-mails this person receives."),
    )
    # Part of the hash that Django checks against each session on every request, as the
    # password is: raising it ends every session of this person (end_other_sessions).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def get_session_auth_hash(self):
        return self._session_hash(secret=None)

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=secret)

    def _session_hash(self, secret):
        return salted_hmac(
            "citylink.User.session_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def end_sessions(self):
        """Sign this person out everywhere, at each session's next request."""
        type(self).objects.filter(pk=self.pk).update(session_generation=F("session_generation") + 1)
        self.refresh_from_db(fields=["session_generation"])


class Country(models.Model):
    code = models.CharField(_("ISO 3166 code"), max_length=2, unique=True)
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3)
    reporting_language = models.CharField(_("reporting language"), max_length=2, choices=Language.choices)
    is_candidate = models.BooleanField(
        _("candidate country"),
        default=False,
        help_text=_("Considered for the next programme, no partnership yet."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_iso3166"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="country_currency_iso4217"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        """The country's name in the active language (from the CLDR data in babel)."""
        return country_name(self.code)


class MunicipalityKind(models.TextChoices):
    FLEMISH = "flemish", _("Flemish municipality")
    PARTNER = "partner", _("Partner municipality")


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=120)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MunicipalityKind.choices)
    nis_code = models.CharField(
        _("NIS code"),
        max_length=5,
        blank=True,
        help_text=_("Belgian statistical code, for Flemish municipalities."),
    )
    is_vat_recoverable = models.BooleanField(
        _("recovers VAT"),
        default=False,
        help_text=_("VAT this municipality can recover is not eligible."),
    )
    org_identifier = models.CharField(
        _("organisation identifier"),
        max_length=60,
        blank=True,
        validators=[validate_org_identifier],
        help_text=_(
            "The enterprise or registry number (a Belgian municipality's KBO/BCE number starts with 02), as IATI publishes it: registry prefix, hyphen, number, e.g. "
            "BE-BCE_KBO-0451857573. Empty where there is none: the IATI file then names it only."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="municipality_unique_name"),
            models.UniqueConstraint(fields=["nis_code"], condition=~Q(nis_code=""), name="municipality_unique_nis"),
            models.UniqueConstraint(
                fields=["org_identifier"],
                condition=~Q(org_identifier=""),
                name="municipality_unique_org_identifier",
            ),
        ]

    def __str__(self):
        return self.name


class SisterAssociation(models.Model):
    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="sister_associations",
        verbose_name=_("country"),
    )
    is_link_confirmed = models.BooleanField(_("link confirmed"), default=True)
    org_identifier = models.CharField(
        _("organisation identifier"),
        max_length=60,
        blank=True,
        validators=[validate_org_identifier],
        help_text=_(
            "The association's registry number, as IATI publishes it: registry prefix, hyphen, number, e.g. "
            "BE-BCE_KBO-0451857573. Empty where there is none: the IATI file then names it only."
        ),
    )

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("sister association")
        verbose_name_plural = _("sister associations")
        constraints = [
            models.UniqueConstraint(
                fields=["org_identifier"],
                condition=~Q(org_identifier=""),
                name="sister_association_unique_org_identifier",
            ),
        ]

    def __str__(self):
        return self.acronym


class Theme(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class PartnershipKind(models.TextChoices):
    CITY = "city", _("City partnership")
    SDG = "sdg", _("SDG partnership")
    SISTER_ASSOCIATION = "sister_association", _("Sister-association cooperation")


class PartnershipStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("partnership status", "Active")
    ON_HOLD = "on_hold", pgettext_lazy("partnership status", "On hold")
    ENDED = "ended", pgettext_lazy("partnership status", "Ended")


class PartnershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=PartnershipStatus.ACTIVE)


class Partnership(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnershipKind.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("partner country"),
    )
    flemish_municipalities = models.ManyToManyField(
        Municipality,
        related_name="flemish_partnerships",
        limit_choices_to={"kind": MunicipalityKind.FLEMISH},
        blank=True,
        verbose_name=_("Flemish municipalities"),
    )
    partner_municipalities = models.ManyToManyField(
        Municipality,
        related_name="partner_partnerships",
        limit_choices_to={"kind": MunicipalityKind.PARTNER},
        blank=True,
        verbose_name=_("partner municipalities"),
    )
    sister_association = models.ForeignKey(
        SisterAssociation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("sister association"),
    )
    themes = models.ManyToManyField(Theme, blank=True, verbose_name=_("themes"))
    status = models.CharField(
        pgettext_lazy("partnership", "status"),
        max_length=10,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.ACTIVE,
    )
    since_year = models.PositiveSmallIntegerField(_("partners since"), null=True, blank=True)
    agreement_date = models.DateField(_("agreement date"), null=True, blank=True)
    reporting_language = models.CharField(_("reporting language"), max_length=2, choices=Language.choices)
    is_demo_unconfirmed = models.BooleanField(
        _("unconfirmed (demo)"),
        default=False,
        help_text=_("The pair or its participation is not confirmed by a public source."),
    )

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}-[A-Z0-9]+-[A-Z0-9]+$"),
                name="partnership_code_format",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("partnerships:partnership-detail", kwargs={"code": self.code})


class Role(models.TextChoices):
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    AUDITOR = "auditor", _("Auditor")
    FLEMISH_OFFICER = "flemish_officer", _("Flemish municipality officer")
    PARTNER_REPORTER = "partner_reporter", _("Partner reporter")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    """A person's role, for one partnership, municipality or sister association, or for all.

    A membership without a scope covers the whole programme: that is how the programme
    team and the auditors are set up.
    """

    user = models.ForeignKey(
        "partnerships.User",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("partnership"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    sister_association = models.ForeignKey(
        SisterAssociation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("sister association"),
    )

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(partnership__isnull=True, municipality__isnull=True)
                    | Q(partnership__isnull=True, sister_association__isnull=True)
                    | Q(municipality__isnull=True, sister_association__isnull=True)
                ),
                name="membership_one_scope_at_most",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.scope_label}"

    @property
    def is_programme_wide(self):
        return not (self.partnership_id or self.municipality_id or self.sister_association_id)

    @property
    def scope_label(self):
        if self.partnership_id:
            return self.partnership.code
        if self.municipality_id:
            return self.municipality.name
        if self.sister_association_id:
            return self.sister_association.acronym
        return str(_("whole programme"))


class AccessAction(models.TextChoices):
    """What a person did; "exported" files are built from the data, "downloaded" ones are stored."""

    SIGNED_IN = "signed_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
    SIGNED_OUT = "signed_out", _("Signed out")
    DOWNLOADED = "downloaded", _("Downloaded")
    EXPORTED = "exported", _("Exported")


class AccessEvent(models.Model):
    """One line of the audit trail: who signed in, or took which file out of CityLink, and when.

    Written only by partnerships.access_log and never changed; deleted by it after
    ACCESS_LOG_KEEP_DAYS.
    """

    user = models.ForeignKey(
        "partnerships.User",
        # The line outlives the account: `username` still says whose it was.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_events",
        verbose_name=_("user"),
    )
    username = models.CharField(
        _("username"),
        max_length=150,
        blank=True,
        help_text=_("As typed for a failed sign-in; the account's username otherwise."),
    )
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    # Translators: the claim, report or file a line of the access log is about.
    description = models.CharField(_("object"), max_length=200, blank=True)
    path = models.CharField(_("web address"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # Translators: the moment something happened, date and time of day.
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.description}".strip()
