"""The claim's life as its transition table allows it (grants.models.CLAIM_TRANSITIONS)."""

import pytest

from grants.models import CLAIM_TRANSITIONS, ClaimStatus, ExpenseClaim


def moves_from(status):
    return {target for target in ClaimStatus.values if ExpenseClaim(status=status).can_move_to(target)}


def test_a_draft_can_only_be_submitted():
    assert moves_from(ClaimStatus.DRAFT) == {ClaimStatus.SUBMITTED}


def test_a_signed_off_claim_moves_nowhere():
    assert moves_from(ClaimStatus.CLOSED) == set()


def test_only_an_audited_claim_can_be_signed_off():
    assert [status for status in ClaimStatus.values if ExpenseClaim(status=status).can_move_to(ClaimStatus.CLOSED)] == [
        ClaimStatus.AUDITED
    ]


@pytest.mark.parametrize("status", [ClaimStatus.SUBMITTED, ClaimStatus.IN_AUDIT, ClaimStatus.AUDITED])
def test_checks_and_decisions_move_a_submitted_claim_between_in_audit_and_audited(status):
    assert moves_from(status) >= {ClaimStatus.IN_AUDIT, ClaimStatus.AUDITED}


def test_every_status_but_draft_is_reached_from_another_and_only_known_statuses_are_named():
    assert set(CLAIM_TRANSITIONS) == set(ClaimStatus.values) - {ClaimStatus.DRAFT}
    assert {source for sources in CLAIM_TRANSITIONS.values() for source in sources} <= set(ClaimStatus.values)
