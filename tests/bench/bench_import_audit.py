"""Benchmark: import and audit a 100,000-line expense statement, against a floor.

Run with `make bench` (or `DEBUG=1 .venv/bin/python tests/bench/bench_import_audit.py`).
It builds its own SQLite database in a temporary folder, so it never touches yours,
measures, and rewrites the import section of docs/benchmarks.md. It asserts nothing
about time: the figures are for people to read. BENCH_LINES changes the size;
BENCH_PROFILE=1 prints where the audit spends its time.
"""

import csv
import multiprocessing
import os
import random
import resource
import sqlite3
import statistics
import sys
import time
from datetime import date
from pathlib import Path

LINES = int(os.environ.get("BENCH_LINES", "100000"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchenv import configure, machine, rewrite_section  # noqa: E402

WORKDIR = configure("citylink-bench-")

from django.core.files import File  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from demo.statements import DEMO_PARTNERSHIPS, generate_rows, write_statement  # noqa: E402
from grants.eligibility.engine import audit_claim as audit_rules  # noqa: E402
from grants.eligibility.facts import InvoiceFacts  # noqa: E402
from grants.models import Invoice  # noqa: E402
from grants.services.audit import (  # noqa: E402
    INVOICE_FACT_FIELDS,
    claim_audit,
    claim_facts,
    programme_parameters,
    rate_table,
)
from grants.services.imports import claim_import, statement_parse  # noqa: E402
from partnerships.models import Partnership, User  # noqa: E402


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def floor(path):
    """Parse the CSV with the csv module and insert the raw rows with executemany."""
    start = time.perf_counter()
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        rows = list(reader)
    database = sqlite3.connect(WORKDIR / "floor.sqlite3")
    columns = ", ".join(f"c{index} TEXT" for index in range(len(header)))
    database.execute(f"CREATE TABLE statement ({columns})")
    database.executemany(f"INSERT INTO statement VALUES ({', '.join('?' * len(header))})", rows)
    database.commit()
    database.close()
    return time.perf_counter() - start


def engine_scaling(claim):
    """Time the rule engine alone on growing prefixes of the claim's lines, read back as facts."""
    facts = claim_facts(claim)
    params = programme_parameters(claim.programme)
    rates = rate_table()
    invoices = [
        InvoiceFacts(*fields)
        for fields in Invoice.objects.filter(claim=claim).order_by("line").values_list(*INVOICE_FACT_FIELDS)
    ]
    lines = []
    for size in (len(invoices) // 4, len(invoices) // 2, len(invoices)):
        seconds, _result = timed(audit_rules, facts, invoices[:size], params, rates)
        lines.append(f"| {size:,} | {seconds:.2f} | {seconds / size * 1e6:.0f} |")
    return "\n".join(lines)


def write_demo_statement(path):
    demo = next(p for p in DEMO_PARTNERSHIPS if p.code == "BJ-ANZ-PER")
    rows = generate_rows(partnership=demo, year=2026, count=LINES, rng=random.Random(2026))
    write_statement(rows, path, language="fr", fmt="csv")


def generate_statement_file(path):
    """Write the statement in a child process, so the peak memory is the application's alone.

    The generator holds every row at once; a municipality's file arrives written.
    """
    start = time.perf_counter()
    child = multiprocessing.get_context("fork").Process(target=write_demo_statement, args=(path,))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit(f"Writing the statement failed (exit code {child.exitcode}).")
    return time.perf_counter() - start


def main():
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", allow_production_demo=True, stdout=open(os.devnull, "w"))
    path = WORKDIR / "statement.csv"
    generate_seconds = generate_statement_file(path)

    partnership = Partnership.objects.get(code="BJ-ANZ-PER")
    with open(path, "rb") as handle:
        parse_seconds, preview = timed(statement_parse, File(handle, name=path.name))
    assert preview.is_valid, preview.errors[:5]
    insert_seconds, (claim, count) = timed(claim_import, partnership=partnership, year=2026, preview=preview)
    del preview
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    audit_seconds, result = timed(claim_audit, claim)
    if os.environ.get("BENCH_PROFILE"):
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumtime").print_stats(25)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    floor_seconds = floor(path)

    client = Client()
    client.force_login(User.objects.get(username="auditor"))
    url = f"/claims/{claim.pk}/"
    client.get(url, secure=True)
    page_times = []
    for _ in range(7):
        seconds, response = timed(client.get, url, secure=True)
        assert response.status_code == 200
        page_times.append(seconds)
    filtered_times = []
    for _ in range(5):
        seconds, response = timed(client.get, url, {"verdict": "ineligible", "sort": "-amount"}, secure=True)
        filtered_times.append(seconds)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, secure=True)

    total = parse_seconds + insert_seconds + audit_seconds
    scaling = engine_scaling(claim)
    figures = {
        "lines": count,
        "generate": generate_seconds,
        "floor": floor_seconds,
        "parse": parse_seconds,
        "insert": insert_seconds,
        "audit": audit_seconds,
        "total": total,
        "ratio": total / floor_seconds,
        "peak_mib": peak_mib,
        "page_ms": statistics.median(page_times) * 1000,
        "filtered_ms": statistics.median(filtered_times) * 1000,
        "queries": len(queries),
        "claimed": result.claimed_eur,
        "scaling": scaling,
    }
    for key, value in figures.items():
        if key == "scaling":
            print(value)
            continue
        print(f"{key:>10}: {value:.3f}" if isinstance(value, float) else f"{key:>10}: {value}")
    write_report(figures)


# The whole of import and audit against the floor measured in the same run: at most
# LIMIT_RATIO times it, aiming at AIM_RATIO; the whole run's peak memory under PEAK_GOAL_MIB.
LIMIT_RATIO, AIM_RATIO, PEAK_GOAL_MIB = 30, 10, 500


def verdict_on_goal(figures):
    ratio, peak = figures["ratio"], figures["peak_mib"]
    speed = (
        f"The aim of {AIM_RATIO} x the floor is met."
        if ratio <= AIM_RATIO
        else f"Within the limit of {LIMIT_RATIO} x the floor, not at the aim of {AIM_RATIO} x."
        if ratio <= LIMIT_RATIO
        else f"Above the limit of {LIMIT_RATIO} x the floor."
    )
    memory = (
        f"Peak memory within {PEAK_GOAL_MIB} MiB."
        if peak <= PEAK_GOAL_MIB
        else f"Peak memory above the goal of {PEAK_GOAL_MIB} MiB."
    )
    return f"{speed} {memory}"


def write_report(figures):
    section = f"""## Import and audit of a {figures["lines"]:,}-line expense statement

Measured on {date.today().isoformat()} on {machine()}, with `make bench`
(tests/bench/bench_import_audit.py), SQLite database on local disk.

| step | seconds |
|---|---|
| floor: csv module + executemany of the raw rows into SQLite | {figures["floor"]:.2f} |
| read and check every row (statement_parse) | {figures["parse"]:.2f} |
| insert the lines (claim_import, executemany) | {figures["insert"]:.2f} |
| run every rule and store findings and verdicts (claim_audit) | {figures["audit"]:.2f} |
| **import + audit** | **{figures["total"]:.2f}** ({figures["ratio"]:.1f} x the floor; limit {LIMIT_RATIO} x, aim {AIM_RATIO} x) |

{verdict_on_goal(figures)}

Peak memory (resident set) of the run up to the end of the audit, the demo loaded first
included (the statement is written by a child process, as a municipality's file arrives
written): {figures["peak_mib"]:.0f} MiB (goal under {PEAK_GOAL_MIB} MiB).

The rules alone (pure Python, no database) on the first n lines of the same statement,
to show that they grow linearly, DUPLICATE included:

| lines | seconds | microseconds a line |
|---|---|---|
{figures["scaling"]}

Claim page of that claim, first page of 50 lines, median of 7 requests through the Django
test client: {figures["page_ms"]:.0f} ms with {figures["queries"]} queries (goal 300 ms); filtered
on a verdict and sorted by amount: {figures["filtered_ms"]:.0f} ms.
"""
    rewrite_section("## Import and audit of a ", section)


if __name__ == "__main__":
    main()
