"""Who may replace or delete the lines of a draft claim: who may import its statements."""

from grants import selectors
from grants.models import ClaimStatus


def may_change_draft_lines(user, claim):
    """Whether the user may replace or delete the claim's lines: a draft, and its importer."""
    if claim.status != ClaimStatus.DRAFT:
        return False
    if claim.partnership_id is not None:
        return selectors.can_import_claim(user, claim.partnership)[0]
    return selectors.association_lines_importable_by(user).filter(pk=claim.budget_line_id).exists()
