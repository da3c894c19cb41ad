import json

from django.core.management.base import BaseCommand, CommandError

from grants import selectors
from grants.models import ClaimStatus
from grants.services.audit import AuditRefused, claim_audit

FORMATS = ("text", "json")


class Command(BaseCommand):
    help = (
        "Run the eligibility rules over a claim (an id, PARTNERSHIP/YEAR such as BJ-ANZ-PER/2024, "
        "or LINE/YEAR such as G26-TEAM/2025 for the association's own claim) "
        "and print the result. Auditors' decisions are kept; a signed-off claim is reported as signed."
    )

    def add_arguments(self, parser):
        parser.add_argument("claim", help="claim id, PARTNERSHIP/YEAR or budget LINE/YEAR")
        parser.add_argument("--format", default="text", help="text (default) or json")

    def handle(self, *args, **options):
        if options["format"] not in FORMATS:
            raise CommandError(f"Unknown format {options['format']!r}: use one of {', '.join(FORMATS)}.")
        claim = selectors.claim_by_reference(options["claim"])
        if claim is None:
            raise CommandError(
                f"Unknown claim {options['claim']!r}: give its id, PARTNERSHIP/YEAR or LINE/YEAR, e.g. BJ-ANZ-PER/2024."
            )
        # A signed-off claim's audit is final: it is reported as it was signed, not re-run.
        if claim.status != ClaimStatus.CLOSED:
            try:
                claim_audit(claim)
            except AuditRefused as error:
                raise CommandError(str(error)) from None
            claim.refresh_from_db()
        result = selectors.claim_audit_result(claim)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, indent=2))
        else:
            self.stdout.write(as_text(claim, result))


def as_text(claim, result):
    totals = result["totals"]
    lines = [
        f"Claim {claim.pk} ({claim}), {len(result['invoices'])} lines",
        f"claimed {totals['claimed_eur']} EUR = accepted {totals['accepted_eur']} "
        f"+ rejected {totals['rejected_eur']} + pending {totals['pending_eur']}",
        f"exchange rate method {result['exchange_rate_method']}, "
        f"exchange difference {result['exchange_difference_eur']} EUR",
        "",
        f"{'line':>6}  {'verdict':<11} {'accepted EUR':>14}  rules",
    ]
    lines += [
        f"{row['line']:>6}  {row['verdict']:<11} {row['accepted_eur']:>14}  {' '.join(row['rule_codes'])}"
        for row in result["invoices"]
    ]
    return "\n".join(lines)
