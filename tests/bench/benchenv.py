"""What every benchmark shares: a throw-away database configured as in production, and the machine."""

import os
import platform
import secrets
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def configure(prefix):
    """Point Django at a new SQLite database in a temporary folder and set it up; return the folder.

    Measured as in production: DEBUG off (no SQL logging), static files collected.
    """
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    # Pages are opened as a signed-in auditor, who has no phone for a second factor here.
    os.environ.setdefault("REQUIRE_2FA", "0")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return workdir


def machine():
    """The processor, cores, memory and versions, in one line for docs/benchmarks.md."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1_048_576:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"


def rewrite_section(marker, section):
    """Replace the section of docs/benchmarks.md that starts with `marker`, or add it at the end."""
    report = ROOT / "docs" / "benchmarks.md"
    text = (
        report.read_text()
        if report.exists()
        else ("# Benchmarks\n\nLatest figures; each section is rewritten by its benchmark.\n\n")
    )
    if marker in text:
        begin = text.index(marker)
        end = text.find("\n## ", begin + 1)
        text = text[:begin] + (section.rstrip("\n") + "\n\n" + text[end + 1 :] if end != -1 else section)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    report.write_text(text)
    print(f"written to {report}")
