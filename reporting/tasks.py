"""Background work of the reporting app, run by `manage.py db_worker` (django-tasks)."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from reporting.models import PartnerReport

logger = logging.getLogger(__name__)


@task()
def generate_annual_report(annual_report_id):
    # Imported here: services and notifications enqueue these tasks, so each imports this
    # module, whichever of them is imported first.
    from reporting import services

    services.annual_report_generate(annual_report_id)


# A mail server down for a while: try again after 1, 5 and 30 minutes, then give up.
MAIL_RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))


@task()
def send_report_notification(report_id, status, link, attempt=0):
    report = PartnerReport.objects.select_related("partnership").filter(pk=report_id).first()
    if report is None:
        return
    from reporting import notifications

    try:
        notifications.send_notification(report, status, link)
    except Exception:
        if attempt >= len(MAIL_RETRY_DELAYS):
            logger.exception("E-mail about report %s (%s) not sent after %s tries; giving up", report_id, status, attempt + 1)
            return
        logger.exception("E-mail about report %s (%s) not sent; trying again later", report_id, status)
        send_report_notification.using(run_after=timezone.now() + MAIL_RETRY_DELAYS[attempt]).enqueue(
            report_id, status, link, attempt + 1
        )
