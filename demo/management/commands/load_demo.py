from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loading import load_everything
from demo.organisations import DEMO_PASSWORD, PARTNERSHIPS, USERS


class Command(BaseCommand):
    help = (
        "Load the demo: reference data, programmes, partnerships, exchange rates, "
        "allocations, tranches, the results framework, expense claims 2022-2025 and the "
        "demo users (password 'demo'). Running it again changes nothing. With DEBUG off it "
        "refuses unless given --allow-production-demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production-demo",
            action="store_true",
            help="Load the demo although DEBUG is off (a demonstration server, never real data).",
        )

    def handle(self, *args, allow_production_demo=False, **options):
        # Demo users with the password 'demo' in a real database would be open doors.
        if not settings.DEBUG and not allow_production_demo:
            raise CommandError(
                "DEBUG is off: load_demo would add users with the password 'demo'. "
                "Add --allow-production-demo if this really is a demonstration server."
            )
        claims = load_everything()
        self.stdout.write(
            f"Demo loaded: {len(PARTNERSHIPS)} partnerships, {len(USERS)} demo users "
            f"(password '{DEMO_PASSWORD}'), {claims} new expense claims."
        )
