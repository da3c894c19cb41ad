"""The report's life as its transition table allows it (reporting.models.REPORT_TRANSITIONS)."""

from reporting.models import REPORT_TRANSITIONS, PartnerReport, ReportStatus


def moves_from(status):
    return {target for target in ReportStatus.values if PartnerReport(status=status).can_move_to(target)}


def test_a_partner_submits_a_draft_or_a_returned_report():
    assert moves_from(ReportStatus.DRAFT) == {ReportStatus.SUBMITTED}
    assert moves_from(ReportStatus.RETURNED) == {ReportStatus.SUBMITTED}


def test_the_programme_team_returns_or_approves_a_submitted_report():
    assert moves_from(ReportStatus.SUBMITTED) == {ReportStatus.RETURNED, ReportStatus.APPROVED}


def test_an_approved_report_moves_nowhere():
    assert moves_from(ReportStatus.APPROVED) == set()


def test_only_known_statuses_are_named():
    assert set(REPORT_TRANSITIONS) | {s for sources in REPORT_TRANSITIONS.values() for s in sources} <= set(
        ReportStatus.values
    )
