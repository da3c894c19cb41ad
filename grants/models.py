from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from grants.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS
from grants.parameter_validators import validate_eur_per_country, validate_thresholds_per_country
from partnerships.models import Language

ZERO = Decimal("0.00")
HALF_CENT = Decimal("0.005")


def money_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs)


def default_per_diem_scale():
    """Daily allowances per destination, to confirm against the Ministerial Decree of 10 January 2023.

    Belgium's is for partners visiting Flanders.
    """
    return {"BE": "50.00", "BJ": "60.00", "SN": "65.00", "EC": "55.00", "NI": "50.00", "RW": "55.00", "ZA": "60.00"}


def default_lodging_scale():
    """Maximum lodging a night per destination, to confirm against the same decree."""
    return {"BE": "120.00", "BJ": "90.00", "SN": "100.00", "EC": "80.00", "NI": "70.00", "RW": "85.00", "ZA": "95.00"}


class ClaimYearBasis(models.TextChoices):
    INVOICE_DATE = "invoice_date", _("the invoice date")
    INVOICE_OR_PAYMENT = "invoice_or_payment", _("the invoice date or, within the programme, the payment date")


class ExchangeRateMethod(models.TextChoices):
    """The decree's three ways of converting spending in another currency to EUR."""

    MONTHLY_REFERENCE = "monthly_reference", _("monthly reference rate on the invoice date")
    TRANCHE_TRANSFER = "tranche_transfer", _("actual transfer rate of the tranche that financed the spending")
    WEIGHTED_AVERAGE = "weighted_average", _("weighted average rate of the year's transfers")


class ShortfallOutcome(models.TextChoices):
    NEEDS_INFO = "needs_info", _("ask the municipality for information")
    WARN = "warn", _("let the auditor review it")
    FAIL = "fail", _("reject the line")


class CostCategory(models.TextChoices):
    """DGD's cost category: the split of a programme's budget that the decree caps.

    Budget plan lines, budget lines and allocations are kept per cost category. An
    invoice line draws on one through its InvoiceCategory (COST_CATEGORY_OF in
    grants/eligibility/facts.py); administration costs are only claimed by the association,
    on its own budget lines of that category.
    """

    ADMINISTRATION = "administration", _("Administration costs")
    MANAGEMENT = "management", _("Management costs")
    OPERATIONAL = "operational", _("Operational costs")


class BudgetHeading(models.TextChoices):
    """The heading of a budget plan line or budget line: the kind of spending within its cost category.

    Invoice lines name investment, operating and personnel with the same values
    (InvoiceCategory); audit and evaluation, and other, are headings of budget lines only.
    """

    INVESTMENT = "investment", _("Investment")
    OPERATING = "operating", _("Operating")
    PERSONNEL = "personnel", _("Personnel")
    AUDIT_EVALUATION = "audit_evaluation", _("Audit and evaluation")
    OTHER = "other", _("Other")


class Programme(models.Model):
    """A subsidy programme or strategic plan, with the parameters of its eligibility rules.

    The rule parameters are defaults to confirm with the finance team
    (domain/dgd_rules.md): they live here, never as literals in rule code.
    """

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=60, default="DGD")
    association_name = models.CharField(
        _("association"),
        max_length=200,
        blank=True,
        help_text=_("Full name of the association that holds the programme, as reports print it."),
    )
    funder_name = models.CharField(
        _("funder's full name"),
        max_length=200,
        blank=True,
        help_text=_("As reports print it; the short name is the funder field."),
    )
    # IATI identifiers hold no spaces and none of / ? # (IATI Standard, iati-identifier).
    funder_activity_id = models.CharField(
        _("funder's IATI activity identifier"),
        max_length=150,
        blank=True,
        validators=[RegexValidator(r"^[^\s/?#]+$", _("An IATI identifier has no spaces and no / ? or #."))],
        help_text=_(
            "The identifier under which the funder publishes its funding of this programme in IATI, "
            "starting with the funder's organisation identifier (XM-DAC-2-10 for DGD). Empty while "
            "unknown: the IATI file then names the funder only."
        ),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    payment_deadline_month = models.PositiveSmallIntegerField(
        _("payment deadline: month of the following year"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    payment_deadline_day = models.PositiveSmallIntegerField(
        _("payment deadline: day"),
        default=31,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    currency_tolerance_pct = models.DecimalField(
        _("tolerance on declared EUR amounts (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
    )
    exchange_rate_method = models.CharField(
        _("exchange rate of spending in another currency"),
        max_length=20,
        choices=ExchangeRateMethod.choices,
        default=ExchangeRateMethod.MONTHLY_REFERENCE,
    )
    claim_deadline_month = models.PositiveSmallIntegerField(
        _("expense claim deadline: month of the following year"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    claim_deadline_day = models.PositiveSmallIntegerField(
        _("expense claim deadline: day"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    claim_reminder_days = models.PositiveSmallIntegerField(
        _("remind the municipalities this many days before the claim deadline"),
        default=14,
        validators=[MaxValueValidator(120)],
    )
    ineligible_keywords = models.JSONField(
        _("keywords of never-eligible costs"),
        default=dict,
        blank=True,
        help_text=_(
            "Per kind of cost, the words that flag it in a description. Empty: the built-in "
            "lists in Dutch, French, Spanish and English."
        ),
    )
    per_diem_scale_eur = models.JSONField(
        _("daily allowance per destination country (EUR)"),
        default=default_per_diem_scale,
        blank=True,
        validators=[validate_eur_per_country],
        help_text=_("Federal per-diem scale: ISO country code of the destination and EUR per day."),
    )
    lodging_scale_eur = models.JSONField(
        _("maximum lodging per destination country (EUR a night)"),
        default=default_lodging_scale,
        blank=True,
        validators=[validate_eur_per_country],
        help_text=_("Federal scale: ISO country code of the destination and EUR per night."),
    )
    lunch_cut_pct = models.DecimalField(
        _("daily allowance cut when lunch is provided (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("35.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    dinner_cut_pct = models.DecimalField(
        _("daily allowance cut when dinner is provided (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("45.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    claim_year_basis = models.CharField(
        _("a line belongs to the claim year by"),
        max_length=20,
        choices=ClaimYearBasis.choices,
        default=ClaimYearBasis.INVOICE_OR_PAYMENT,
    )
    flemish_staff_cost_eligible = models.BooleanField(_("staff cost of the Flemish officer is eligible"), default=False)
    outlier_factor = models.DecimalField(
        _("outlier: times the median line"), max_digits=6, decimal_places=2, default=Decimal("10")
    )
    outlier_floor_eur = money_field(_("outlier: only above (EUR)"), default=Decimal("5000.00"))
    quotes_threshold_eur = money_field(_("three quotes required above (EUR)"), default=Decimal("3000.00"))
    quotes_required = models.PositiveSmallIntegerField(_("number of quotes required"), default=3)
    formal_procedure_threshold_eur = money_field(
        _("formal procedure required above, excl. VAT (EUR)"), default=Decimal("30000.00")
    )
    partner_procurement_thresholds_eur = models.JSONField(
        _("procurement thresholds of the partner countries (EUR)"),
        default=dict,
        blank=True,
        validators=[validate_thresholds_per_country],
        help_text=_(
            'For purchases the partner paid, per ISO country code: {"quotes": EUR, "formal": EUR}, '
            "excl. VAT, from that country's procurement code. A country not listed uses the "
            "thresholds above."
        ),
    )
    quotes_shortfall_outcome = models.CharField(
        _("below the formal threshold, too few quotes:"),
        max_length=12,
        choices=ShortfallOutcome.choices,
        default=ShortfallOutcome.NEEDS_INFO,
    )
    split_purchase_days = models.PositiveSmallIntegerField(
        _("purchases from one supplier within this many days count as one"),
        default=30,
        validators=[MaxValueValidator(366)],
    )
    budget_flexibility_pct = models.DecimalField(
        _("allowed overspend per budget line (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
    )
    scans_required_from_year = models.PositiveSmallIntegerField(
        _("invoice scans required from the claims of"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_(
            "Claims of this year and later need an invoice scan for each line, and what is read on "
            "it is compared with the line. Empty: scans are not checked."
        ),
    )
    scan_amount_tolerance_pct = models.DecimalField(
        _("tolerance on the total read on a scan (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    tranche_spent_share_pct = models.DecimalField(
        _("share of the previous tranche to spend before the next (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("75.00"),
    )
    # DGD parameters still to confirm with the finance team: kept here to edit, with history.
    administration_cap_pct = models.DecimalField(
        _("cap on administration costs (% of the year's budget)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("12.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    management_cap_pct = models.DecimalField(
        _("cap on management costs (% of the year's budget)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    progress_on_track_pct = models.DecimalField(
        _("indicator on track from (% of the way to the target)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("75.00"),
        validators=[MinValueValidator(0)],
        help_text=_(
            "An indicator is on track when it has covered at least this share of the way "
            "from its baseline to the year's target."
        ),
    )
    progress_achieved_pct = models.DecimalField(
        _("indicator achieved from (% of the way to the target)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(0)],
    )

    # The history is of the rule parameters; the translated names (grants/translation.py)
    # are added after the history model is built, so it cannot hold them.
    history = HistoricalRecords(
        excluded_fields=[
            f"{name}_{lang}"
            for name in ("name", "association_name", "funder_name")
            for lang in ("en", "nl", "fr", "es")
        ]
    )

    class Meta:
        ordering = ["start_date", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="programme_period_ordered"),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("grants:programme-detail", kwargs={"code": self.code})

    @property
    def years(self):
        return range(self.start_date.year, self.end_date.year + 1)


class SubsidySource(models.TextChoices):
    FEDERAL = "federal", _("Federal government (DGD)")
    FLEMISH = "flemish", _("Flemish government")


class Subsidy(models.Model):
    """Subsidy the association receives for a programme year, from one funder."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="subsidies", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=10, choices=SubsidySource.choices)
    amount_eur = money_field(_("amount (EUR)"))
    is_demo = models.BooleanField(_("estimate (demo)"), default=False, help_text=_("Not a published figure."))

    class Meta:
        ordering = ["programme", "year", "source"]
        verbose_name = _("subsidy")
        verbose_name_plural = _("subsidies")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year", "source"], name="subsidy_unique"),
            models.CheckConstraint(condition=Q(amount_eur__gt=0), name="subsidy_amount_positive"),
        ]

    def __str__(self):
        return f"{self.programme.code} {self.year} {self.get_source_display()}"


class BudgetPlan(models.Model):
    """Base-year amounts per cost category and heading, indexed each year by inflation."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="budget_plan", verbose_name=_("programme")
    )
    base_year = models.PositiveSmallIntegerField(_("base year"))
    inflation_pct = models.DecimalField(
        _("yearly inflation (%)"), max_digits=5, decimal_places=2, default=Decimal("3.00")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget plan")
        verbose_name_plural = _("budget plans")
        constraints = [
            models.CheckConstraint(condition=Q(inflation_pct__gte=0), name="budget_plan_inflation_not_negative"),
        ]

    def __str__(self):
        return f"{self.programme.code} ({self.base_year})"


class BudgetPlanLine(models.Model):
    plan = models.ForeignKey(BudgetPlan, on_delete=models.CASCADE, related_name="lines", verbose_name=_("budget plan"))
    category = models.CharField(_("cost category"), max_length=20, choices=CostCategory.choices)
    heading = models.CharField(
        _("heading"),
        max_length=20,
        choices=BudgetHeading.choices,
        blank=True,
        help_text=_("Leave empty when the plan is not split by heading."),
    )
    base_amount_eur = money_field(_("base-year amount (EUR)"))

    class Meta:
        ordering = ["plan", "category", "heading"]
        verbose_name = _("budget plan line")
        verbose_name_plural = _("budget plan lines")
        constraints = [
            models.UniqueConstraint(fields=["plan", "category", "heading"], name="budget_plan_line_unique"),
            models.CheckConstraint(condition=Q(base_amount_eur__gte=0), name="budget_plan_line_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.get_heading_display()}".strip()


class BudgetChannel(models.TextChoices):
    """Who spends a budget line (the Royal Decree's budget lines of operational costs)."""

    PARTNERS = "partners", _("Amounts to partners under partnership agreements")
    THIRD_PARTIES = "third_parties", _("Amounts to third organisations")
    HEAD_OFFICE = "head_office", _("Spent by the association (head office)")


class BudgetLine(models.Model):
    """A line of a programme's yearly budget as agreed with the funder.

    A line of the partners' channel is the envelope that the partnership allocations of
    its category draw on; a head-office line is what the association spends itself, and
    its own expense claims are filed against it.
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("programme")
    )
    code = models.SlugField(
        _("code"),
        max_length=30,
        unique=True,
        allow_unicode=False,
        help_text=_("Short and unique, e.g. G26-TEAM; expense claims of the line are named after it."),
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("cost category"), max_length=20, choices=CostCategory.choices)
    heading = models.CharField(_("heading"), max_length=20, choices=BudgetHeading.choices)
    channel = models.CharField(
        _("channel"), max_length=20, choices=BudgetChannel.choices, default=BudgetChannel.HEAD_OFFICE
    )

    class Meta:
        ordering = ["programme", "category", "channel", "code"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return self.code


class BudgetLineAmount(models.Model):
    line = models.ForeignKey(
        BudgetLine, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("budget line")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_eur = money_field(_("amount (EUR)"), validators=[MinValueValidator(ZERO)])

    history = HistoricalRecords()

    class Meta:
        ordering = ["line", "year"]
        verbose_name = _("budget line amount")
        verbose_name_plural = _("budget line amounts")
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="budget_line_amount_unique"),
            models.CheckConstraint(condition=Q(amount_eur__gte=0), name="budget_line_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.line.code} {self.year}"


class Allocation(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("programme")
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("partnership"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(
        _("cost category"),
        max_length=20,
        choices=CostCategory.choices,
        default=CostCategory.OPERATIONAL,
    )
    amount_eur = money_field(_("amount (EUR)"))

    class Meta:
        ordering = ["programme", "partnership", "year", "category"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(fields=["programme", "partnership", "year", "category"], name="allocation_unique"),
            models.CheckConstraint(condition=Q(amount_eur__gt=0), name="allocation_amount_positive"),
        ]

    def __str__(self):
        return f"{self.partnership.code} {self.year} {self.amount_eur}"


class CoFinancing(models.Model):
    """Own funds a partnership's municipality puts into the programme for a year (not DGD money).

    Declared is what the municipality commits; evidenced what its accounts show,
    once checked (empty until then).
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="cofinancing", verbose_name=_("programme")
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="cofinancing",
        verbose_name=_("partnership"),
    )
    municipality = models.ForeignKey(
        "partnerships.Municipality",
        on_delete=models.PROTECT,
        related_name="cofinancing",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        help_text=_("The municipality that puts in its own funds; empty for the partnership as a whole."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    declared_eur = money_field(_("declared (EUR)"), validators=[MinValueValidator(ZERO)])
    evidenced_eur = money_field(_("evidenced (EUR)"), null=True, blank=True, validators=[MinValueValidator(ZERO)])
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "year", "partnership"]
        verbose_name = _("co-financing")
        verbose_name_plural = _("co-financing")
        constraints = [
            # NULLs are distinct in a unique constraint: the partnership-wide row needs its own.
            models.UniqueConstraint(
                fields=["programme", "partnership", "municipality", "year"], name="cofinancing_unique"
            ),
            models.UniqueConstraint(
                fields=["programme", "partnership", "year"],
                condition=Q(municipality__isnull=True),
                name="cofinancing_unique_without_municipality",
            ),
            models.CheckConstraint(condition=Q(declared_eur__gte=0), name="cofinancing_declared_not_negative"),
            models.CheckConstraint(
                condition=Q(evidenced_eur__isnull=True) | Q(evidenced_eur__gte=0),
                name="cofinancing_evidenced_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.partnership.code} {self.year}"


class TrancheLeg(models.TextChoices):
    TO_FLEMISH = "to_flemish", _("Association to Flemish municipality")
    TO_PARTNER = "to_partner", _("To the partner")


class TrancheStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("tranche status", "Planned")
    PAID = "paid", pgettext_lazy("tranche status", "Paid")
    RECEIVED = "received", pgettext_lazy("tranche status", "Received")


# The money of these tranches has left the association: paid by it, or received already.
TRANSFERRED_STATUSES = (TrancheStatus.PAID, TrancheStatus.RECEIVED)


class TrancheQuerySet(models.QuerySet):
    def transferred(self):
        return self.filter(status__in=TRANSFERRED_STATUSES)


class Tranche(models.Model):
    """One transfer of subsidy money along the chain DGD > association > municipality > partner."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="tranches", verbose_name=_("programme")
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="tranches",
        verbose_name=_("partnership"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("tranche number"))
    leg = models.CharField(_("from > to"), max_length=12, choices=TrancheLeg.choices)
    planned_date = models.DateField(_("planned date"))
    paid_date = models.DateField(_("paid on"), null=True, blank=True)
    received_date = models.DateField(_("received on"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    amount = money_field(_("amount"))
    units_per_eur = models.DecimalField(
        _("rate (units per EUR)"), max_digits=18, decimal_places=6, default=Decimal("1")
    )
    amount_eur = money_field(_("amount (EUR)"))
    status = models.CharField(
        pgettext_lazy("tranche", "status"),
        max_length=10,
        choices=TrancheStatus.choices,
        default=TrancheStatus.PLANNED,
    )

    objects = TrancheQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "partnership", "year", "leg", "number"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "partnership", "year", "leg", "number"],
                name="tranche_unique",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tranche_amount_positive"),
            models.CheckConstraint(condition=Q(amount_eur__gt=0), name="tranche_amount_eur_positive"),
            models.CheckConstraint(condition=Q(units_per_eur__gt=0), name="tranche_rate_positive"),
        ]

    def __str__(self):
        return f"{self.partnership.code} {self.year}/{self.number} {self.get_leg_display()}"


class RateSource(models.TextChoices):
    FIXED_PARITY = "fixed_parity", _("Fixed parity")
    MONTHLY_REFERENCE = "monthly_reference", _("Monthly reference rate")
    TRANSFER = "transfer", _("Actual transfer rate")


class ExchangeRate(models.Model):
    currency = models.CharField(_("currency"), max_length=3)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    units_per_eur = models.DecimalField(_("units per EUR"), max_digits=18, decimal_places=6)
    source = models.CharField(_("source"), max_length=20, choices=RateSource.choices)
    is_demo = models.BooleanField(_("demo rate"), default=False, help_text=_("Plausible but not an official rate."))

    class Meta:
        ordering = ["currency", "valid_from"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "source", "valid_from"], name="exchange_rate_unique"),
            models.CheckConstraint(condition=Q(units_per_eur__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="exchange_rate_period_ordered",
            ),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"), name="exchange_rate_iso4217"),
        ]

    def __str__(self):
        return f"1 EUR = {self.units_per_eur} {self.currency} ({self.valid_from})"


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("claim status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("claim status", "Submitted")
    IN_AUDIT = "in_audit", pgettext_lazy("claim status", "In audit")
    AUDITED = "audited", pgettext_lazy("claim status", "Audited")
    CLOSED = "closed", pgettext_lazy("claim status", "Closed")


# Claims whose every line is settled: what they accept is what reports to the donor count.
AUDITED_STATUSES = (ClaimStatus.AUDITED, ClaimStatus.CLOSED)
# The statuses a claim may come from, for each status it moves to. Its municipality submits
# a draft; checks and decisions move it between in audit and audited as its lines are
# settled; sign-off closes an audited claim for good.
CLAIM_TRANSITIONS = {
    ClaimStatus.SUBMITTED: (ClaimStatus.DRAFT,),
    ClaimStatus.IN_AUDIT: (ClaimStatus.SUBMITTED, ClaimStatus.IN_AUDIT, ClaimStatus.AUDITED),
    ClaimStatus.AUDITED: (ClaimStatus.SUBMITTED, ClaimStatus.IN_AUDIT, ClaimStatus.AUDITED),
    ClaimStatus.CLOSED: (ClaimStatus.AUDITED,),
}


class ExpenseClaimQuerySet(models.QuerySet):
    def audited(self):
        return self.filter(status__in=AUDITED_STATUSES)

    def unsettled(self):
        """Claims with lines still to import, check or decide: drafts, submitted, in audit."""
        return self.exclude(status__in=AUDITED_STATUSES)


class ExpenseClaim(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="claims", verbose_name=_("programme")
    )
    # A claim is a partnership's, or the association's own expenses on one of its
    # head-office budget lines: exactly one of the two is set.
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("partnership"),
        null=True,
        blank=True,
    )
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("budget line"),
        null=True,
        blank=True,
        help_text=_("For the association's own expenses; leave empty for a partnership's claim."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        pgettext_lazy("claim", "status"),
        max_length=10,
        choices=ClaimStatus.choices,
        default=ClaimStatus.DRAFT,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    claimed_eur = money_field(_("claimed (EUR)"), default=ZERO)
    accepted_eur = money_field(_("accepted (EUR)"), default=ZERO)
    rejected_eur = money_field(_("rejected (EUR)"), default=ZERO)
    pending_eur = money_field(_("pending (EUR)"), default=ZERO)

    objects = ExpenseClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "partnership__code", "budget_line__code"]
        verbose_name = _("expense claim")
        verbose_name_plural = _("expense claims")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="claim_one_per_year"),
            models.UniqueConstraint(fields=["budget_line", "year"], name="claim_one_per_line_and_year"),
            models.CheckConstraint(
                condition=Q(partnership__isnull=False, budget_line__isnull=True)
                | Q(partnership__isnull=True, budget_line__isnull=False),
                name="claim_of_a_partnership_or_a_budget_line",
            ),
            # SQLite keeps decimals as floating point, so the sum is checked to half a
            # cent; on PostgreSQL (numeric) it holds exactly.
            models.CheckConstraint(
                condition=Q(
                    claimed_eur__lte=F("accepted_eur") + F("rejected_eur") + F("pending_eur") + HALF_CENT,
                    claimed_eur__gte=F("accepted_eur") + F("rejected_eur") + F("pending_eur") - HALF_CENT,
                ),
                name="claim_money_conserved",
            ),
        ]

    def __str__(self):
        return f"{self.holder_code}/{self.year}"

    def can_move_to(self, status):
        """Whether the claim may move to `status` from where it is (CLAIM_TRANSITIONS)."""
        return self.status in CLAIM_TRANSITIONS.get(status, ())

    @property
    def is_association_claim(self):
        return self.budget_line_id is not None

    @property
    def holder_code(self):
        """The code the claim is named by: its partnership's, or its budget line's."""
        return self.budget_line.code if self.budget_line_id else self.partnership.code

    @property
    def holder_name(self):
        return self.budget_line.name if self.budget_line_id else self.partnership.name


class InvoiceCategory(models.TextChoices):
    """What an invoice line is charged to: the `category` column of a statement (docs/statement-files.md).

    Investment, operating and personnel are the budget headings of those values, of
    operational costs; management is the cost category of that name, which has no
    headings. COST_CATEGORY_OF (grants/eligibility/facts.py) gives the CostCategory each
    draws on, for the CATEGORY and BUDGET rules. Neither BudgetHeading nor CostCategory can
    serve here: a budget line has no heading "management", and a statement names neither
    "audit_evaluation" nor "administration".
    """

    INVESTMENT = "investment", _("Investment")
    OPERATING = "operating", _("Operating")
    PERSONNEL = "personnel", _("Personnel")
    MANAGEMENT = "management", _("Management")


class PaidBy(models.TextChoices):
    FLEMISH = "flemish", _("Flemish municipality")
    PARTNER = "partner", _("Partner")
    ASSOCIATION = "association", _("The association")


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    PARTIAL = "partial", _("Partly eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    NEEDS_INFO = "needs_info", _("Needs information")
    TO_REVIEW = "to_review", _("To review")


class InvoiceQuerySet(models.QuerySet):
    def of_audited_claims(self):
        return self.filter(claim__status__in=AUDITED_STATUSES)

    def pending_audit(self):
        return self.filter(verdict__in=[Verdict.NEEDS_INFO, Verdict.TO_REVIEW])


class Invoice(models.Model):
    """One line of an expense claim, as declared by the municipality."""

    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="invoices", verbose_name=_("claim"))
    line = models.PositiveIntegerField(_("line"))
    invoice_date = models.DateField(_("invoice date"))
    payment_date = models.DateField(_("payment date"), null=True, blank=True)
    # Empty text is imported as it is: the MISSING_DATA rule asks for it.
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=60, blank=True)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("cost category"), max_length=12, choices=InvoiceCategory.choices, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    # Credit notes are negative: the AMOUNT rule judges them, the database must accept them.
    amount = money_field(_("amount"))
    vat = money_field(_("VAT"), null=True, blank=True)
    declared_amount_eur = money_field(_("declared amount (EUR)"), null=True, blank=True)
    amount_eur = money_field(_("amount (EUR)"), null=True, blank=True)
    # The rate the line was converted at, by the import and then the audit; None while none is known.
    units_per_eur = models.DecimalField(
        _("rate used (units per EUR)"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    paid_by = models.CharField(_("paid by"), max_length=12, choices=PaidBy.choices)
    has_payment_proof = models.BooleanField(_("proof of payment"), default=False)
    quotes = models.PositiveSmallIntegerField(_("quotes"), null=True, blank=True)
    addressed_to = models.CharField(_("addressed to"), max_length=200, blank=True)
    procedure_reference = models.CharField(_("procurement procedure reference"), max_length=100, blank=True)
    destination = models.CharField(
        _("destination country"), max_length=2, blank=True, help_text=_("ISO 3166 code, for travel costs.")
    )
    days = models.DecimalField(_("days or nights"), max_digits=6, decimal_places=1, null=True, blank=True)
    lunches_provided = models.PositiveSmallIntegerField(_("lunches provided"), default=0)
    dinners_provided = models.PositiveSmallIntegerField(_("dinners provided"), default=0)
    # Declared by the municipality: the same expense also claimed from another subsidy.
    other_funding_source = models.CharField(_("also funded by"), max_length=200, blank=True)
    other_funding_eur = money_field(_("amount funded by the other source (EUR)"), null=True, blank=True)
    activity = models.CharField(
        _("activity or outcome"), max_length=20, blank=True, help_text=_("Code of an outcome of the partnership.")
    )
    engine_verdict = models.CharField(_("verdict of the rules"), max_length=12, choices=Verdict.choices, blank=True)
    # The verdict and split that count: the auditor's decision where there is one,
    # otherwise the rules'. Claim totals are sums of these columns.
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices, blank=True)
    accepted_eur = money_field(_("accepted (EUR)"), default=ZERO)
    rejected_eur = money_field(_("rejected (EUR)"), default=ZERO)
    pending_eur = money_field(_("pending (EUR)"), default=ZERO)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "line"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(fields=["claim", "line"], name="invoice_unique_line"),
        ]
        indexes = [
            models.Index(fields=["claim", "verdict", "line"], name="invoice_claim_verdict"),
            models.Index(fields=["claim", "amount_eur"], name="invoice_claim_amount"),
        ]

    def __str__(self):
        return f"{self.claim} #{self.line}"


class AttachmentKind(models.TextChoices):
    SCAN = "scan", _("Invoice scan")
    PAYMENT_PROOF = "payment_proof", _("Proof of payment")
    ANSWER = "answer", _("Answer to the auditor")


class MatchedBy(models.TextChoices):
    FILE_NAME = "file_name", _("by its file name")
    READING = "reading", _("by the invoice number read on it")
    HAND = "hand", _("by hand")


class ReadingStatus(models.TextChoices):
    WAITING = "waiting", _("waiting to be read")
    # A worker took the scan and is reading it (grants.tasks); read_at says since when.
    READING = "reading", _("being read")
    READ = "read", _("read")
    FAILED = "failed", _("could not be read")

    @classmethod
    def unfinished(cls):
        """The statuses of a scan whose reading is not over: everything that counts scans waiting counts both."""
        return (cls.WAITING, cls.READING)


class InvoiceAttachmentQuerySet(models.QuerySet):
    def scans(self):
        return self.filter(kind=AttachmentKind.SCAN)

    def unmatched(self):
        return self.filter(invoice__isnull=True)


class InvoiceAttachment(models.Model):
    """A file of a claim: an invoice scan, a proof of payment or an answer to the auditor.

    Scans and proofs arrive with the statement or later, and belong to the claim before
    they belong to a line: a file that no line's invoice number fits waits, unmatched,
    for the officer to pair it. A scan is read in the background (grants.tasks); what was
    read is kept as `reading` (grants.invoice_reading.InvoiceReading.to_json()).
    """

    claim = models.ForeignKey(
        "ExpenseClaim", on_delete=models.CASCADE, related_name="attachments", verbose_name=_("claim")
    )
    # A line deleted from a draft leaves its scans to the claim, unmatched: never lost.
    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("invoice"),
    )
    kind = models.CharField(_("kind"), max_length=15, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to="claims/%Y/", blank=True)
    original_name = models.CharField(_("file name as sent"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True, db_index=True)
    matched_by = models.CharField(_("matched"), max_length=10, choices=MatchedBy.choices, blank=True)
    reading_status = models.CharField(_("reading"), max_length=10, choices=ReadingStatus.choices, blank=True)
    reading = models.JSONField(_("what was read"), default=dict, blank=True)
    reading_error = models.CharField(_("why it could not be read"), max_length=200, blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), default=0)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = InvoiceAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["invoice_id", "uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["claim", "kind", "reading_status"], name="attachment_claim_reading")]

    def __str__(self):
        return self.original_name or self.file.name


class ReasonCode(models.TextChoices):
    PERIOD = "PERIOD", _("Outside the period")
    PAYMENT_PROOF = "PAYMENT_PROOF", _("No proof of payment")
    DUPLICATE = "DUPLICATE", _("Claimed twice")
    CURRENCY = "CURRENCY", _("Exchange rate or currency")
    VAT = "VAT", _("Recoverable VAT")
    CATEGORY = "CATEGORY", _("Cost not eligible in this category")
    KEYWORDS = "KEYWORDS", _("Never-eligible kind of cost")
    PER_DIEM = "PER_DIEM", _("Above the per-diem scale")
    PROCUREMENT = "PROCUREMENT", _("Quotes or procurement procedure missing")
    TRAVEL_CLASS = "TRAVEL_CLASS", _("Travel not in economy class")
    BENEFICIARY = "BENEFICIARY", _("Not addressed to the municipality")
    AMOUNT = "AMOUNT", _("Amount not justified")
    BUDGET = "BUDGET", _("Above the budget line")
    TRANCHE_COVER = "TRANCHE_COVER", _("Not covered by tranches received")
    MISSING_DATA = "MISSING_DATA", _("Data missing")
    DOUBLE_FUNDING = "DOUBLE_FUNDING", _("Also paid by another subsidy")
    ACTIVITY = "ACTIVITY", _("Not an outcome of the partnership")
    SCAN = "SCAN", _("Invoice scan missing or not as declared")
    NOT_RELATED = "NOT_RELATED", _("Not related to the partnership's plan")
    NOT_PRUDENT = "NOT_PRUDENT", _("Not what a prudent manager would spend")
    OTHER = "OTHER", _("Other reason (see comment)")


class FindingOutcome(models.TextChoices):
    PASS = "pass", pgettext_lazy("rule outcome", "Pass")
    WARN = "warn", pgettext_lazy("rule outcome", "Warning")
    FAIL = "fail", pgettext_lazy("rule outcome", "Fail")
    NEEDS_INFO = "needs_info", pgettext_lazy("rule outcome", "Needs information")


class Finding(models.Model):
    # The claim is repeated from the invoice so that a claim's findings are read,
    # counted and replaced without a join over its (possibly 100,000) lines.
    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="findings", verbose_name=_("claim"))
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="findings", verbose_name=_("invoice"))
    # A rule's code; its label names the rule in the reader's language (get_rule_code_display).
    rule_code = models.CharField(_("rule"), max_length=20, choices=ReasonCode.choices)
    outcome = models.CharField(
        pgettext_lazy("result of a rule", "outcome"), max_length=12, choices=FindingOutcome.choices
    )
    amount_affected_eur = money_field(_("amount affected (EUR)"), default=ZERO)
    # The English message id of the rule; translated when shown (grants/finding_texts.py).
    message = models.CharField(_("message"), max_length=300)
    message_params = models.JSONField(_("message parameters"), default=dict, blank=True)

    class Meta:
        ordering = ["invoice", "rule_code"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [models.Index(fields=["claim", "rule_code"], name="finding_claim_rule")]

    def __str__(self):
        return f"{self.invoice} {self.rule_code} {self.outcome}"


class AuditDecision(models.Model):
    """The auditor's decision on one invoice; it prevails over the engine's verdict."""

    invoice = models.OneToOneField(
        Invoice, on_delete=models.CASCADE, related_name="decision", verbose_name=_("invoice")
    )
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)
    accepted_eur = money_field(_("accepted (EUR)"), default=ZERO)
    reason_codes = models.JSONField(_("reason codes"), default=list, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # The auditor's own language: an officer reading it in another is told which.
    comment_language = models.CharField(
        _("language of the comment"), max_length=2, choices=Language.choices, blank=True
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auditor"),
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        # A credit note that passes is accepted with its negative amount: no sign constraint.
        verbose_name = _("audit decision")
        verbose_name_plural = _("audit decisions")

    def __str__(self):
        return f"{self.invoice}: {self.get_verdict_display()}"
