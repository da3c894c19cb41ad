"""The rules, one module per code (docs/eligibility.md, "Rules").

RULES judge the lines as declared; TRANCHE_COVER then needs what they reject, and BUDGET
what the verdicts accept, so the engine runs those two after them.
"""

from grants.eligibility.rules.activity import ActivityRule
from grants.eligibility.rules.amount import AmountRule
from grants.eligibility.rules.beneficiary import BeneficiaryRule
from grants.eligibility.rules.budget import BudgetRule
from grants.eligibility.rules.category import CategoryRule
from grants.eligibility.rules.currency import CurrencyRule
from grants.eligibility.rules.double_funding import DoubleFundingRule
from grants.eligibility.rules.duplicate import DuplicateRule
from grants.eligibility.rules.keywords import KeywordsRule
from grants.eligibility.rules.missing_data import MissingDataRule
from grants.eligibility.rules.payment_proof import PaymentProofRule
from grants.eligibility.rules.per_diem import PerDiemRule
from grants.eligibility.rules.period import PeriodRule
from grants.eligibility.rules.procurement import ProcurementRule
from grants.eligibility.rules.scan import ScanRule
from grants.eligibility.rules.tranche_cover import TrancheCoverRule
from grants.eligibility.rules.travel_class import TravelClassRule
from grants.eligibility.rules.vat import VatRule

RULES = (
    PeriodRule(),
    PaymentProofRule(),
    DuplicateRule(),
    ScanRule(),
    CurrencyRule(),
    VatRule(),
    DoubleFundingRule(),
    CategoryRule(),
    KeywordsRule(),
    PerDiemRule(),
    ProcurementRule(),
    TravelClassRule(),
    BeneficiaryRule(),
    AmountRule(),
    MissingDataRule(),
    ActivityRule(),
)
TRANCHE_COVER = TrancheCoverRule()
BUDGET = BudgetRule()
