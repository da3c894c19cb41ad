"""Fifty people at work on `make serve`: auditors deciding, partners writing, the team reading.

While they work, four attackers try to get in for the whole run: one guesses a password, one
signs in as a Flemish officer and sends a zip bomb and a web page as statements, one
signs in as a partner, types other partnerships' addresses and sends a web page as
evidence, and one replays and forges the auditor's forms. Their requests are named
"attack: ..."; one that gets in is counted and marked failed.

Run by tests/bench/bench_load.py, which prepares LOAD_PLAN (what each kind of user works
on), then counts in the database what this file says it saved (LOAD_LEDGER).
"""

import io
import json
import os
import random
import re
import threading
import uuid
from urllib.parse import urlencode

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from openpyxl import Workbook

from tests.hostile_files import zip_bomb

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())
LEDGER_PATH = os.environ["LOAD_LEDGER"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
SUCCESS = '<li class="success">'
FILE_REFUSED = '<div class="card error">'

ledger_lock = threading.Lock()
ledger = {"decisions": 0, "evidence": 0, "sections": {}, "attacks": {}}
slots = list(PLAN["section_slots"])


@events.quitting.add_listener
def write_ledger(environment, **kwargs):
    with open(LEDGER_PATH, "w", encoding="utf-8") as handle:
        json.dump(ledger, handle)


def multipart(fields, name, filename, content, content_type):
    """A multipart/form-data body with one file: FastHttpUser sends bytes as they are."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Person(FastHttpUser):
    """A signed-in person; FastHttpUser (geventhttpclient) leaves the cores to the server under test.

    make serve's certificate is self-signed for localhost: FastHttpUser does not verify it.
    """

    abstract = True
    wait_time = between(1, 3)
    username = ""
    prefix = ""  # of the names of its requests in the figures

    def on_start(self):
        page = self.client.get("/accounts/login/", name=f"{self.prefix}sign-in page")
        self.post(
            "/accounts/login/", {"username": self.username, "password": "demo"}, page, name=f"{self.prefix}sign in"
        )

    def post(self, url, data, page, name, file=None, headers=None, **options):
        fields = {**data, "csrfmiddlewaretoken": CSRF.search(page.text).group(1)}
        if file is None:
            body, content_type = urlencode(fields), "application/x-www-form-urlencoded"
        else:
            body, content_type = multipart(fields, *file)
        return self.client.post(
            url,
            data=body,
            name=name,
            headers={"Referer": self.host + url, "Content-Type": content_type, **(headers or {})},
            **options,
        )


class Auditor(Person):
    weight = 15
    username = "auditor"

    @task(4)
    def decide_an_invoice(self):
        claim = random.choice(PLAN["claims_in_audit"])
        line = random.randint(1, claim["lines"])
        url = f"/claims/{claim['pk']}/lines/{line}/"
        page = self.client.get(url, name="invoice page")
        version = VERSION.search(page.text)
        if version is None:
            return
        verdict = random.choice(["eligible", "ineligible"])
        data = {"form": "decision", "verdict": verdict, "version": version.group(1), "comment": "Load test"}
        if verdict == "ineligible":
            data["reason_codes"] = "AMOUNT"
        answer = self.post(url, data, page, name="decide (save)")
        if SUCCESS in answer.text:
            with ledger_lock:
                ledger["decisions"] += 1

    @task(1)
    def claim_list(self):
        self.client.get("/claims/?status=in_audit", name="claim list")


class Partner(Person):
    fixed_count = 10

    def on_start(self):
        with ledger_lock:
            self.slot = slots.pop(0)
        self.username = self.slot["username"]
        super().on_start()
        self.report_url = f"/reports/{self.slot['report']}/"
        self.saves = 0

    @task(4)
    def save_a_section(self):
        page = self.client.get(self.report_url, name="report page")
        self.saves += 1
        text = f"Load test: save {self.saves} of {self.slot['section']} by user {id(self)}."
        answer = self.post(
            f"{self.report_url}sections/{self.slot['section']}/",
            {"text": text},
            page,
            name="save a section",
            headers={"Accept": "application/json"},
        )
        if answer.status_code == 200 and answer.json().get("saved"):
            with ledger_lock:
                ledger["sections"][f"{self.slot['report']}/{self.slot['section']}"] = text

    @task(1)
    def upload_evidence(self):
        page = self.client.get(self.report_url, name="report page")
        # Evidence is checked by content and the same file sent again is kept once: each
        # upload is a different (small) PDF.
        pdf = f"%PDF-1.4\n% attendance list {uuid.uuid4()}\n%%EOF\n".encode()
        answer = self.post(
            f"{self.report_url}evidence/",
            {"caption": "Load test"},
            page,
            name="upload evidence",
            file=("file", "attendance.pdf", pdf, "application/pdf"),
        )
        if SUCCESS in answer.text:
            with ledger_lock:
                ledger["evidence"] += 1


class Team(Person):
    weight = 25
    username = "coordinator"

    # One page per step, as a person reads a page before opening the next one.
    @task(1)
    def home(self):
        self.client.get("/", name="home")

    @task(1)
    def partnership_list(self):
        self.client.get("/partnerships/", name="partnership list")

    @task(1)
    def report_list(self):
        self.client.get("/reports/", name="report list")

    @task(1)
    def claim_list(self):
        self.client.get("/claims/", name="claim list")

    @task(2)
    def a_claim(self):
        claim = random.choice(PLAN["claims"])
        self.client.get(f"/claims/{claim}/", name="claim page")

    @task(1)
    def export_a_claim(self):
        claim = random.choice(PLAN["claims"])
        self.client.get(f"/claims/{claim}/audit.xlsx", name="claim export (xlsx)")

    @task(1)
    def iati_file(self):
        self.client.get(f"/programmes/{PLAN['programme']}/iati.xml", name="IATI export")


# The attackers ---------------------------------------------------------------------------


def web_page():
    return b"<!DOCTYPE html><html><body><script>fetch('/claims/')</script>Attendance</body></html>"


def statement_zip_bomb():
    """A workbook with a statement's header carrying 310 MB of zeros, refused by its unpacked size."""
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["line", "date", "supplier", "invoice", "description", "category", "currency", "amount"])
    workbook.save(buffer)
    return zip_bomb(buffer.getvalue())


def tally(attack, got_in):
    with ledger_lock:
        counts = ledger["attacks"].setdefault(attack, {"tried": 0, "got_in": 0})
        counts["tried"] += 1
        counts["got_in"] += int(got_in)


def judged(response, attack, got_in):
    """Count the attempt, and mark it failed in Locust's figures when it got in."""
    tally(attack, got_in)
    if got_in:
        response.failure(f"{attack}: got in (HTTP {response.status_code})")
    else:
        response.success()


class Attacker(Person):
    abstract = True
    fixed_count = 1
    weight = 0
    prefix = "attack: "


class PasswordGuesser(Attacker):
    """Guesses a real account's password from one address; after five tries even the right one is refused."""

    def on_start(self):
        self.target = PLAN["attacks"]["guessed_username"]
        self.guesses = 0

    @task
    def guess(self):
        page = self.client.get("/accounts/login/", name="attack: sign-in page")
        self.guesses += 1
        # Every fifth try is the right password: once locked, it must not let the guesser in either.
        password = "demo" if self.guesses > 5 and self.guesses % 5 == 0 else f"guess{self.guesses}"
        with self.post(
            "/accounts/login/",
            {"username": self.target, "password": password},
            page,
            name="attack: guess a password",
            catch_response=True,
            allow_redirects=False,
        ) as answer:
            judged(answer, "guess a password", got_in=answer.status_code == 302)


class Intruder(Attacker):
    """A partner who types other partnerships' addresses and sends a web page as evidence."""

    def on_start(self):
        self.username = PLAN["attacks"]["intruder"]
        super().on_start()

    @task(4)
    def type_another_partnerships_address(self):
        url = random.choice(PLAN["attacks"]["foreign_urls"])
        with self.client.get(
            url, name="attack: another partnership's page", catch_response=True, allow_redirects=False
        ) as answer:
            judged(answer, "another partnership's page or file", got_in=answer.status_code == 200)

    @task(1)
    def send_a_web_page_as_evidence(self):
        url = f"/reports/{PLAN['attacks']['intruder_report']}/"
        page = self.client.get(url, name="attack: own report page")
        answer = self.post(
            f"{url}evidence/",
            {"caption": "Attendance"},
            page,
            name="attack: web page as evidence",
            file=("file", "attendance.pdf", web_page(), "application/pdf"),
        )
        tally("web page sent as evidence", got_in=SUCCESS in answer.text)


class Bomber(Attacker):
    """A Flemish officer who sends a zip bomb and a web page as expense statements."""

    BOMB = statement_zip_bomb()

    def on_start(self):
        self.username = PLAN["attacks"]["bomber"]
        super().on_start()

    @task
    def send_a_hostile_statement(self):
        name, content = random.choice([("etat.xlsx", self.BOMB), ("etat.xlsx", web_page())])
        attack = "zip bomb as statement" if content is self.BOMB else "web page as statement"
        page = self.client.get("/claims/upload/", name="attack: statement upload page")
        fields = {"partnership": PLAN["attacks"]["bomber_partnership"], "year": PLAN["attacks"]["bomber_year"]}
        sent = self.post(
            "/claims/upload/",
            fields,
            page,
            name=f"attack: {attack}",
            allow_redirects=False,
            file=("file", name, content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
        preview_url = sent.headers.get("Location") if sent.status_code == 302 else None
        if preview_url is None:
            # Refused at the door (size, form): nothing to confirm.
            tally(f"{attack} (read)", got_in=False)
            return
        # The file must be refused as a file (the zip bomb by its unpacked size), not merely
        # found to hold no lines; and confirming its import anyway must not make a claim.
        with self.client.get(
            preview_url, name="attack: preview of the hostile statement", catch_response=True
        ) as preview:
            read_as_a_statement = FILE_REFUSED not in preview.text
            judged(preview, f"{attack} (read)", got_in=read_as_a_statement)
        with self.post(
            preview_url,
            {},
            page,
            name="attack: confirm the hostile statement",
            catch_response=True,
            allow_redirects=False,
        ) as answer:
            judged(answer, f"{attack} (imported)", got_in=answer.status_code == 302)


class Replayer(Attacker):
    """Replays an auditor's decision as it was sent, and sends one without the form's token."""

    username = "auditor"

    @task(2)
    def replay_a_decision(self):
        claim = random.choice(PLAN["claims_in_audit"])
        url = f"/claims/{claim['pk']}/lines/{random.randint(1, claim['lines'])}/"
        page = self.client.get(url, name="attack: invoice page")
        version = VERSION.search(page.text)
        if version is None:
            return
        data = {"form": "decision", "verdict": "eligible", "version": version.group(1), "comment": "Replayed"}
        first = self.post(url, data, page, name="attack: decision to replay")
        if SUCCESS in first.text:
            with ledger_lock:
                ledger["decisions"] += 1
        again = self.post(url, data, page, name="attack: the same decision replayed")
        tally("decision replayed", got_in=SUCCESS in again.text)

    @task(1)
    def forge_a_decision(self):
        claim = random.choice(PLAN["claims_in_audit"])
        url = f"/claims/{claim['pk']}/lines/1/"
        body = urlencode({"form": "decision", "verdict": "ineligible", "reason_codes": "AMOUNT", "version": "1"})
        with self.client.post(
            url,
            data=body,
            name="attack: decision without the form's token",
            catch_response=True,
            allow_redirects=False,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ) as answer:
            judged(answer, "decision without the form's token", got_in=answer.status_code != 403)
