"""Writes of the reporting app that span several rows, each in one transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.models import (
    SECTIONS,
    Indicator,
    IndicatorTarget,
    Outcome,
    PartnerReport,
    ReportEvent,
    ReportStatus,
    SectionComment,
)
from reporting.notifications import notify

TRANSLATED_OUTCOME = ("title_en", "title_nl", "title_fr", "title_es")
TRANSLATED_INDICATOR = (
    "name_en", "name_nl", "name_fr", "name_es", "unit_en", "unit_nl", "unit_fr", "unit_es",
)
INDICATOR_FIELDS = ("code", "type", "direction", "baseline_value", "baseline_year", "disaggregation")


class FrameworkRefused(Exception):
    """The framework or report cannot be changed this way; the message says why, translated."""


@transaction.atomic
def framework_copy(*, source, target):
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
                IndicatorTarget(indicator=new_indicator, year=t.year, value=t.value)
                for t in indicator.targets.all()
            )
        copied += 1
    return copied


SECTION_NAMES = tuple(code for code, _label in SECTIONS)
TRANSITIONS = {
    ReportStatus.SUBMITTED: (ReportStatus.DRAFT, ReportStatus.RETURNED),
    ReportStatus.RETURNED: (ReportStatus.SUBMITTED,),
    ReportStatus.APPROVED: (ReportStatus.SUBMITTED,),
}


def report_section_save(*, report, section, text, translation=False):
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
def report_transition(*, report, user, status, comment="", link=""):
    """Move a report along draft > submitted > returned > submitted > approved, and tell people.

    Every step is kept with who, when and why; returning needs a comment.
    """
    report = PartnerReport.objects.select_for_update().get(pk=report.pk)
    if report.status not in TRANSITIONS[status]:
        raise FrameworkRefused(
            _("A report that is %(current)s cannot become %(wanted)s.")
            % {"current": report.get_status_display().lower(), "wanted": ReportStatus(status).label.lower()}
        )
    if status == ReportStatus.RETURNED and not comment.strip():
        raise FrameworkRefused(_("Say what the partner should complete when you return a report."))
    ReportEvent.objects.create(report=report, status_from=report.status, status_to=status, user=user, comment=comment.strip())
    now = timezone.now()
    report.status = status
    if status == ReportStatus.SUBMITTED:
        report.submitted_at = now
    if status == ReportStatus.APPROVED:
        report.approved_at = now
    report.save(update_fields=["status", "submitted_at", "approved_at", "updated_at"])
    transaction.on_commit(lambda: notify(report, status, link))
    return report


def section_comment_add(*, report, user, section, text):
    if section not in SECTION_NAMES or not text.strip():
        raise FrameworkRefused(_("Write a comment on one of the sections."))
    return SectionComment.objects.create(report=report, section=section, author=user, text=text.strip())
