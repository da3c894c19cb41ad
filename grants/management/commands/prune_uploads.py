import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants.pending_uploads import upload_folder

HOUR = 3600


class Command(BaseCommand):
    help = (
        "Delete uploaded statements that were never confirmed, once they are older than --hours "
        "(24 by default; run it daily, e.g. from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24, help="age in hours after which an upload is deleted")

    def handle(self, *args, **options):
        if options["hours"] < 1:
            raise CommandError(_("--hours must be at least 1."))
        oldest_kept = time.time() - options["hours"] * HOUR
        deleted = 0
        for path in upload_folder().glob("*.upload"):
            if path.stat().st_mtime < oldest_kept:
                path.unlink(missing_ok=True)
                deleted += 1
        self.stdout.write(
            ngettext(
                "%(count)d unconfirmed statement older than %(hours)d hours deleted.",
                "%(count)d unconfirmed statements older than %(hours)d hours deleted.",
                deleted,
            )
            % {"count": deleted, "hours": options["hours"]}
        )
