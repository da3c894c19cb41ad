"""The background generation of a requested annual report: its progress, then its file or error."""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone

from reporting.annual.build import build_annual_report
from reporting.models import AnnualReport, GenerationStatus

logger = logging.getLogger(__name__)


def annual_report_generate(report_id):
    """Generate a requested annual report, keeping its progress and, at the end, its file or error.

    The report is claimed by moving it from queued to running in one UPDATE, so that two
    workers never make the same file; a report left running by a worker that died is
    shown as failed once it has made no progress for a while (AnnualReport.is_stalled).
    """
    claimed = AnnualReport.objects.filter(pk=report_id, status=GenerationStatus.QUEUED).update(
        status=GenerationStatus.RUNNING, progress=1, updated_at=timezone.now()
    )
    report = AnnualReport.objects.select_related("programme").get(pk=report_id)
    if not claimed:
        return report

    def progress(percent, step):
        AnnualReport.objects.filter(pk=report.pk).update(progress=percent, step=step, updated_at=timezone.now())

    try:
        built = build_annual_report(report.programme, report.year, report.language, report.format, progress=progress)
        report.file.save(report.download_name, ContentFile(built.content), save=False)
    except Exception as error:
        logger.exception("Annual report %s failed", report.pk)
        AnnualReport.objects.filter(pk=report.pk).update(
            status=GenerationStatus.FAILED, error=f"{type(error).__name__}: {error}", finished_at=timezone.now()
        )
        report.refresh_from_db()
        return report
    AnnualReport.objects.filter(pk=report.pk).update(
        file=report.file.name,
        size=len(built.content),
        status=GenerationStatus.DONE,
        progress=100,
        step="",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    report.refresh_from_db()
    return report
