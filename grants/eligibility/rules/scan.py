"""SCAN: each line has its invoice scan, and what is read on the scan is what the line declares."""

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import Rule, compact
from grants.eligibility.rules.beneficiary import as_words
from grants.eligibility.word_matching import normalize


def same_text(text):
    """Return `text` as SCAN compares it: without case, accents, spaces or punctuation."""
    return compact(normalize(text or ""))


def same_currency(read, declared):
    """Whether a total read in `read` (None: no currency printed) is in the line's `declared` currency."""
    return read is None or read.upper() == declared.upper()


def total_within(read, declared, tolerance_pct):
    """Whether the total read is within `tolerance_pct` of the declared amount.

    A credit note may print its total without the minus sign the statement gives it.
    """
    return abs(abs(read) - abs(declared)) <= abs(declared) * tolerance_pct / 100


def scan_identities(sha256s, supplier, invoice_number):
    """Return the keys under which two scans are one invoice: the same file, or the same
    supplier and invoice number read (both needed: a number alone is some other supplier's too)."""
    keys = [("file", sha256) for sha256 in sha256s if sha256]
    supplier, number = same_text(supplier), same_text(invoice_number)
    if supplier and number:
        keys.append(("number", supplier, number))
    return keys


class ScanRule(Rule):
    """Ask for the scan of a line, and compare what was read on it with what the line declares.

    Only for claims of the programme's `scans_required_from_year` or later; off without it.
    A scan still waiting to be read gives nothing: the audit runs again once it is read. A
    scan that is also paired with an earlier line of the claim or with a line of an earlier
    claim of the programme (same file, or same supplier and invoice number read) rejects the
    line, as DUPLICATE does; the first stays. Otherwise each value read that differs from the
    line gets its own warning, with the value read: the total (beyond the tolerance, in the
    line's currency, a credit note's size against the size read), the date, the number
    (without case, spaces or punctuation) and the addressee (as BENEFICIARY compares it).
    """

    code = "SCAN"
    NO_SCAN = gettext_noop("No invoice scan for this line.")
    UNREADABLE = gettext_noop("The scan could not be read: check it by eye.")
    SAME_FILE_IN_THIS_CLAIM = gettext_noop("The same scan is already attached to line %(other_line)s of this claim.")
    SAME_FILE_IN_EARLIER_CLAIM = gettext_noop(
        "The same scan is already attached to the claim %(other_claim)s, line %(other_line)s."
    )
    SAME_INVOICE_IN_THIS_CLAIM = gettext_noop(
        # Translators: %(number_read)s and %(supplier_read)s are read on the scan, as printed.
        "The scan shows invoice %(number_read)s of %(supplier_read)s, already scanned for line "
        "%(other_line)s of this claim."
    )
    SAME_INVOICE_IN_EARLIER_CLAIM = gettext_noop(
        # Translators: %(number_read)s and %(supplier_read)s are read on the scan, as printed.
        "The scan shows invoice %(number_read)s of %(supplier_read)s, already scanned for the claim "
        "%(other_claim)s, line %(other_line)s."
    )
    AMOUNT_NOT_FOUND = gettext_noop("No total amount was found on the scan: check it by eye.")
    AMOUNT_DIFFERS = gettext_noop(
        # Translators: "%%" is a percent sign; both amounts come with their currency.
        "The scan reads a total of %(money_read)s, more than %(tolerance_pct)s %% away from the "
        "%(money_declared)s declared."
    )
    CURRENCY_DIFFERS = gettext_noop(
        # Translators: both amounts come with their currency.
        "The scan reads a total in another currency, %(money_read)s, where the line declares %(money_declared)s."
    )
    DATE_NOT_FOUND = gettext_noop("No invoice date was found on the scan: check it by eye.")
    DATE_DIFFERS = gettext_noop("The scan is dated %(date_read)s; the line declares %(date_declared)s.")
    NUMBER_NOT_FOUND = gettext_noop("No invoice number was found on the scan: check it by eye.")
    NUMBER_DIFFERS = gettext_noop(
        "The scan reads the invoice number %(number_read)s; the line declares %(number_declared)s."
    )
    ADDRESSEE = gettext_noop(
        # Translators: %(addressee_read)s is the addressee as read on the scan.
        "The scan is addressed to %(addressee_read)s, not to a municipality or association of the partnership."
    )

    def judge(self, lines, claim, params):
        if params.scans_required_from_year is None or claim.year < params.scans_required_from_year:
            return
        names = [name for name in map(as_words, claim.beneficiary_names) if name.strip()]
        first_seen = {}  # identity -> (label of an earlier claim, or None for this one; line)
        for earlier in sorted(claim.earlier_scans, key=lambda item: (item.claim_label, item.line)):
            for key in scan_identities((earlier.sha256,), earlier.supplier, earlier.invoice_number):
                first_seen.setdefault(key, (earlier.claim_label, earlier.line))
        for line in lines:
            scan = line.invoice.scan
            if not scan.present:
                yield self.needs_info(line, self.NO_SCAN)
                continue
            keys = scan_identities(scan.sha256s, scan.supplier, scan.invoice_number)
            seen = next(((key, first_seen[key]) for key in keys if key in first_seen), None)
            for key in keys:
                first_seen.setdefault(key, (None, line.number))
            if seen is not None:
                yield self._duplicate(line, scan, *seen)
            elif scan.read:
                yield from self._differences(line, scan, names, params)
            elif scan.failed:
                yield self.warn(line, self.UNREADABLE)

    def _duplicate(self, line, scan, key, seen):
        other_claim, other_line = seen
        if key[0] == "file":
            if other_claim is None:
                return self.fail_whole(line, self.SAME_FILE_IN_THIS_CLAIM, other_line=other_line)
            return self.fail_whole(
                line, self.SAME_FILE_IN_EARLIER_CLAIM, other_claim=other_claim, other_line=other_line
            )
        read = {"number_read": scan.invoice_number, "supplier_read": scan.supplier}
        if other_claim is None:
            return self.fail_whole(line, self.SAME_INVOICE_IN_THIS_CLAIM, other_line=other_line, **read)
        return self.fail_whole(
            line, self.SAME_INVOICE_IN_EARLIER_CLAIM, other_claim=other_claim, other_line=other_line, **read
        )

    def _differences(self, line, scan, names, params):
        invoice = line.invoice
        if scan.amount is None and scan.invoice_date is None and scan.invoice_number is None:
            yield self.warn(line, self.UNREADABLE)
            return
        declared = (invoice.amount, invoice.currency)
        if scan.amount is None:
            yield self.warn(line, self.AMOUNT_NOT_FOUND)
        elif not same_currency(scan.currency or None, invoice.currency):
            yield self.warn(
                line, self.CURRENCY_DIFFERS, money_read=(scan.amount, scan.currency), money_declared=declared
            )
        elif not total_within(scan.amount, invoice.amount, params.scan_amount_tolerance_pct):
            yield self.warn(
                line,
                self.AMOUNT_DIFFERS,
                money_read=(scan.amount, scan.currency or invoice.currency),
                money_declared=declared,
                tolerance_pct=params.scan_amount_tolerance_pct,
            )
        if scan.invoice_date is None:
            yield self.warn(line, self.DATE_NOT_FOUND)
        elif scan.invoice_date != invoice.invoice_date:
            yield self.warn(line, self.DATE_DIFFERS, date_read=scan.invoice_date, date_declared=invoice.invoice_date)
        if scan.invoice_number is None:
            yield self.warn(line, self.NUMBER_NOT_FOUND)
        elif same_text(scan.invoice_number) != same_text(invoice.invoice_number):
            yield self.warn(
                line, self.NUMBER_DIFFERS, number_read=scan.invoice_number, number_declared=invoice.invoice_number
            )
        if scan.addressee and names:
            addressee = as_words(scan.addressee)
            if addressee.strip() and not any(name in addressee or addressee in name for name in names):
                yield self.warn(line, self.ADDRESSEE, addressee_read=scan.addressee)
