"""Fifty people at work on `make serve`: auditors deciding, partners writing, the team reading.

Run by tests/bench/bench_load.py, which prepares LOAD_PLAN (what each kind of user works
on), then counts in the database what this file says it saved (LOAD_LEDGER).
"""

import json
import os
import random
import re
import threading
import uuid

from urllib.parse import urlencode

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())
LEDGER_PATH = os.environ["LOAD_LEDGER"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
SUCCESS = '<li class="success">'

ledger_lock = threading.Lock()
ledger = {"decisions": 0, "evidence": 0, "sections": {}}
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
        f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class Person(FastHttpUser):
    """A signed-in person; FastHttpUser (geventhttpclient) leaves the cores to the server under test.

    make serve's certificate is self-signed for localhost: FastHttpUser does not verify it.
    """

    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self):
        page = self.client.get("/accounts/login/", name="sign-in page")
        self.post("/accounts/login/", {"username": self.username, "password": "demo"}, page, name="sign in")

    def post(self, url, data, page, name, file=None, headers=None):
        fields = {**data, "csrfmiddlewaretoken": CSRF.search(page.text).group(1)}
        if file is None:
            body, content_type = urlencode(fields), "application/x-www-form-urlencoded"
        else:
            body, content_type = multipart(fields, *file)
        return self.client.post(
            url, data=body, name=name,
            headers={"Referer": self.host + url, "Content-Type": content_type, **(headers or {})},
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
            f"{self.report_url}sections/{self.slot['section']}/", {"text": text}, page,
            name="save a section", headers={"Accept": "application/json"},
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
            f"{self.report_url}evidence/", {"caption": "Load test"}, page, name="upload evidence",
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
