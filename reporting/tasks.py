"""Background work of the reporting app, run by `manage.py db_worker` (django-tasks)."""

from django_tasks import task

from project.mail import send_or_retry
from reporting import notifications
from reporting.annual.generation import annual_report_generate
from reporting.models import PartnerReport


@task()
def generate_annual_report(annual_report_id):
    annual_report_generate(annual_report_id)


@task()
def send_report_notification(report_id, status, link, attempt=0):
    report = PartnerReport.objects.select_related("partnership").filter(pk=report_id).first()
    if report is None:
        return
    send_or_retry(
        lambda: notifications.send_notification(report, status, link),
        send_report_notification,
        (report_id, status, link),
        attempt,
        f"E-mail about report {report_id} ({status})",
    )
