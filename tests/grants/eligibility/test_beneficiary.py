import pytest

from grants.eligibility.findings import Outcome, Verdict


@pytest.mark.parametrize(
    "addressed_to",
    ["", "Pèrèrè", "Mairie de PERERE", "Commune de Pèrèrè (Bénin)", "Gemeente Anzegem"],
)
def test_invoice_addressed_to_the_partnership_or_to_no_one_passes(audit_line, finding_of, addressed_to):
    result = audit_line(addressed_to=addressed_to)

    assert finding_of(result, "BENEFICIARY") is None


@pytest.mark.parametrize("addressed_to", ["Hôtel du Lac", "Commune de Parakou", "Jean Dossou"])
def test_invoice_addressed_to_someone_else_warns(audit_line, finding_of, addressed_to):
    result = audit_line(addressed_to=addressed_to)

    finding = finding_of(result, "BENEFICIARY")
    assert finding.outcome == Outcome.WARN
    assert finding.params == {"addressed_to": addressed_to}
    assert result.verdict == Verdict.TO_REVIEW
