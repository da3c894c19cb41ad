"""Background work of the reporting app, run by `manage.py db_worker` (django-tasks)."""

from django_tasks import task

# The module, not the function: services enqueues this task, so each imports the other.
from reporting import services


@task()
def generate_annual_report(annual_report_id):
    services.annual_report_generate(annual_report_id)
