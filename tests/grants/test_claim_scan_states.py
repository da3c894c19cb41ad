"""The claim page says in one word what each line's scan says."""

from types import SimpleNamespace

import pytest

from grants.claim_views import scan_state
from grants.models import AttachmentKind, ReadingStatus, ReasonCode


class Attachments(list):
    def all(self):
        return self


def line(*attachments, verdict="eligible", findings=()):
    return SimpleNamespace(
        attachments=Attachments(SimpleNamespace(kind=kind, reading_status=status) for kind, status in attachments),
        verdict=verdict,
        finding_texts=[(SimpleNamespace(rule_code=code), "") for code in findings],
    )


SCAN_READ = (AttachmentKind.SCAN, ReadingStatus.READ)


def test_a_line_without_a_scan_says_nothing_of_one():
    assert scan_state(line((AttachmentKind.PAYMENT_PROOF, "")), judged=True) is None


def test_a_read_scan_the_rule_found_nothing_against_agrees():
    assert scan_state(line(SCAN_READ, findings=["VAT"]), judged=True) == "agrees"


def test_a_scan_finding_makes_the_scan_differ():
    assert scan_state(line(SCAN_READ, findings=[ReasonCode.SCAN]), judged=True) == "differs"


@pytest.mark.parametrize("judged, verdict", [(False, "eligible"), (True, "")])
def test_a_scan_the_rule_did_not_judge_is_only_read(judged, verdict):
    assert scan_state(line(SCAN_READ, verdict=verdict), judged=judged) == "read"


def test_one_scan_still_waiting_makes_the_line_wait():
    assert scan_state(line(SCAN_READ, (AttachmentKind.SCAN, ReadingStatus.WAITING)), judged=True) == "waiting"


def test_a_line_whose_only_scan_failed_says_so():
    assert scan_state(line((AttachmentKind.SCAN, ReadingStatus.FAILED)), judged=True) == "failed"


def test_a_scan_read_since_its_line_was_checked_is_only_read_while_the_claim_still_reads_scans():
    assert scan_state(line(SCAN_READ), judged=True, claim_reading=True) == "read"


def test_a_scan_being_read_makes_the_line_wait():
    assert scan_state(line((AttachmentKind.SCAN, ReadingStatus.READING)), judged=True) == "waiting"
