from django.core.management.base import BaseCommand
from django.db import transaction

from grants import demo as grants_demo
from grants import demo_claims
from partnerships import demo as partnerships_demo
from reporting import demo as reporting_demo


class Command(BaseCommand):
    help = (
        "Load the demo: reference data, programmes, partnerships, exchange rates, "
        "allocations, tranches, the results framework and the demo users (password 'demo'). "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            partnerships_demo.load_reference_data()
            partnerships_demo.load_users()
            grants_demo.load_exchange_rates()
            programme = grants_demo.load_programmes()
            grants_demo.load_allocations_and_tranches(programme)
            reporting_demo.load_objectives()
            claims = demo_claims.load_claims()
        self.stdout.write(
            f"Demo loaded: {len(partnerships_demo.PARTNERSHIPS)} partnerships, "
            f"{len(partnerships_demo.USERS)} demo users (password '{partnerships_demo.DEMO_PASSWORD}'), "
            f"{claims} new expense claims."
        )
