from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from partnerships.models import Language


class ObjectiveLevel(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic objective (10 years)")
    SPECIFIC = "specific", _("Specific objective (5 years)")


class Objective(models.Model):
    """A node of the results framework of one programme; titles are translated (see reporting/translation.py).

    Each programme has its own framework, so the same code (SD2.3) names a different
    objective in each programme.
    """

    programme = models.ForeignKey(
        "grants.Programme", on_delete=models.PROTECT, related_name="objectives", verbose_name=_("programme")
    )
    code = models.CharField(_("code"), max_length=10)
    level = models.CharField(_("level"), max_length=10, choices=ObjectiveLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent objective"),
    )
    title = models.CharField(_("title"), max_length=300)
    is_transversal = models.BooleanField(_("transversal"), default=False)
    sdg_targets = models.CharField(
        _("SDG targets"), max_length=100, blank=True, help_text=_("For example 16.6, 11.3, 17.17")
    )
    is_demo = models.BooleanField(
        _("demo wording"),
        default=False,
        help_text=_("Loaded by the demo, possibly taken over from another programme's wording."),
    )

    class Meta:
        ordering = ["programme", "code"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="objective_unique_code_per_programme"),
            models.CheckConstraint(
                condition=(Q(level="strategic", parent__isnull=True) | Q(level="specific", parent__isnull=False)),
                name="objective_level_matches_parent",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class Outcome(models.Model):
    """An outcome of a partnership, or, without a partnership, of the programme team itself.

    The indicators of a team outcome are the programme-level indicators, whose values the
    team enters per year (ProgrammeIndicatorValue) instead of a partner report.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("partnership"),
        help_text=_("Empty for an outcome of the programme team."),
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.PROTECT,
        related_name="outcomes",
        limit_choices_to={"level": ObjectiveLevel.SPECIFIC},
        verbose_name=_("specific objective"),
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    sdg_targets = models.CharField(_("SDG targets"), max_length=100, blank=True, help_text=_("For example 16.6, 11.3"))

    class Meta:
        ordering = ["partnership", "code"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="outcome_unique_code"),
            # A NULL partnership never collides in the constraint above: team outcomes are
            # unique per objective, which belongs to one programme.
            models.UniqueConstraint(
                fields=["objective", "code"],
                condition=Q(partnership__isnull=True),
                name="programme_outcome_unique_code",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class IndicatorType(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    YES_NO = "yes_no", _("Yes/no")
    SCALE = "scale", _("Scale")
    QUALITATIVE = "qualitative", _("Qualitative")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")
    MAINTAIN = "maintain", _("Keep the level")


class Disaggregation(models.TextChoices):
    NONE = "", _("None")
    SEX = "sex", _("By sex (women/men)")


class Aggregation(models.TextChoices):
    """How the values of the same indicator in several partnerships make a programme figure."""

    BY_TYPE = "", _("As its type says (numbers add up, shares average, yes/no count)")
    SUM = "sum", _("Sum over partnerships")
    AVERAGE = "average", _("Average over partnerships")
    COUNT = "count", _("Number of partnerships that reach it")
    NONE = "none", _("Not aggregated (units differ)")


# A yes/no counts the partnerships that reach it, shares and scales average, numbers add
# up; qualitative answers cannot be added.
AGGREGATION_OF_TYPE = {
    IndicatorType.NUMBER: Aggregation.SUM,
    IndicatorType.PERCENTAGE: Aggregation.AVERAGE,
    IndicatorType.SCALE: Aggregation.AVERAGE,
    IndicatorType.YES_NO: Aggregation.COUNT,
    IndicatorType.QUALITATIVE: Aggregation.NONE,
}
# Adding up shares or scales gives a figure nobody can read.
NOT_ADDABLE_TYPES = (IndicatorType.PERCENTAGE, IndicatorType.SCALE)


def aggregation_of(aggregation, indicator_type):
    return aggregation or AGGREGATION_OF_TYPE[indicator_type]


class Indicator(models.Model):
    """A measure of an outcome: a partnership's, or the programme team's (programme-level)."""

    outcome = models.ForeignKey(
        Outcome,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("outcome"),
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    type = models.CharField(_("type"), max_length=12, choices=IndicatorType.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    baseline_value = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    disaggregation = models.CharField(_("disaggregation"), max_length=5, choices=Disaggregation.choices, blank=True)
    aggregation = models.CharField(
        _("programme aggregation"),
        max_length=8,
        choices=Aggregation.choices,
        default=Aggregation.BY_TYPE,
        blank=True,
        help_text=_("How the annual report adds up this indicator across partnerships."),
    )
    is_demo = models.BooleanField(_("demo values"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["outcome", "code"], name="indicator_unique_code_per_outcome"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_programme_level(self):
        """Measured by the programme team (an outcome without partnership), not in partner reports."""
        return self.outcome_id is not None and self.outcome.partnership_id is None

    def clean(self):
        if self.aggregation == Aggregation.SUM and self.type in NOT_ADDABLE_TYPES:
            raise ValidationError(
                {"aggregation": _("Shares and scales cannot be added up: choose the average or the count.")}
            )


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=4)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_unique"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.value}"


class ReportPeriod(models.TextChoices):
    H1 = "h1", _("First half-year")
    YEAR = "year", _("Full year")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    RETURNED = "returned", pgettext_lazy("report status", "Returned")
    APPROVED = "approved", pgettext_lazy("report status", "Approved")


SECTIONS = (
    ("context", _("Context")),
    ("progress", _("Progress per outcome")),
    ("results", _("Results")),
    ("difficulties", _("Difficulties")),
    ("lessons_learned", _("Lessons learned")),
    ("next_steps", _("Next steps")),
)
EDITABLE_STATUSES = ("draft", "returned")
# Each status a report may move to, from the statuses it may come from: a partner submits
# a draft or a returned report; the programme team returns or approves a submitted one.
REPORT_TRANSITIONS = {
    ReportStatus.SUBMITTED: (ReportStatus.DRAFT, ReportStatus.RETURNED),
    ReportStatus.RETURNED: (ReportStatus.SUBMITTED,),
    ReportStatus.APPROVED: (ReportStatus.SUBMITTED,),
}


class PartnerReportQuerySet(models.QuerySet):
    def editable(self):
        """Reports the partner is still writing: drafts, and reports the team returned."""
        return self.filter(status__in=EDITABLE_STATUSES)

    def late(self, today):
        return self.editable().filter(due_date__lt=today)


class PartnerReport(models.Model):
    """A partner's progress report; the narrative is kept in the language it was written in.

    Staff may add a translation of each section (`<section>_translation`, in
    `translation_language`); the original is never changed by them.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("partnership"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, choices=ReportPeriod.choices)
    due_date = models.DateField(_("due date"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    status = models.CharField(
        pgettext_lazy("report", "status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
    )
    context = models.TextField(_("context"), blank=True)
    progress = models.TextField(_("progress per outcome"), blank=True)
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    context_translation = models.TextField(_("context (translation)"), blank=True)
    progress_translation = models.TextField(_("progress per outcome (translation)"), blank=True)
    results_translation = models.TextField(_("results (translation)"), blank=True)
    difficulties_translation = models.TextField(_("difficulties (translation)"), blank=True)
    lessons_learned_translation = models.TextField(_("lessons learned (translation)"), blank=True)
    next_steps_translation = models.TextField(_("next steps (translation)"), blank=True)
    translation_language = models.CharField(
        _("language of the translation"), max_length=2, choices=Language.choices, default=Language.NL
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )

    objects = PartnerReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "partnership__code", "period"]
        verbose_name = _("partner report")
        verbose_name_plural = _("partner reports")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year", "period"], name="partner_report_unique_period"),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(approved_at__gte=F("submitted_at")),
                name="partner_report_approved_after_submitted",
            ),
        ]

    def __str__(self):
        return f"{self.partnership.code} {self.year} {self.get_period_display()}"

    def get_absolute_url(self):
        return reverse("reporting:report-detail", kwargs={"pk": self.pk})

    def can_move_to(self, status):
        """Whether the report may move to `status` from where it is (REPORT_TRANSITIONS)."""
        return self.status in REPORT_TRANSITIONS.get(status, ())

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES


class ReportEvent(models.Model):
    """One step of a report's workflow: who moved it, when, from where to where, and why."""

    report = models.ForeignKey(PartnerReport, on_delete=models.CASCADE, related_name="events", verbose_name=_("report"))
    status_from = models.CharField(_("from"), max_length=10, choices=ReportStatus.choices, blank=True)
    status_to = models.CharField(_("to"), max_length=10, choices=ReportStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    # The writer's language, so that a partner reading it in another one is told which.
    comment_language = models.CharField(
        _("language of the comment"), max_length=2, choices=Language.choices, blank=True
    )

    class Meta:
        ordering = ["report", "at", "pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self):
        return f"{self.report} {self.status_from}>{self.status_to}"

    def save(self, *args, **kwargs):
        if not self.comment_language and self.user is not None:
            self.comment_language = self.user.language
        super().save(*args, **kwargs)


class SectionComment(models.Model):
    """A reviewer's comment on one section of a report."""

    report = models.ForeignKey(
        PartnerReport, on_delete=models.CASCADE, related_name="comments", verbose_name=_("report")
    )
    section = models.CharField(_("section"), max_length=20, choices=SECTIONS)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("comment"))
    # The author's language, so that a partner reading it in another one is told which.
    language = models.CharField(_("language of the comment"), max_length=2, choices=Language.choices, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "section", "created_at"]
        verbose_name = _("section comment")
        verbose_name_plural = _("section comments")

    def __str__(self):
        return f"{self.report} {self.section}"

    def save(self, *args, **kwargs):
        if not self.language and self.author is not None:
            self.language = self.author.language
        super().save(*args, **kwargs)


class IndicatorValue(models.Model):
    """The value a report gives for one indicator, with its split by sex where the indicator asks."""

    report = models.ForeignKey(PartnerReport, on_delete=models.CASCADE, related_name="values", verbose_name=_("report"))
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    value_women = models.DecimalField(_("women"), max_digits=16, decimal_places=4, null=True, blank=True)
    value_men = models.DecimalField(_("men"), max_digits=16, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("description"), blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["report", "indicator__code"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="indicator_value_once_per_report"),
        ]

    def __str__(self):
        return f"{self.report} {self.indicator.code}: {self.value}"


class EvidenceFile(models.Model):
    """A photo, PDF or attendance list backing a report; served only through a checked view."""

    report = models.ForeignKey(
        PartnerReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("report")
    )
    file = models.FileField(_("file"), upload_to="evidence/%Y/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.caption or self.file.name


class ProgrammeIndicatorValue(models.Model):
    """The value the programme team gives a programme-level indicator for one year.

    Partnership indicators get theirs from partner reports (IndicatorValue); these have
    no report, so the value carries its own evidence file, checked like a partner's.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="programme_values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    value_women = models.DecimalField(_("women"), max_digits=16, decimal_places=4, null=True, blank=True)
    value_men = models.DecimalField(_("men"), max_digits=16, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("description"), blank=True)
    # The team writes in the language of whoever enters the value; the annual report marks
    # the text as an original when it is read in another language.
    text_language = models.CharField(
        _("language of the description"), max_length=2, choices=Language.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="programme-evidence/%Y/", blank=True)
    evidence_type = models.CharField(_("type of the evidence"), max_length=40, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)
    is_demo = models.BooleanField(_("demo value"), default=False)

    class Meta:
        ordering = ["indicator__code", "year"]
        verbose_name = _("programme indicator value")
        verbose_name_plural = _("programme indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="programme_indicator_value_once_a_year"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.value}"

    def clean(self):
        if self.indicator_id and not self.indicator.is_programme_level:
            raise ValidationError(
                {"indicator": _("Only indicators of the programme team's outcomes take a programme value.")}
            )


class NarrativeSection(models.TextChoices):
    SYNTHESIS = "synthesis", _("Synthesis")
    CONTEXT_RISKS = "context_risks", _("Context and risks")
    GENDER_ENVIRONMENT = "gender_environment", _("Gender and environment")
    LESSONS_LEARNED = "lessons_learned", _("Lessons learned")
    FOLLOW_UP = "follow_up", _("Follow-up")


class ProgrammeNarrative(models.Model):
    """One section of the programme team's own account of a year, for the annual report.

    Like a partner report, the original is kept in the language it was written in and the
    staff's translations stand beside it, one column per language.
    """

    programme = models.ForeignKey(
        "grants.Programme", on_delete=models.CASCADE, related_name="narratives", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    section = models.CharField(_("section"), max_length=20, choices=NarrativeSection.choices)
    language = models.CharField(_("language of the original"), max_length=2, choices=Language.choices)
    text = models.TextField(_("original text"), blank=True)
    translation_nl = models.TextField(_("Dutch translation"), blank=True)
    translation_fr = models.TextField(_("French translation"), blank=True)
    translation_es = models.TextField(_("Spanish translation"), blank=True)
    translation_en = models.TextField(_("English translation"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last written by"),
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    is_demo = models.BooleanField(_("demo text"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "-year", "section"]
        verbose_name = _("programme narrative")
        verbose_name_plural = _("programme narratives")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "section"], name="programme_narrative_once_per_section"
            ),
        ]

    def __str__(self):
        return f"{self.programme.code} {self.year} {self.section}"

    def translation_into(self, language):
        return getattr(self, f"translation_{language}", "")


class ReportLanguage(models.TextChoices):
    """The donor reads the annual report in one of the three national or partner languages."""

    NL = "nl", _("Dutch")
    FR = "fr", _("French")
    ES = "es", _("Spanish")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", _("Spreadsheet (XLSX)")
    HTML = "html", _("Web page (HTML)")


class GenerationStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


# The benchmark's whole-programme PDF takes seconds; ten minutes without progress is a dead worker.
STALLED_AFTER = timedelta(minutes=10)
NO_WORKER_AFTER = timedelta(minutes=2)


class AnnualReport(models.Model):
    """An annual DGD report file as generated, kept with who asked for it and when."""

    programme = models.ForeignKey(
        "grants.Programme", on_delete=models.CASCADE, related_name="annual_reports", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=2, choices=ReportLanguage.choices)
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=GenerationStatus.choices, default=GenerationStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=100, blank=True)
    file = models.FileField(_("file"), upload_to="annual-reports/%Y/", blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("generated by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last progress"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="annual_report_progress_max_100"),
        ]

    def __str__(self):
        return f"{self.programme.code} {self.year} {self.language} {self.format}"

    def get_absolute_url(self):
        return reverse("reporting:annual-report-detail", args=[self.pk])

    @property
    def is_stalled(self):
        """Running without progress for longer than any report takes: its worker stopped."""
        return self.status == GenerationStatus.RUNNING and timezone.now() - self.updated_at > STALLED_AFTER

    @property
    def is_waiting_long(self):
        """Queued for longer than a running worker would leave it: no worker runs."""
        return self.status == GenerationStatus.QUEUED and timezone.now() - self.requested_at > NO_WORKER_AFTER

    @property
    def is_finished(self):
        return self.status in (GenerationStatus.DONE, GenerationStatus.FAILED) or self.is_stalled

    @property
    def download_name(self):
        return f"{self.programme.code}-{self.year}-{self.language}.{self.format}"


class WorkerHeartbeat(models.Model):
    """The last sign of life of each background worker, for /healthz."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.worker_id} {self.seen_at:%Y-%m-%d %H:%M:%S}"
