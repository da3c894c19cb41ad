"""Writes of the reporting app that span several rows, each in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import IO, TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_number
from partnerships.models import Partnership
from reporting.evidence import EvidenceRefused, checked_evidence
from reporting.models import (
    SECTIONS,
    AnnualReport,
    EvidenceFile,
    Indicator,
    IndicatorTarget,
    IndicatorType,
    IndicatorValue,
    Outcome,
    PartnerReport,
    ReportEvent,
    ReportStatus,
    SectionComment,
)
from reporting.numbers import NumberRefused, refusal_message, typed_number
from reporting.tasks import generate_annual_report, send_report_notification

if TYPE_CHECKING:
    from django.core.files import File
    from django.core.files.uploadedfile import UploadedFile

    from grants.models import Programme
    from partnerships.models import User

# A checked indicator value as ReportValuesForm.entries gives it: (indicator, value, women, men, text, comment).
ValueRow = tuple[Indicator, Decimal | None, Decimal | None, Decimal | None, str, str]

TRANSLATED_OUTCOME = ("title_en", "title_nl", "title_fr", "title_es")
TRANSLATED_INDICATOR = (
    "name_en",
    "name_nl",
    "name_fr",
    "name_es",
    "unit_en",
    "unit_nl",
    "unit_fr",
    "unit_es",
)
INDICATOR_FIELDS = (
    "code",
    "type",
    "direction",
    "baseline_value",
    "baseline_year",
    "disaggregation",
    "aggregation",
)


class FrameworkRefused(Exception):
    """The framework or report cannot be changed this way; the message says why, translated."""


@transaction.atomic
def framework_copy(*, source: Partnership, target: Partnership) -> int:
    """Copy the outcomes, indicators and targets of one partnership to another that has none.

    The copy keeps codes, objectives and every translation, so a template partnership
    can seed a new one; baselines and targets are copied to be adjusted afterwards.
    """
    if source == target:
        raise FrameworkRefused(_("Choose another partnership to copy from."))
    if Outcome.objects.filter(partnership=target).exists():
        raise FrameworkRefused(
            _("%(partnership)s already has outcomes: copy only into a partnership without a framework.")
            % {"partnership": target.code}
        )
    copied = 0
    for outcome in Outcome.objects.filter(partnership=source).prefetch_related("indicators__targets"):
        new_outcome = Outcome.objects.create(
            partnership=target,
            objective_id=outcome.objective_id,
            code=outcome.code,
            sdg_targets=outcome.sdg_targets,
            **{name: getattr(outcome, name) for name in TRANSLATED_OUTCOME},
        )
        for indicator in outcome.indicators.all():
            new_indicator = Indicator.objects.create(
                outcome=new_outcome,
                is_demo=indicator.is_demo,
                **{name: getattr(indicator, name) for name in INDICATOR_FIELDS + TRANSLATED_INDICATOR},
            )
            IndicatorTarget.objects.bulk_create(
                IndicatorTarget(indicator=new_indicator, year=t.year, value=t.value) for t in indicator.targets.all()
            )
        copied += 1
    return copied


SECTION_NAMES = tuple(code for code, _label in SECTIONS)


def report_section_save(*, report: PartnerReport, section: str, text: str, translation: bool = False) -> PartnerReport:
    """Save one narrative section (or the staff translation of it) as it was typed.

    A draft is saved section by section while it is written, so nothing typed is lost
    on a broken connection. The original of a submitted report is never changed;
    its translation may be, by staff.
    """
    if section not in SECTION_NAMES:
        raise FrameworkRefused(_("Unknown section."))
    field = f"{section}_translation" if translation else section
    if not translation and not report.is_editable:
        raise FrameworkRefused(_("The report is submitted or approved: it can no longer be changed."))
    updated = PartnerReport.objects.filter(pk=report.pk).update(**{field: text, "updated_at": timezone.now()})
    if not updated:
        raise FrameworkRefused(_("The report no longer exists."))
    setattr(report, field, text)
    return report


@transaction.atomic
def report_transition(
    *, report: PartnerReport, user: User, status: str, comment: str = "", link: str = ""
) -> PartnerReport:
    """Move a report along draft > submitted > returned > submitted > approved, and tell people.

    Every step is kept with who, when and why; returning needs a comment.
    """
    report = PartnerReport.objects.select_for_update().get(pk=report.pk)
    if not report.can_move_to(status):
        raise FrameworkRefused(
            _("A report that is %(current)s cannot become %(wanted)s.")
            % {"current": report.get_status_display().lower(), "wanted": ReportStatus(status).label.lower()}
        )
    if status == ReportStatus.RETURNED and not comment.strip():
        raise FrameworkRefused(_("Say what the partner should complete when you return a report."))
    ReportEvent.objects.create(
        report=report, status_from=report.status, status_to=status, user=user, comment=comment.strip()
    )
    now = timezone.now()
    report.status = status
    if status == ReportStatus.SUBMITTED:
        report.submitted_at = now
    if status == ReportStatus.APPROVED:
        report.approved_at = now
    report.save(update_fields=["status", "submitted_at", "approved_at", "updated_at"])
    transaction.on_commit(lambda: notify(report, status, link))
    return report


def section_comment_add(*, report: PartnerReport, user: User, section: str, text: str) -> SectionComment:
    if section not in SECTION_NAMES or not text.strip():
        raise FrameworkRefused(_("Write a comment on one of the sections."))
    return SectionComment.objects.create(report=report, section=section, author=user, text=text.strip())


def _number(raw: str | Decimal | None, code: str) -> Decimal | None:
    try:
        return typed_number(raw)
    except NumberRefused as error:
        raise FrameworkRefused(refusal_message(error, code)) from None


def indicator_value_check(
    indicator: Indicator,
    *,
    value: str | Decimal | None,
    women: str | Decimal | None = None,
    men: str | Decimal | None = None,
    text: str = "",
) -> tuple[Decimal | None, Decimal | None, Decimal | None, str]:
    """Return the cleaned (value, women, men, text) of an indicator, or raise FrameworkRefused.

    Each type has its own range, and a split by sex must add up to the value.
    """
    value, women, men = (_number(raw, indicator.code) for raw in (value, women, men))
    kind = indicator.type
    if kind == IndicatorType.QUALITATIVE:
        if not text.strip():
            raise FrameworkRefused(_("%(code)s: describe what changed.") % {"code": indicator.code})
        return None, None, None, text.strip()
    if value is None and women is not None and men is not None:
        value = women + men if kind == IndicatorType.NUMBER else None
    if value is None:
        raise FrameworkRefused(_("%(code)s: a value is required.") % {"code": indicator.code})
    indicator_figure_check(code=indicator.code, kind=kind, value=value)
    if kind in (IndicatorType.NUMBER, IndicatorType.PERCENTAGE):
        for part in (women, men):
            if part is not None:
                indicator_figure_check(code=indicator.code, kind=kind, value=part)
    if (
        indicator.disaggregation
        and kind == IndicatorType.NUMBER
        and women is not None
        and men is not None
        and women + men != value
    ):
        raise FrameworkRefused(
            _("%(code)s: women (%(women)s) and men (%(men)s) do not add up to %(value)s.")
            % {
                "code": indicator.code,
                "women": format_number(women),
                "men": format_number(men),
                "value": format_number(value),
            }
        )
    return value, women, men, text.strip()


def indicator_figure_check(*, code: str, kind: str, value: Decimal) -> None:
    """Raise FrameworkRefused when a value, baseline or target lies outside its indicator type's range."""
    if kind == IndicatorType.PERCENTAGE and not 0 <= value <= 100:
        raise FrameworkRefused(_("%(code)s: a percentage lies between 0 and 100.") % {"code": code})
    if kind == IndicatorType.YES_NO and value not in (0, 1):
        raise FrameworkRefused(_("%(code)s: answer 1 for yes or 0 for no.") % {"code": code})
    if kind == IndicatorType.SCALE and (value != value.to_integral_value() or not 1 <= value <= 5):
        raise FrameworkRefused(_("%(code)s: give a whole number from 1 to 5.") % {"code": code})
    if kind == IndicatorType.NUMBER and value < 0:
        raise FrameworkRefused(_("%(code)s: a number of this kind cannot be negative.") % {"code": code})


@transaction.atomic
def report_values_save(*, report: PartnerReport, rows: Sequence[ValueRow]) -> int:
    """Save indicator values already checked (ReportValuesForm.entries), each row on its own.

    `rows` holds (indicator, value, women, men, text, comment); a row refused on the page
    is not among them, so one mistake does not keep the other values from being saved.
    """
    if not report.is_editable:
        raise FrameworkRefused(_("The report is submitted or approved: it can no longer be changed."))
    for indicator, value, women, men, text, comment in rows:
        IndicatorValue.objects.update_or_create(
            report=report,
            indicator=indicator,
            defaults={"value": value, "value_women": women, "value_men": men, "text": text, "comment": comment},
        )
    return len(rows)


def evidence_add(*, report: PartnerReport, user: User, upload: UploadedFile, caption: str = "") -> EvidenceFile:
    """Keep a checked evidence file with the report (outside the web root, see MEDIA_ROOT)."""
    if not report.is_editable:
        raise FrameworkRefused(_("The report is submitted or approved: it can no longer be changed."))
    try:
        content, content_type = checked_evidence(upload)
    except EvidenceRefused as error:
        raise FrameworkRefused(str(error)) from None
    already = _same_evidence(report, user, content)
    if already is not None:
        return already
    return EvidenceFile.objects.create(
        report=report,
        file=content,
        caption=caption.strip()[:200],
        content_type=content_type,
        size=content.size,
        uploaded_by=user,
    )


# A double click or a retried upload on a slow line sends the same file again within moments.
DUPLICATE_WINDOW = timedelta(minutes=10)


def _same_evidence(report: PartnerReport, user: User, content: File) -> EvidenceFile | None:
    """The file this person added to the report a moment ago with the same bytes, if any."""
    recent = EvidenceFile.objects.filter(
        report=report,
        uploaded_by=user,
        size=content.size,
        uploaded_at__gte=timezone.now() - DUPLICATE_WINDOW,
    )
    digest = _digest(content)
    for evidence in recent:
        with evidence.file.open("rb") as stored:
            if _digest(stored) == digest:
                return evidence
    return None


def _digest(stream: IO[bytes]) -> str:
    stream.seek(0)
    digest = hashlib.sha256(stream.read()).hexdigest()
    stream.seek(0)
    return digest


@transaction.atomic
def reporting_period_open(*, year: int, period: str, due_date: date) -> int:
    """Open a draft report for the period for every active partnership that has none yet.

    Each report is in the partnership's reporting language. Returns how many were opened.
    """
    existing = set(PartnerReport.objects.filter(year=year, period=period).values_list("partnership_id", flat=True))
    reports = [
        PartnerReport(
            partnership=partnership,
            year=year,
            period=period,
            due_date=due_date,
            language=partnership.reporting_language,
        )
        for partnership in Partnership.objects.active().exclude(pk__in=existing)
    ]
    PartnerReport.objects.bulk_create(reports)
    return len(reports)


def notify(report: PartnerReport, status: str, link: str) -> None:
    """Queue the e-mails of a report's step for the background worker.

    Called after the step's transaction commits: a mail server that is down or slow
    then neither undoes the step nor turns its page into an error.
    """
    send_report_notification.enqueue(report.pk, status, link)


@transaction.atomic
def annual_report_request(
    *, programme: Programme, year: int, language: str, file_format: str, user: User
) -> AnnualReport:
    """Record the request for an annual report and queue its generation once the request is saved."""
    report = AnnualReport.objects.create(
        programme=programme, year=year, language=language, format=file_format, requested_by=user
    )
    transaction.on_commit(lambda: generate_annual_report.enqueue(report.pk))
    return report
