"""Load test: 50 people for 3 minutes against `make serve` on PostgreSQL, then count what was saved.

Four attackers work beside them (locustfile.py); afterwards none may have got in.

1. Serve the demo as in production on a PostgreSQL database of its own (2FA off, since the
   simulated people have no phones), e.g.:
       createdb -h 127.0.0.1 -U postgres citylink_load
       DATABASE_URL=postgres://postgres@127.0.0.1:5432/citylink_load LOAD_DEMO=1 REQUIRE_2FA=0 \\
           SECRET_KEY=... make serve
2. Run `make load` (or `.venv/bin/python tests/bench/bench_load.py`) with the same DATABASE_URL.

It plans the work from the database (claims in audit, reports open for writing), runs
Locust headless (tests/bench/load/locustfile.py), then checks that every decision, section
and evidence file the simulated people were told was saved is in the database, and
rewrites the load section of docs/benchmarks.md. LOAD_USERS, LOAD_TIME and LOAD_HOST change
the run.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from benchenv import ROOT, machine, rewrite_section  # noqa: E402

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/citylink_load")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402

from grants.models import Allocation, AuditDecision, ClaimStatus, ExpenseClaim  # noqa: E402
from partnerships.models import Membership, Partnership, Role, User  # noqa: E402
from partnerships.selectors import partnerships_visible_to  # noqa: E402
from reporting.models import SECTIONS, EvidenceFile, PartnerReport, ReportStatus  # noqa: E402

USERS = int(os.environ.get("LOAD_USERS", "50"))
RUN_TIME = os.environ.get("LOAD_TIME", "3m")
HOST = os.environ.get("LOAD_HOST", "https://127.0.0.1:8443")
# People arrive over half a minute, as a team starting its day does, not all in one second:
# each sign-in hashes a password on purpose slowly (PBKDF2).
RAMP = os.environ.get("LOAD_RAMP", "2")
PROGRAMME = "GLOBE-2022-2026"
SAVES = ("decide (save)", "save a section", "upload evidence", "sign in")
ATTACK = "attack: "
# One each of PasswordGuesser, Intruder, Bomber and Replayer (locustfile.py), beside the USERS.
ATTACKERS = 4
PAGE_GOAL_MS, SAVE_GOAL_MS = 500, 1000


def plan():
    # Claims not signed off take decisions, settled (audited) or not.
    in_audit = ExpenseClaim.objects.filter(status__in=[ClaimStatus.IN_AUDIT, ClaimStatus.AUDITED])
    open_reports = PartnerReport.objects.filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])
    reporters = {
        m.partnership_id: m.user.username
        for m in Membership.objects.filter(role=Role.PARTNER_REPORTER).select_related("user")
    }
    slots = [
        {"username": reporters[report.partnership_id], "report": report.pk, "section": section}
        for report in open_reports
        if report.partnership_id in reporters
        for section, _label in SECTIONS
    ]
    return {
        "programme": PROGRAMME,
        "claims_in_audit": [{"pk": c.pk, "lines": c.invoices.count()} for c in in_audit],
        "claims": list(ExpenseClaim.objects.filter(status=ClaimStatus.CLOSED).values_list("pk", flat=True)),
        "section_slots": slots,
        "attacks": attack_plan(slots),
    }


def attack_plan(slots):
    """Who the attackers are, and what is not theirs to see."""
    intruder = User.objects.get(username=slots[0]["username"])
    mine = set(partnerships_visible_to(intruder).values_list("pk", flat=True))
    others = Partnership.objects.exclude(pk__in=mine)
    foreign = [
        f"/partnerships/{code}/{page}" for code in others.values_list("code", flat=True) for page in ("", "results/")
    ]
    for claim in ExpenseClaim.objects.filter(partnership__in=others).values_list("pk", flat=True)[:15]:
        foreign += [f"/claims/{claim}/", f"/claims/{claim}/audit.xlsx", f"/claims/{claim}/lines/1/"]
    foreign += [
        f"/reports/{pk}/" for pk in PartnerReport.objects.filter(partnership__in=others).values_list("pk", flat=True)
    ]
    foreign += [
        f"/reports/{report}/evidence/{pk}/"
        for pk, report in EvidenceFile.objects.filter(report__partnership__in=others).values_list("pk", "report")[:20]
    ]
    foreign += [f"/programmes/{PROGRAMME}/iati.xml", "/annual-reports/", "/partnerships/access-log/", "/admin/"]

    officer = (
        Membership.objects.filter(role=Role.FLEMISH_OFFICER, partnership__isnull=False)
        .select_related("user", "partnership")
        .first()
    )
    claimed = ExpenseClaim.objects.filter(partnership=officer.partnership).values_list("year", flat=True)
    # A year the partnership may claim and has not: a statement that got in would make its claim.
    open_year = max(
        Allocation.objects.filter(partnership=officer.partnership)
        .exclude(year__in=claimed)
        .values_list("year", flat=True)
    )
    used = {slot["username"] for slot in slots} | {"coordinator", "auditor", officer.user.username}
    guessed = Membership.objects.exclude(user__username__in=used).values_list("user__username", flat=True).first()
    return {
        "guessed_username": guessed,
        "intruder": intruder.username,
        "intruder_report": slots[0]["report"],
        "foreign_urls": foreign,
        "bomber": officer.user.username,
        "bomber_partnership": officer.partnership.code,
        "bomber_year": open_year,
    }


def decisions_made(claim_pks):
    """Every saved decision raises its invoice's version by one: their sum counts the saves."""
    total = AuditDecision.objects.filter(invoice__claim__in=claim_pks).aggregate(total=Sum("version"))["total"]
    return total or 0


def postgresql_version():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0].split()[0]


def stats_of(prefix):
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["Name"] != "Aggregated"]


def main():
    work = Path(tempfile.mkdtemp(prefix="citylink-load-"))
    work_plan = plan()
    assert len(work_plan["section_slots"]) >= 10, "the demo needs open reports for ten partner users"
    assert work_plan["claims_in_audit"], "the demo needs claims in audit (not signed off)"
    (work / "plan.json").write_text(json.dumps(work_plan))
    claim_pks = [c["pk"] for c in work_plan["claims_in_audit"]]
    decisions_before, evidence_before = decisions_made(claim_pks), EvidenceFile.objects.count()

    # The locustfile takes its hostile files from tests/hostile_files.py.
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LOAD_PLAN": str(work / "plan.json"),
        "LOAD_LEDGER": str(work / "ledger.json"),
    }
    subprocess.run(
        [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(HERE / "load" / "locustfile.py"),
            "--headless",
            "-u",
            str(USERS + ATTACKERS),
            "-r",
            RAMP,
            "-t",
            RUN_TIME,
            "--host",
            HOST,
            "--csv",
            str(work / "load"),
            "--only-summary",
            "--stop-timeout",
            "10",
        ],
        check=False,
        env=env,
        cwd=ROOT,
    )
    ledger = json.loads((work / "ledger.json").read_text())
    rows = stats_of(work / "load")
    lost_sections = [
        key
        for key, text in ledger["sections"].items()
        if getattr(PartnerReport.objects.get(pk=int(key.split("/")[0])), key.split("/")[1]) != text
    ]
    people = [r for r in rows if not r["Name"].startswith(ATTACK)]
    attacks = work_plan["attacks"]
    figures = {
        "rows": rows,
        "requests": sum(int(r["Request Count"]) for r in rows),
        "failures": sum(int(r["Failure Count"]) for r in rows),
        "page_p95": max(int(float(r["95%"])) for r in people if r["Name"] not in SAVES),
        "save_p95": max(int(float(r["95%"])) for r in people if r["Name"] in SAVES),
        "attacks": ledger["attacks"],
        "postgresql": postgresql_version(),
        "hostile_claims": ExpenseClaim.objects.filter(
            partnership__code=attacks["bomber_partnership"], year=attacks["bomber_year"]
        ).count(),
        "decisions_sent": ledger["decisions"],
        "decisions_stored": decisions_made(claim_pks) - decisions_before,
        "evidence_sent": ledger["evidence"],
        "evidence_stored": EvidenceFile.objects.count() - evidence_before,
        "sections_sent": len(ledger["sections"]),
        "sections_lost": lost_sections,
    }
    for key, value in figures.items():
        if key != "rows":
            print(f"{key:>18}: {value}")
    write_report(figures)


def write_report(figures):
    table = "\n".join(
        f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {float(r['50%']):.0f} | {float(r['95%']):.0f} |"
        for r in sorted(figures["rows"], key=lambda r: r["Name"])
        if not r["Name"].startswith(ATTACK)
    )
    attacks = "\n".join(
        f"| {name} | {counts['tried']} | {counts['got_in']} |" for name, counts in sorted(figures["attacks"].items())
    )
    got_in = sum(counts["got_in"] for counts in figures["attacks"].values()) + figures["hostile_claims"]
    met = (
        figures["failures"] == 0
        and got_in == 0
        and figures["page_p95"] < PAGE_GOAL_MS
        and figures["save_p95"] < SAVE_GOAL_MS
        and figures["decisions_sent"] == figures["decisions_stored"]
        and figures["evidence_sent"] == figures["evidence_stored"]
        and not figures["sections_lost"]
    )
    section = f"""## Load: {USERS} people for {RUN_TIME} on `make serve` and PostgreSQL

Measured on {date.today().isoformat()} on {machine()}, with `make load`
(tests/bench/bench_load.py and tests/bench/load/locustfile.py): gunicorn (gthread) over
HTTPS with DEBUG off and the background worker, PostgreSQL {figures["postgresql"]} on the same machine, Locust on
the same machine too. The mix: 15 auditors opening and deciding invoices of the claims in
audit, 10 partners saving report sections and uploading evidence, 25 of the programme team
browsing lists and claims and downloading claim exports and the IATI file. Each simulated
person waits 1 to 3 seconds between two pages or saves (people read what they open).

| request | count | failures | median ms | p95 ms |
|---|---|---|---|---|
{table}

{figures["requests"]:,} requests, {figures["failures"]} failed. Slowest p95: pages {figures["page_p95"]} ms
(goal {PAGE_GOAL_MS}), saves {figures["save_p95"]} ms (goal {SAVE_GOAL_MS}).

Afterwards in the database: {figures["decisions_stored"]} of {figures["decisions_sent"]} decisions the
auditors were told were saved, {figures["evidence_stored"]} of {figures["evidence_sent"]} evidence files,
and {figures["sections_sent"] - len(figures["sections_lost"])} of {figures["sections_sent"]} report sections
hold the last text their writer saved. Decisions refused because another auditor had
decided the same invoice first are not counted as saved: they were not. A save is timed
until the page it leads to has arrived (the redirect is followed), as a person waits for it.
Locust, PostgreSQL and gunicorn share the machine's cores; the server was started as
`make serve` starts it (gunicorn forks warmed workers, deploy/gunicorn.conf.py).

Meanwhile {ATTACKERS} attackers tried to get in for the whole run (their requests are left out
of the table above): one guessed a partner's password from one address, trying the right one
every fifth time; a partner typed other partnerships' pages, claims, exports, evidence
and the programme's files, and sent a web page named .pdf as evidence; a Flemish officer
sent a zip bomb and a web page named .xlsx as statements (got in if read as a statement
rather than refused as a file, or if their import could be confirmed); one
replayed the auditor's decisions as sent and sent decisions without the form's token.

| attack | tried | got in |
|---|---|---|
{attacks}

Claims made by the hostile statements: {figures["hostile_claims"]}.

Goals (no error, p95 pages under {PAGE_GOAL_MS} ms and saves under {SAVE_GOAL_MS} ms, nothing lost, no
attack getting in): {"met" if met else "NOT met"}.
"""
    rewrite_section("## Load: ", section)


if __name__ == "__main__":
    main()
