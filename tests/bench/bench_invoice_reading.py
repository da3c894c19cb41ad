"""Benchmark: how well and how fast invoice scans are read (issue 17).

Run with `make bench` (or `.venv/bin/python tests/bench/bench_invoice_reading.py`). It
generates a set of invoices with demo/invoice_documents.py (French, Spanish and Dutch
layouts; text PDFs, scanned PDFs and phone photos, in turn), reads each with
grants.ocr.read_document and grants.invoice_reading.read_invoice, and compares the amount,
currency, date and number read with those printed. Then the documents that need Tesseract
are read again by WORKERS processes at once, to show what more workers would give. The
section of docs/benchmarks.md is rewritten. It measures; it asserts nothing.
BENCH_DOCUMENTS changes the size of the set (default 60), BENCH_SEED the set itself.
"""

import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

DOCUMENTS = int(os.environ.get("BENCH_DOCUMENTS", "60"))
SEED = os.environ.get("BENCH_SEED", "bench-invoice-reading")
# A claim of a large partnership: a year of invoices with their scans.
CLAIM_SCANS = 600
# The background worker (`manage.py run_worker`, django-tasks' db_worker) runs one task at a
# time, grants.tasks.read_claim_scans reads a claim's scans one after another, and grants/ocr.py
# gives Tesseract one thread.
WORKER_CONCURRENCY = 1
# The parallel run: one process per core of this machine.
WORKERS = os.cpu_count() or 1

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchenv import configure, machine, rewrite_section  # noqa: E402

configure("citylink-bench-ocr-")
# WeasyPrint warns on every invoice that it subsets fonts with fontTools here.
logging.getLogger("weasyprint").setLevel(logging.ERROR)

from demo.invoice_documents import LANGUAGES, PHOTO, SCANNED_PDF, VARIANTS, generated_set  # noqa: E402
from grants.invoice_reading import read_invoice  # noqa: E402
from grants.ocr import DocumentUnreadable, read_document  # noqa: E402
from grants.scan_matching import letters_and_digits  # noqa: E402

FIELDS = ("amount", "currency", "date", "number")
OCR_VARIANTS = (SCANNED_PDF, PHOTO)


def read(document):
    """Read one document; return (seconds, pages, {field: was it read right}, what was read)."""
    data, content_type, truth = document
    start = time.perf_counter()
    try:
        pages = read_document(data, content_type)
        reading = read_invoice(pages)
    except DocumentUnreadable:
        return time.perf_counter() - start, 1, dict.fromkeys(FIELDS, False), None
    seconds = time.perf_counter() - start
    found = {
        "amount": _value(reading.amount),
        "currency": _value(reading.currency),
        "date": _value(reading.invoice_date),
        "number": _value(reading.invoice_number),
    }
    right = {
        "amount": found["amount"] == truth.amount,
        "currency": found["currency"] == truth.currency,
        "date": found["date"] == truth.invoice_date,
        "number": found["number"] is not None
        and letters_and_digits(found["number"]) == letters_and_digits(truth.invoice_number),
    }
    return seconds, len(pages), right, found


def _value(read_value):
    return None if read_value is None else read_value.value


def _read_for_pool(document):
    return read(document)[0]


def main():
    if shutil.which("tesseract") is None:
        raise SystemExit("Tesseract is not installed: `make test-packages` installs it (as root).")
    start = time.perf_counter()
    documents = list(generated_set(DOCUMENTS, SEED))
    generation = time.perf_counter() - start
    sizes = defaultdict(list)
    for data, content_type, truth in documents:
        sizes[f"{truth.variant} ({content_type.split('/')[1].upper()})"].append(len(data))
    load_before = os.getloadavg()[0]
    results = []
    for index, document in enumerate(documents):
        seconds, pages, right, found = read(document)
        truth = document[2]
        results.append((truth, seconds, pages, right, found))
        misses = [field for field in FIELDS if not right[field]]
        print(
            f"{index:3d} {truth.language} {truth.variant:<11} {seconds:5.2f} s"
            + (f"  missed {', '.join(misses)}: read {found}, printed {_printed(truth)}" if misses else "")
        )
    scans = [document for document in documents if document[2].variant in OCR_VARIANTS]
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        pool.map(_read_for_pool, scans, chunksize=1)
    parallel = time.perf_counter() - start
    loads = (load_before, os.getloadavg()[0])
    write_report(results, sizes, generation, parallel, len(scans), loads)


def _printed(truth):
    return {
        "amount": truth.amount,
        "currency": truth.currency,
        "date": truth.invoice_date,
        "number": truth.invoice_number,
    }


def _row(label, group):
    count = len(group)
    seconds = sum(result[1] for result in group)
    pages = sum(result[2] for result in group)
    shares = " | ".join(f"{100 * sum(result[3][field] for result in group) / count:.0f} %" for field in FIELDS)
    return f"| {label} | {count} | {shares} | {seconds / count:.2f} | {pages / seconds:.2f} |"


def _misses(results):
    """One sentence per layout and value read wrong somewhere: how often, with its first example."""
    misses = []
    for language in LANGUAGES:
        group = [result for result in results if result[0].language == language]
        for field in FIELDS:
            wrong = [result for result in group if not result[3][field]]
            if wrong:
                truth, found = wrong[0][0], wrong[0][4]
                read = "nothing" if found is None or found[field] is None else found[field]
                misses.append(
                    f"{language} {field} wrong in {len(wrong)} of {len(group)} (e.g. {truth.variant}: read {read},"
                    f" printed {_printed(truth)[field]})"
                )
    return "Values read wrong: " + "; ".join(misses) + "." if misses else "Every value was read right."


def _tesseract_version():
    try:
        output = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "Tesseract not found"
    return output.splitlines()[0].replace("tesseract", "Tesseract")


def write_report(results, sizes, generation, parallel, scan_count, loads):
    by_variant = [_row(variant, [r for r in results if r[0].variant == variant]) for variant in VARIANTS]
    by_language = [_row(language, [r for r in results if r[0].language == language]) for language in LANGUAGES]
    ocr = [r for r in results if r[0].variant in OCR_VARIANTS]
    ocr_seconds = sum(r[1] for r in ocr) / len(ocr)
    mix_seconds = sum(r[1] for r in results) / len(results)
    one_worker = CLAIM_SCANS * ocr_seconds / WORKER_CONCURRENCY
    mix_worker = CLAIM_SCANS * mix_seconds / WORKER_CONCURRENCY
    per_scan_parallel = parallel / scan_count
    busy = ""
    if min(loads) > (os.cpu_count() or 1):
        busy = " The cores were busy with other work during this run: the seconds are an upper bound, and the run\nby several processes shows what they got of the busy cores, not what idle cores would give."
    sizes_text = ", ".join(
        f"{variant} {sum(values) / len(values) / 1024:,.0f} KiB" for variant, values in sizes.items() if values
    )
    section = f"""## Reading invoice scans (issue 17)

Measured on {date.today().isoformat()} on {machine()}, {_tesseract_version()}, with `make bench`
(tests/bench/bench_invoice_reading.py).

{len(results)} invoices generated by demo/invoice_documents.py from demo statement lines
(seed "{SEED}", {generation:.0f} s to generate; average file {sizes_text}): French layouts of
Benin and Senegal (CFA francs), Spanish of Ecuador (USD) and Nicaragua (córdobas), Dutch of
Flemish suppliers (EUR); each as a PDF with a text layer, as a scanned PDF (a grey picture at
200 dpi, slightly skewed) and as a phone photo (JPEG or PNG, 1600 px high, rotated 1-4°, blurred,
unevenly lit, lower contrast), in turn. Each is read by `grants.ocr.read_document` and
`grants.invoice_reading.read_invoice`; a value counts as right when it equals the one printed
(the number as the SCAN rule compares it: letters and digits, without case). Seconds are per document,
one at a time; the load average of the machine was {loads[0]:.1f} before the reading and {loads[1]:.1f}
after it (this benchmark included), on {os.cpu_count()} cores.

| variant | documents | amount | currency | date | number | seconds a document | pages a second |
|---|---|---|---|---|---|---|---|
{chr(10).join(by_variant)}

| layout | documents | amount | currency | date | number | seconds a document | pages a second |
|---|---|---|---|---|---|---|---|
{chr(10).join(by_language)}

A claim of {CLAIM_SCANS} scans (scanned PDFs and photos, one page each) read by the background
worker, which runs one task at a time with one Tesseract thread: {one_worker / 60:.0f} minutes
({ocr_seconds:.2f} s a scan); with this set's share of PDFs that have a text layer,
{mix_worker / 60:.0f} minutes. The same {scan_count} scans read by {WORKERS} processes at once took
{per_scan_parallel:.2f} s a scan of wall time: {CLAIM_SCANS * per_scan_parallel / 60:.0f} minutes for
the claim with {WORKERS} workers on this machine's {os.cpu_count()} cores (and nothing left for the web server).{busy}

{_misses(results)}
"""
    rewrite_section("## Reading invoice scans", section)


if __name__ == "__main__":
    main()
