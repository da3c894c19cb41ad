"""Faults (issue 7, item 7): a dropped connection, two auditors at once, a dead worker or a
double click loses nothing and leaves nothing half-written.

Built on the demo: BJ-ANZ-PER/2025 is in audit with undecided lines, BJ-ANZ-PER has an
allocation for 2026 but no claim yet, NI-MOL-STO/2025 is a draft, and the draft partner report
of BJ-ANZ-PER is 2026 h1. A dropped connection is an OperationalError raised by a
connection.execute_wrapper on the statement where it should hit, after the statements before
it really ran; the all-or-nothing comes from the services' own transactions (savepoints inside
the test's transaction, which behave alike).
"""

import random
import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.utils import OperationalError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from demo.documents import scan_pdf
from demo.statements import DEMO_PARTNERSHIPS, generate_statement, write_statement
from grants.models import AuditDecision, ClaimStatus, ExpenseClaim, Invoice, Programme, Verdict
from grants.services.decisions import DecisionConflict, claim_sign_off, invoice_decide
from grants.services.imports import claim_import, statement_parse
from partnerships.models import Partnership, User
from reporting.annual.generation import annual_report_generate
from reporting.models import AnnualReport, EvidenceFile, GenerationStatus, PartnerReport
from tests.browsers import messages_of, signed_in_client
from tests.claims import claim_of, settle_pending, undecided_line

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

GLOBE = "GLOBE-2022-2026"
NEW_YEAR = 2026
STATEMENT_LINES = 12


@pytest.fixture(autouse=True)
def thread_language():
    """A request leaves the reader's language active in the thread: give the previous one back."""
    with translation.override("en"):
        yield


def statement_on(verb, table):
    """Match the SQL of an INSERT into or an UPDATE of `table`."""
    prefix = {"INSERT": r"INSERT\s+INTO", "UPDATE": r"UPDATE"}[verb]
    return re.compile(r'^\s*%s\s+"?%s"?[\s(]' % (prefix, re.escape(table)), re.IGNORECASE)


def touches(sql, verb, model):
    return bool(statement_on(verb, model._meta.db_table).match(sql))


@contextmanager
def connection_drops(table, verb, *, after=0):
    """Raise OperationalError, as a lost connection does, on the `verb` statement on `table`.

    The first `after` such statements still run, so the failure comes part-way. Yields the
    statements sent, in order, up to the one that failed.
    """
    pattern, sent, hits = statement_on(verb, table), [], []

    def drop(execute, sql, params, many, context):
        if len(hits) <= after:
            sent.append(sql)
        if pattern.match(sql):
            hits.append(sql)
            if len(hits) > after:
                raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(drop):
        yield sent


@pytest.fixture
def warned_line(claim):
    """A line the rules only warned about, that no auditor decided yet."""
    return undecided_line(claim, Verdict.TO_REVIEW)


def state_of(claim):
    """Everything a failed or refused write must leave as it was."""
    claim = ExpenseClaim.objects.get(pk=claim.pk)
    return (
        (claim.status, claim.signed_off_by_id, claim.signed_off_at, claim.submitted_at),
        (claim.claimed_eur, claim.accepted_eur, claim.rejected_eur, claim.pending_eur),
        list(
            claim.invoices.order_by("line").values_list(
                "line", "verdict", "accepted_eur", "rejected_eur", "pending_eur"
            )
        ),
        list(AuditDecision.objects.filter(invoice__claim=claim).order_by("pk").values_list("pk", "verdict", "version")),
        AuditDecision.history.filter(invoice__claim=claim).count(),
        ExpenseClaim.history.filter(id=claim.pk).count(),
    )


# 1. The database connection drops in the middle of a write


@pytest.fixture
def statement(tmp_path):
    """A checked French statement of BJ-ANZ-PER for 2026, read from a CSV file."""
    partnership = next(p for p in DEMO_PARTNERSHIPS if p.code == "BJ-ANZ-PER")
    rows = generate_statement(
        partnership=partnership, year=NEW_YEAR, count=STATEMENT_LINES, rng=random.Random(7), traps=False
    ).rows
    path = tmp_path / "etat-2026.csv"
    write_statement(rows, path, language="fr", fmt="csv")
    with path.open("rb") as handle:
        preview = statement_parse(File(handle, name=path.name))
    assert preview.is_valid and len(preview.rows) == STATEMENT_LINES
    return preview


def test_connection_lost_part_way_through_an_import_leaves_no_claim_and_no_line(statement, monkeypatch):
    partnership = Partnership.objects.get(code="BJ-ANZ-PER")
    lines_before = Invoice.objects.count()
    monkeypatch.setattr("grants.bulk.CHUNK_ROWS", 1)  # lines go in batches of 5

    with connection_drops(Invoice._meta.db_table, "INSERT", after=1) as sent, pytest.raises(OperationalError):
        claim_import(partnership=partnership, year=NEW_YEAR, preview=statement)

    claim_insert = next(i for i, sql in enumerate(sent) if touches(sql, "INSERT", ExpenseClaim))
    line_inserts = [i for i, sql in enumerate(sent) if touches(sql, "INSERT", Invoice)]
    assert claim_insert < line_inserts[0] and len(line_inserts) == 2  # the claim and 5 lines were written
    assert not ExpenseClaim.objects.filter(partnership=partnership, year=NEW_YEAR).exists()
    assert Invoice.objects.count() == lines_before


def test_an_import_after_a_lost_connection_imports_the_whole_statement(statement, monkeypatch):
    partnership = Partnership.objects.get(code="BJ-ANZ-PER")
    monkeypatch.setattr("grants.bulk.CHUNK_ROWS", 1)
    with connection_drops(Invoice._meta.db_table, "INSERT", after=1), pytest.raises(OperationalError):
        claim_import(partnership=partnership, year=NEW_YEAR, preview=statement)

    claim, count = claim_import(partnership=partnership, year=NEW_YEAR, preview=statement)

    assert count == STATEMENT_LINES
    assert sorted(claim.invoices.values_list("line", flat=True)) == sorted(row["line"] for row in statement.rows)
    assert claim.status == ClaimStatus.DRAFT


def test_statement_past_the_upload_row_limit_is_refused_on_confirmation_and_writes_nothing(client, tmp_path, settings):
    """The file is read again when the import is confirmed: the limit holds there too."""
    settings.STATEMENT_UPLOAD_MAX_ROWS = STATEMENT_LINES - 1
    partnership = next(p for p in DEMO_PARTNERSHIPS if p.code == "BJ-ANZ-PER")
    rows = generate_statement(
        partnership=partnership, year=NEW_YEAR, count=STATEMENT_LINES, rng=random.Random(7), traps=False
    ).rows
    path = tmp_path / "etat-2026.csv"
    write_statement(rows, path, language="fr", fmt="csv")
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(User.objects.get(username="anzegem"))
    with path.open("rb") as handle:
        uploaded = client.post(
            reverse("grants:claim-upload"), {"partnership": "BJ-ANZ-PER", "year": NEW_YEAR, "file": handle}
        )
    lines_before = Invoice.objects.count()

    confirmed = client.post(uploaded["Location"])

    assert confirmed.status_code == 200 and confirmed.context["file_error"]
    assert not ExpenseClaim.objects.filter(partnership__code="BJ-ANZ-PER", year=NEW_YEAR).exists()
    assert Invoice.objects.count() == lines_before


@pytest.mark.parametrize(
    ("table", "verb"),
    [
        pytest.param(ExpenseClaim._meta.db_table, "UPDATE", id="on-the-claim-update"),
        pytest.param(ExpenseClaim.history.model._meta.db_table, "INSERT", id="on-the-history-after-the-update"),
    ],
)
def test_connection_lost_while_signing_off_leaves_the_claim_as_it_was(claim, auditor, table, verb):
    settle_pending(claim, auditor)
    before = state_of(claim)
    assert before[0][0] == ClaimStatus.AUDITED
    # The sign-off writes the claim's totals, then its status, then the history of the claim:
    # the drop hits the status update, or the history after the status was written.
    with connection_drops(table, verb, after=0 if verb == "INSERT" else 1) as sent, pytest.raises(OperationalError):
        claim_sign_off(claim=claim, auditor=auditor)

    assert touches(sent[-1], verb, ExpenseClaim.history.model if verb == "INSERT" else ExpenseClaim)
    assert len([sql for sql in sent if touches(sql, "UPDATE", ExpenseClaim)]) == 2  # totals, then status
    assert state_of(claim) == before


def test_connection_lost_while_deciding_leaves_no_decision_and_the_totals_as_they_were(claim, warned_line, auditor):
    before = state_of(claim)

    with connection_drops(ExpenseClaim._meta.db_table, "UPDATE") as sent, pytest.raises(OperationalError):
        invoice_decide(invoice=warned_line, auditor=auditor, verdict=Verdict.ELIGIBLE, comment="In orde.")

    assert any(touches(sql, "INSERT", AuditDecision) for sql in sent)  # the decision was written first
    assert state_of(claim) == before
    assert not AuditDecision.objects.filter(invoice=warned_line).exists()


# 2. Two auditors decide the same invoice at once


def decision_form(verdict, comment, *, version, **fields):
    return {"form": "decision", "verdict": verdict, "comment": comment, "version": version, **fields}


def test_two_auditors_posting_the_same_invoice_keep_the_first_decision_and_tell_the_second_who(
    claim, warned_line, auditor, colleague
):
    first, second = signed_in_client("auditor"), signed_in_client("auditrice")
    url = reverse("grants:invoice-detail", args=[claim.pk, warned_line.line])
    seen = [browser.get(url).context["decision_form"]["version"].value() for browser in (first, second)]

    accepted = first.post(url, decision_form("eligible", "Dienstreis bevestigd.", version=seen[0]))
    refused = second.post(
        url, decision_form("ineligible", "Business class.", version=seen[1], reason_codes=["TRAVEL_CLASS"]), follow=True
    )

    assert seen == [0, 0]
    assert accepted.status_code == 302
    assert refused.redirect_chain == [(url, 302)]
    assert any(auditor.get_full_name() in message for message in messages_of(refused))
    decision = AuditDecision.objects.get(invoice=warned_line)
    assert (decision.verdict, decision.auditor, decision.version, decision.comment) == (
        Verdict.ELIGIBLE,
        auditor,
        1,
        "Dienstreis bevestigd.",
    )
    assert decision.history.count() == 1


class _Read:
    """What the version check's query returned: the decision as it was then, or none."""

    def __init__(self, decision):
        self.decision = decision

    def first(self):
        return self.decision


def version_check_sees(decision_then, monkeypatch):
    """Make invoice_decide's version check read `decision_then`, as an instant before the other auditor saved.

    Of two auditors saving at once, both pass that check; the database must still keep one.
    """
    real_filter = AuditDecision.objects.filter
    checks = []

    def filter_then_now(*args, **kwargs):
        if not checks and not args and kwargs.keys() == {"invoice"}:
            checks.append(kwargs)
            return _Read(decision_then)
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(AuditDecision.objects, "filter", filter_then_now)


def written(queries, verb, model):
    return [query["sql"] for query in queries if touches(query["sql"], verb, model)]


def test_two_first_decisions_that_both_pass_the_version_check_keep_the_one_saved_first(
    claim, warned_line, auditor, colleague, monkeypatch
):
    invoice_decide(invoice=warned_line, auditor=colleague, verdict=Verdict.ELIGIBLE, comment="In orde.", seen_version=0)
    after_colleague = state_of(claim)
    version_check_sees(None, monkeypatch)

    with CaptureQueriesContext(connection) as queries, pytest.raises(DecisionConflict, match=colleague.get_full_name()):
        invoice_decide(
            invoice=warned_line, auditor=auditor, verdict=Verdict.NEEDS_INFO, comment="Ticket?", seen_version=0
        )

    assert len(written(queries, "INSERT", AuditDecision)) == 1  # refused by the database, not by the check
    assert state_of(claim) == after_colleague
    assert AuditDecision.objects.get(invoice=warned_line).auditor == colleague


def test_two_changes_of_a_decision_that_both_pass_the_version_check_keep_the_one_saved_first(
    claim, warned_line, auditor, colleague, monkeypatch
):
    invoice_decide(invoice=warned_line, auditor=auditor, verdict=Verdict.ELIGIBLE, comment="In orde.", seen_version=0)
    as_both_saw_it = AuditDecision.objects.get(invoice=warned_line)
    invoice_decide(
        invoice=warned_line,
        auditor=colleague,
        verdict=Verdict.INELIGIBLE,
        reason_codes=["OTHER"],
        comment="Neen.",
        seen_version=1,
    )
    after_colleague = state_of(claim)
    version_check_sees(as_both_saw_it, monkeypatch)

    with CaptureQueriesContext(connection) as queries, pytest.raises(DecisionConflict, match=colleague.get_full_name()):
        invoice_decide(
            invoice=warned_line, auditor=auditor, verdict=Verdict.NEEDS_INFO, comment="Ticket?", seen_version=1
        )

    assert len(written(queries, "UPDATE", AuditDecision)) == 1  # the conditional update matched nothing
    decision = AuditDecision.objects.get(invoice=warned_line)
    assert (decision.verdict, decision.auditor, decision.version) == (Verdict.INELIGIBLE, colleague, 2)
    assert state_of(claim) == after_colleague


# 3. The background worker dies while it makes an annual report


@pytest.fixture
def queued_report():
    return AnnualReport.objects.create(
        programme=Programme.objects.get(code=GLOBE),
        year=2025,
        language="nl",
        format="pdf",
        requested_by=User.objects.get(username="coordinator"),
    )


def worker_stopped_during(report, monkeypatch):
    """Run the generation until the build is 40 % done, then stop the worker there.

    The worker (run_worker, django-tasks' db_worker) answers a second SIGTERM or Ctrl-C with
    sys.exit(1) inside the running task:
    SystemExit is no Exception, so nothing after it runs, exactly as after a kill -9 or an
    out-of-memory kill, where nothing runs at all.
    """

    def build_until_stopped(programme, year, language, file_format, progress):
        progress(40, "Charts")
        raise SystemExit(1)

    with monkeypatch.context() as patched, pytest.raises(SystemExit):
        patched.setattr("reporting.annual.generation.build_annual_report", build_until_stopped)
        annual_report_generate(report.pk)


def minutes_pass(report, minutes):
    AnnualReport.objects.filter(pk=report.pk).update(updated_at=timezone.now() - timedelta(minutes=minutes))
    report.refresh_from_db()


def in_dutch(text):
    """The coordinator reads Dutch."""
    with translation.override("nl"):
        return translation.gettext(text)


def test_report_whose_worker_stopped_stays_running_without_error_or_file(queued_report, monkeypatch):
    worker_stopped_during(queued_report, monkeypatch)

    queued_report.refresh_from_db()
    assert (queued_report.status, queued_report.progress, queued_report.step) == (
        GenerationStatus.RUNNING,
        40,
        "Charts",
    )
    assert (queued_report.error, queued_report.file.name, queued_report.finished_at) == ("", "", None)
    assert queued_report.is_stalled is False


def test_report_whose_worker_stopped_is_stalled_after_ten_minutes_without_progress(queued_report, monkeypatch):
    worker_stopped_during(queued_report, monkeypatch)

    minutes_pass(queued_report, 9)
    assert queued_report.is_stalled is False
    minutes_pass(queued_report, 11)
    assert queued_report.is_stalled is True
    assert queued_report.is_finished is True


def test_page_of_a_stalled_report_says_the_worker_stopped_and_stops_refreshing(
    client, sign_in, queued_report, monkeypatch
):
    worker_stopped_during(queued_report, monkeypatch)
    minutes_pass(queued_report, 11)
    sign_in("coordinator")

    detail = client.get(reverse("reporting:annual-report-detail", args=[queued_report.pk])).content.decode()
    listing = client.get(reverse("reporting:annual-report-list")).content.decode()

    stopped_message = "The background worker stopped while it was making this report. Generate the report again."
    assert in_dutch(stopped_message) in detail
    assert 'http-equiv="refresh"' not in detail and "<progress" not in detail
    stopped = '<span class="badge failed">%s</span>' % in_dutch("Stopped")
    assert re.search(r'href="%s">%s' % (re.escape(queued_report.get_absolute_url()), re.escape(stopped)), listing)


def test_running_the_generation_again_on_a_stalled_report_does_nothing(queued_report, monkeypatch):
    worker_stopped_during(queued_report, monkeypatch)
    minutes_pass(queued_report, 11)
    before = AnnualReport.objects.filter(pk=queued_report.pk).values().get()

    def must_not_build(*args, **kwargs):
        raise AssertionError("a report that is not queued was built again")

    monkeypatch.setattr("reporting.annual.generation.build_annual_report", must_not_build)
    annual_report_generate(queued_report.pk)

    assert AnnualReport.objects.filter(pk=queued_report.pk).values().get() == before


def test_generation_that_fails_part_way_keeps_its_error_and_its_page_stops_refreshing(
    client, sign_in, queued_report, monkeypatch
):
    def build_until_broken(programme, year, language, file_format, progress):
        progress(60, "Tables")
        raise OSError("disk full")

    monkeypatch.setattr("reporting.annual.generation.build_annual_report", build_until_broken)
    annual_report_generate(queued_report.pk)
    sign_in("coordinator")

    queued_report.refresh_from_db()
    detail = client.get(reverse("reporting:annual-report-detail", args=[queued_report.pk])).content.decode()
    assert (queued_report.status, queued_report.error) == (GenerationStatus.FAILED, "OSError: disk full")
    assert queued_report.finished_at is not None and not queued_report.file
    assert 'http-equiv="refresh"' not in detail


# 4. The same request sent twice (a double click)


def test_decision_posted_twice_is_saved_once(claim, warned_line, auditor):
    browser = signed_in_client("auditor")
    url = reverse("grants:invoice-detail", args=[claim.pk, warned_line.line])
    form = decision_form("eligible", "Dienstreis bevestigd.", version=0, next="1")

    first = browser.post(url, form)
    second = browser.post(url, form)

    # The first goes on to the next line; the second, refused as a conflict, stays on this one.
    assert first["Location"] != url and second["Location"] == url
    decision = AuditDecision.objects.get(invoice=warned_line)
    assert (decision.verdict, decision.version, decision.history.count()) == (Verdict.ELIGIBLE, 1, 1)


def test_generate_annual_report_posted_twice_queues_two_reports(django_capture_on_commit_callbacks):
    """Each click is its own request: the code makes one report per request, each generated on its own."""
    browser = signed_in_client("coordinator")
    form = {"programme": GLOBE, "year": 2025, "language": "nl", "file_format": "xlsx"}

    with django_capture_on_commit_callbacks(execute=True):
        first = browser.post(reverse("reporting:annual-report-list"), form)
        second = browser.post(reverse("reporting:annual-report-list"), form)

    reports = list(AnnualReport.objects.order_by("pk"))
    assert [first["Location"], second["Location"]] == [report.get_absolute_url() for report in reports]
    assert [report.status for report in reports] == [GenerationStatus.QUEUED] * 2
    tasks = DBTaskResult.objects.filter(task_path="reporting.tasks.generate_annual_report")
    assert sorted(task.args_kwargs["args"][0] for task in tasks) == [report.pk for report in reports]


def draft_report():
    return PartnerReport.objects.get(partnership__code="BJ-ANZ-PER", year=2026, period="h1")


def test_section_posted_twice_is_saved_once():
    browser = signed_in_client("perere")
    url = reverse("reporting:report-section", kwargs={"pk": draft_report().pk, "section": "results"})
    reports = PartnerReport.objects.count()

    responses = [browser.post(url, {"text": "Le budget participatif a été adopté."}) for _ in range(2)]

    assert [response.status_code for response in responses] == [302, 302]
    assert draft_report().results == "Le budget participatif a été adopté."
    assert PartnerReport.objects.count() == reports


def test_evidence_posted_twice_is_stored_once():
    browser = signed_in_client("perere")
    url = reverse("reporting:report-evidence", kwargs={"pk": draft_report().pk})
    content = scan_pdf("Liste de présence", ["Présents: 32"])

    for _ in range(2):
        browser.post(url, {"file": SimpleUploadedFile("liste.pdf", content), "caption": "Présences"})

    assert EvidenceFile.objects.filter(report=draft_report()).count() == 1


def test_import_confirmed_twice_imports_the_lines_once(tmp_path, statement):
    browser = signed_in_client("anzegem")
    path = tmp_path / "etat-2026.csv"  # written by the statement fixture
    with path.open("rb") as handle:
        uploaded = browser.post(
            reverse("grants:claim-upload"), {"partnership": "BJ-ANZ-PER", "year": NEW_YEAR, "file": handle}
        )

    first = browser.post(uploaded["Location"])
    second = browser.post(uploaded["Location"])

    claim = claim_of("BJ-ANZ-PER/%s" % NEW_YEAR)
    assert first["Location"] == reverse("grants:claim-detail", args=[claim.pk])
    # The first import forgot the upload: the second finds nothing to import.
    assert second.status_code == 404
    assert claim.invoices.count() == STATEMENT_LINES


def test_submit_posted_twice_submits_once_and_refuses_the_second_without_an_error():
    claim = claim_of("NI-MOL-STO/2025")
    browser = signed_in_client("coordinator")
    url = reverse("grants:claim-submit", args=[claim.pk])

    first = browser.post(url, {"confirm": "1"})
    after_first = state_of(claim)
    second = browser.post(url, {"confirm": "1"})

    assert first.status_code == 302
    assert after_first[0][0] == ClaimStatus.SUBMITTED
    # The second is the service's refusal, told on the claim page, not an "access denied".
    assert second.status_code == 302
    page = browser.get(second["Location"]).content.decode()
    with translation.override("nl"):
        assert translation.gettext("Only a draft claim can be submitted.") in page
    assert state_of(claim) == after_first
