from django.core.management.base import BaseCommand

from partnerships.demo import DEMO_PASSWORD, PARTNERSHIPS, USERS
from reporting.demo import load_everything


class Command(BaseCommand):
    help = (
        "Load the demo: reference data, programmes, partnerships, exchange rates, "
        "allocations, tranches, the results framework, expense claims 2022-2025 and the "
        "demo users (password 'demo'). Running it again changes nothing."
    )

    def handle(self, *args, **options):
        claims = load_everything()
        self.stdout.write(
            f"Demo loaded: {len(PARTNERSHIPS)} partnerships, {len(USERS)} demo users "
            f"(password '{DEMO_PASSWORD}'), {claims} new expense claims."
        )
