import random

import pytest
from django.utils import translation

from demo.documents import scan_pdf
from demo.statements import DEMO_PARTNERSHIPS, generate_rows, write_statement
from grants.finding_texts import finding_text
from grants.models import AttachmentKind, ClaimStatus, ExpenseClaim, InvoiceAttachment
from tests.e2e.conftest import in_language, screenshot

pytestmark = pytest.mark.e2e


def claim_of(code, year):
    return ExpenseClaim.objects.get(partnership__code=code, year=year)


def test_auditor_audits_a_claim_end_to_end_and_signs_it_off(open_as, live_server):
    claim = claim_of("BJ-ANZ-PER", 2025)
    page = open_as("auditor")
    page.goto(f"{live_server.url}/claims/?partnership=BJ-ANZ-PER")
    # Each click leaves the page; the next step waits for the page it leads to.
    with page.expect_navigation():
        page.get_by_role("link", name="BJ-ANZ-PER/2025").click()
    with page.expect_navigation():
        page.get_by_role("button", name=in_language("Run the checks", "nl")).click()
    with page.expect_navigation():
        page.get_by_role("button", name=in_language("Accept all clean lines", "nl")).click()
    screenshot(page, "auditor-claim")

    decided = 0
    while True:
        page.goto(f"{live_server.url}/claims/{claim.pk}/?verdict=to_review")
        links = page.locator("table.invoices tbody td:first-child a")
        if links.count() == 0:
            page.goto(f"{live_server.url}/claims/{claim.pk}/?verdict=needs_info")
            links = page.locator("table.invoices tbody td:first-child a")
            if links.count() == 0:
                break
        links.first.click()
        page.wait_for_load_state("load")
        page.keyboard.press("r")  # the R key chooses "reject" and puts the cursor in the comment
        assert page.locator("textarea[name=comment]").evaluate("node => node === document.activeElement")
        page.keyboard.type("Niet gestaafd na controle.")
        page.locator("input[name=reason_codes][value=NOT_PRUDENT]").check()
        if decided == 0:
            screenshot(page, "auditor-invoice")
        page.get_by_role("button", name=in_language("Save and go to the next line", "nl")).click()
        decided += 1
        assert decided < 60

    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    # Signing off is final: the claim page leads to a confirmation page that signs off.
    page.get_by_role("link", name=in_language("Sign off the claim…", "nl")).click()
    page.wait_for_url(f"**/claims/{claim.pk}/sign-off/")
    with page.expect_navigation():
        page.get_by_role("button", name=in_language("Sign off the claim", "nl"), exact=True).click()
    screenshot(page, "auditor-signed-off")

    claim.refresh_from_db()
    assert decided > 0
    assert claim.status == ClaimStatus.CLOSED
    assert claim.pending_eur == 0
    assert claim.claimed_eur == claim.accepted_eur + claim.rejected_eur
    assert page.get_by_text(
        in_language("This claim is signed off: it is read-only and its totals are final.", "nl")
    ).is_visible()
    assert page.get_by_role("button", name=in_language("Run the checks", "nl")).count() == 0


def test_auditor_moves_between_invoices_with_the_keyboard(open_as, live_server):
    claim = claim_of("BJ-ANZ-PER", 2024)
    page = open_as("auditor")
    page.goto(f"{live_server.url}/claims/{claim.pk}/lines/5/")

    page.wait_for_load_state("load")
    page.keyboard.press("j")
    page.wait_for_url(f"**/claims/{claim.pk}/lines/6/")
    page.wait_for_load_state("load")
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"**/claims/{claim.pk}/lines/5/")


def test_partner_reads_its_verdicts_in_french_and_answers_a_request(open_as, live_server, tmp_path):
    claim = claim_of("BJ-ANZ-PER", 2025)
    page = open_as("perere")
    # Her home is her work queue; the claims are on her partnership's page.
    page.goto(f"{live_server.url}/partnerships/BJ-ANZ-PER/")
    page.get_by_role("link", name="2025", exact=True).click()

    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_text(in_language("Accepted", "fr")).first.is_visible()
    request = claim.invoices.filter(verdict="needs_info").order_by("line").first()
    finding = request.findings.order_by("rule_code").first()
    with translation.override("fr"):
        expected = finding_text(finding.message, finding.message_params)
    page.goto(f"{live_server.url}/claims/{claim.pk}/?verdict=needs_info")
    page.locator("table.invoices tbody td:first-child a").first.click()

    assert expected != finding.message % {k: v for k, v in finding.message_params.items()}
    assert expected in page.locator(".finding").first.inner_text()
    screenshot(page, "perere-request")

    document = tmp_path / "preuve.pdf"
    document.write_bytes(scan_pdf("Preuve de paiement", ["Virement du 12/03/2025"]))
    page.fill("textarea[name=comment]", "Voici la preuve de paiement signée par le receveur municipal.")
    page.set_input_files("input[name=document]", str(document))
    page.get_by_role("button", name=in_language("Send the answer", "fr")).click()

    assert page.get_by_text(in_language("Your answer was sent to the auditor.", "fr")).is_visible()
    answer = InvoiceAttachment.objects.get(invoice__claim=claim, kind=AttachmentKind.ANSWER)
    assert answer.uploaded_by.username == "perere"
    assert answer.file.read().startswith(b"%PDF-")
    assert page.locator("form.decision").count() == 0


def test_partner_from_ecuador_sees_its_claims_in_spanish_and_nothing_of_benin(open_as, live_server):
    benin = claim_of("BJ-ANZ-PER", 2024)
    page = open_as("sanfelipe")
    page.goto(f"{live_server.url}/claims/")

    assert page.locator("html").get_attribute("lang") == "es"
    rows = page.locator("main table tbody tr")
    assert rows.count() == 4
    assert all("EC-BIE-SFO" in text for text in rows.all_inner_texts())
    page.get_by_role("link", name="EC-BIE-SFO/2024").click()
    assert page.locator("table.invoices .badge", has_text=in_language("Eligible", "es")).first.is_visible()
    screenshot(page, "sanfelipe-claim")
    assert page.goto(f"{live_server.url}/claims/{benin.pk}/").status == 404
    assert page.goto(f"{live_server.url}/claims/{benin.pk}/audit.xlsx").status == 404


def test_flemish_officer_imports_a_statement_after_seeing_its_errors(open_as, live_server, tmp_path):
    demo = next(p for p in DEMO_PARTNERSHIPS if p.code == "BJ-ANZ-PER")
    rows = generate_rows(partnership=demo, year=2026, count=40, rng=random.Random(7), traps=False)
    good = tmp_path / "etat-2026.csv"
    write_statement(rows, good, language="fr", fmt="csv")
    broken = tmp_path / "etat-2026-erreurs.csv"
    lines = good.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(";partenaire;", ";martien;")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = open_as("anzegem")

    page.get_by_role("link", name=in_language("Import a statement", "nl")).click()
    page.select_option("select[name=partnership]", "BJ-ANZ-PER")
    page.fill("input[name=year]", "2026")
    page.set_input_files("input[name=file]", str(broken))
    page.get_by_role("button", name=in_language("Check the file", "nl")).click()
    assert page.get_by_text("martien").first.is_visible()
    screenshot(page, "anzegem-errors")
    assert not ExpenseClaim.objects.filter(partnership__code="BJ-ANZ-PER", year=2026).exists()

    page.goto(f"{live_server.url}/claims/upload/")
    page.select_option("select[name=partnership]", "BJ-ANZ-PER")
    page.fill("input[name=year]", "2026")
    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name=in_language("Check the file", "nl")).click()
    page.locator("main form button[type=submit]").click()

    claim = claim_of("BJ-ANZ-PER", 2026)
    assert claim.invoices.count() == 40
    assert page.url.endswith(f"/claims/{claim.pk}/")
    assert claim.status == ClaimStatus.DRAFT
    assert not claim.invoices.exclude(verdict="").exists()
