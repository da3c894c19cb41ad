"""DUPLICATE: an invoice is claimed once in the whole programme."""

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import Rule, compact


def identities(item):
    """Return the keys under which an invoice counts as the same expense.

    Same supplier and invoice number, or same supplier, date, amount and currency; supplier
    and number compared without case, spaces or punctuation. Without a supplier (or a
    number) there is nothing to compare: MISSING_DATA asks for it.
    """
    supplier = compact(item.supplier)
    if not supplier:
        return ()
    number = compact(item.invoice_number)
    by_date = ("date", supplier, item.invoice_date, item.amount, item.currency.upper())
    return (("number", supplier, number), by_date) if number else (by_date,)


class DuplicateRule(Rule):
    """Reject a whole line already claimed earlier in this claim or in an earlier claim.

    The first occurrence stays; only the later one fails. Keys go into a dict, so a claim
    of any size is checked in one pass.
    """

    code = "DUPLICATE"
    IN_THIS_CLAIM = gettext_noop("This invoice is already claimed on line %(other_line)s of this claim.")
    IN_EARLIER_CLAIM = gettext_noop(
        "This invoice is already claimed in the claim %(other_claim)s, line %(other_line)s."
    )

    def judge(self, lines, claim, params):
        first_seen = {}  # identity -> (label of an earlier claim, or None for this one; line)
        for earlier in sorted(claim.earlier_invoices, key=lambda item: (item.claim_label, item.line)):
            for key in identities(earlier):
                first_seen.setdefault(key, (earlier.claim_label, earlier.line))
        for line in lines:
            keys = identities(line.invoice)
            seen = next((first_seen[key] for key in keys if key in first_seen), None)
            for key in keys:
                first_seen.setdefault(key, (None, line.number))
            if seen is None:
                continue
            other_claim, other_line = seen
            if other_claim is None:
                yield self.fail_whole(line, self.IN_THIS_CLAIM, other_line=other_line)
            else:
                yield self.fail_whole(line, self.IN_EARLIER_CLAIM, other_claim=other_claim, other_line=other_line)
