from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from partnerships import access_log


class Command(BaseCommand):
    help = "Delete the access log's lines older than ACCESS_LOG_KEEP_DAYS (run it daily, e.g. from cron)."

    def handle(self, *args, **options):
        deleted = access_log.prune()
        self.stdout.write(
            ngettext(
                "%(count)d access log line older than %(days)d days deleted.",
                "%(count)d access log lines older than %(days)d days deleted.",
                deleted,
            )
            % {"count": deleted, "days": settings.ACCESS_LOG_KEEP_DAYS}
        )
