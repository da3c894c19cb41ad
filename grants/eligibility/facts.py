"""Facts the rules judge: plain frozen dataclasses, built by the service layer from the database."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# Categories of an invoice line (grants.models.InvoiceCategory, docs/statement-files.md)
# and the cost category (grants.models.CostCategory) each draws on: investment, operating
# and personnel are headings of operational costs.
INVOICE_CATEGORIES = ("investment", "operating", "personnel", "management")
COST_CATEGORY_OF = {
    "investment": "operational",
    "operating": "operational",
    "personnel": "operational",
    "management": "management",
}


# Slots: a claim holds one of these per line, up to 100,000 (docs/benchmarks.md).
@dataclass(frozen=True, slots=True)
class ScanFacts:
    """What the invoice scans paired with a line say (grants.models.InvoiceAttachment, kind scan).

    `read`: at least one scan was read; `failed`: none was read and the reading of one
    failed; neither: the scans wait to be read. The values are what the reading found on
    the line's read scans, each from the first scan that shows it (a photo per page is one
    invoice), None when none does. `sha256s` are the files' hashes, for SCAN's duplicates.
    """

    present: bool
    read: bool = False
    failed: bool = False
    sha256s: tuple[str, ...] = ()
    amount: Decimal | None = None
    currency: str | None = None  # ISO 4217
    invoice_date: date | None = None
    invoice_number: str | None = None
    supplier: str | None = None
    addressee: str | None = None


NO_SCAN = ScanFacts(present=False)


# Slots: a claim holds one of these per line, up to 100,000 (docs/benchmarks.md).
@dataclass(frozen=True, slots=True)
class InvoiceFacts:
    """One line of an expense claim as the municipality declared it.

    Text fields are "" when the file left them empty; optional numbers and dates are None.
    `amount` is in `currency` and includes VAT; `vat` is the VAT part of it, in `currency`.
    """

    line: int
    invoice_date: date
    supplier: str
    invoice_number: str
    description: str
    category: str  # one of INVOICE_CATEGORIES, or "" when missing
    currency: str  # ISO 4217 code as imported (aliases such as FCFA already mapped)
    amount: Decimal
    paid_by: str  # "flemish" or "partner"
    payment_date: date | None = None
    vat: Decimal | None = None
    declared_amount_eur: Decimal | None = None
    has_payment_proof: bool = False
    quotes: int | None = None
    addressed_to: str = ""
    # The reference of the formal procurement procedure (tender file) a large purchase followed.
    procedure_reference: str = ""
    # Travel costs: the ISO 3166 country travelled to, the days of a daily allowance or the
    # nights of a lodging, and on how many of those days lunch and dinner were provided.
    destination: str = ""
    days: Decimal | None = None
    lunches_provided: int = 0
    dinners_provided: int = 0
    # The same expense declared as claimed from another subsidy too, with the EUR it paid.
    other_funding_source: str = ""
    other_funding_eur: Decimal | None = None
    # The code of the partnership's outcome the line serves, when the municipality gives one.
    activity: str = ""
    # Not a column of the line: the audit service fills it from the line's attachments.
    scan: ScanFacts = NO_SCAN


# Slots: a claim holds one of these per line, up to 100,000 (docs/benchmarks.md).
@dataclass(frozen=True, slots=True)
class EarlierInvoice:
    """An invoice already claimed in another (earlier) claim of the same programme."""

    claim_label: str  # e.g. "BJ-ANZ-PER/2023"
    line: int
    supplier: str
    invoice_number: str
    invoice_date: date
    amount: Decimal
    currency: str


# Slots: a programme may hold one of these per line of its earlier claims.
@dataclass(frozen=True, slots=True)
class EarlierScan:
    """A scan paired with a line of an earlier claim of the same programme, for SCAN's duplicates.

    Supplier and invoice number are what was read on it, "" when nothing was.
    """

    claim_label: str  # e.g. "BJ-ANZ-PER/2023"
    line: int
    sha256: str
    supplier: str = ""
    invoice_number: str = ""


@dataclass(frozen=True)
class TrancheTransfer:
    """A tranche the partner received: when, in which currency, at which actual rate."""

    received_on: date
    currency: str
    units_per_eur: Decimal
    amount_eur: Decimal


@dataclass(frozen=True)
class ClaimFacts:
    """What the rules need to know about the claim and its partnership."""

    label: str  # e.g. "BJ-ANZ-PER/2024"
    year: int
    country: str  # ISO 3166 code of the partner country
    beneficiary_names: tuple[str, ...]  # municipality / association names of both sides
    flemish_recovers_vat: bool = False
    partner_recovers_vat: bool = False
    # EUR allocated for the claim year per cost category ("operational", "management").
    allocations_eur: dict = field(default_factory=dict)
    # EUR the partner received in tranches for the claim year (status received).
    received_by_partner_eur: Decimal = Decimal("0")
    earlier_invoices: tuple[EarlierInvoice, ...] = ()
    # The association's own claim draws on one budget line: every line of it, whatever its
    # category, counts against this amount for the claim year. None: a partnership's
    # claim, judged against its allocations per category.
    budget_line_eur: Decimal | None = None
    # No tranches pay the association's own expenses: TRANCHE_COVER has nothing to compare.
    has_tranches: bool = True
    # Tranches received by the partner for the claim year, by date received.
    transfers: tuple[TrancheTransfer, ...] = ()
    # Codes of the partnership's outcomes, which a line may name as its activity.
    activity_codes: tuple[str, ...] = ()
    # Scans paired with lines of the programme's earlier claims (those of earlier_invoices).
    earlier_scans: tuple[EarlierScan, ...] = ()

    def budget_for(self, cost_category):
        """EUR that lines of a cost category ("operational", "management") may draw on."""
        if self.budget_line_eur is not None:
            return Decimal(self.budget_line_eur)
        return Decimal(self.allocations_eur.get(cost_category) or 0)


@dataclass(frozen=True)
class RatePeriod:
    valid_from: date
    valid_to: date | None  # None: still valid
    units_per_eur: Decimal


@dataclass(frozen=True)
class RateTable:
    """Exchange rates: fixed parities, then periods per currency (e.g. monthly reference rates)."""

    fixed: dict = field(default_factory=lambda: {"EUR": Decimal("1"), "XOF": Decimal("655.957")})
    periods: dict = field(default_factory=dict)  # currency -> tuple[RatePeriod, ...] sorted by valid_from


@dataclass(frozen=True)
class Parameters:
    """Programme parameters of the rules (grants.models.Programme holds them)."""

    programme_start: date
    programme_end: date
    payment_deadline_month: int = 3  # of the year after the claim year
    payment_deadline_day: int = 31
    currency_tolerance_pct: Decimal = Decimal("1.00")
    # "monthly_reference", "tranche_transfer" or "weighted_average" (grants.models.ExchangeRateMethod).
    exchange_rate_method: str = "monthly_reference"
    ineligible_keywords: dict = field(default_factory=dict)  # kind -> tuple of keywords (any language)
    per_diem_keywords: tuple[str, ...] = ()
    # The federal scale per destination country (ISO 3166): daily allowance and maximum
    # lodging a night, in EUR; the allowance is cut by these shares for meals provided.
    per_diem_scale_eur: dict = field(default_factory=dict)
    lodging_scale_eur: dict = field(default_factory=dict)
    lunch_cut_pct: Decimal = Decimal("35")
    dinner_cut_pct: Decimal = Decimal("45")
    # "invoice_date": a line belongs to the year of its invoice date; "invoice_or_payment":
    # an invoice of an earlier year of the programme paid in the claim year belongs to it too.
    claim_year_basis: str = "invoice_or_payment"
    # Procurement, for purchases paid by the Flemish municipality (the Flemish code) and,
    # per partner country, for purchases the partner paid: country -> (quotes, formal) EUR.
    quotes_threshold_eur: Decimal = Decimal("3000.00")
    quotes_required: int = 3
    formal_procedure_threshold_eur: Decimal = Decimal("30000.00")
    partner_procurement_thresholds_eur: dict = field(default_factory=dict)
    # What fewer quotes than asked mean below the formal threshold: "needs_info", "warn" or "fail".
    quotes_shortfall_outcome: str = "needs_info"
    # Invoices of one supplier within this many days are looked at as one purchase.
    split_purchase_days: int = 30
    budget_flexibility_pct: Decimal = Decimal("10.00")
    outlier_factor: Decimal = Decimal("10")
    outlier_floor_eur: Decimal = Decimal("5000.00")
    flemish_staff_cost_eligible: bool = False
    # Claims of this year or later need an invoice scan per line (SCAN); None: SCAN is off.
    scans_required_from_year: int | None = None
    # How far the total read on a scan may be from the line's amount, in % of that amount.
    scan_amount_tolerance_pct: Decimal = Decimal("1.00")
