"""Audit the installed packages with pip-audit; fail on a known vulnerability or on a package not checked.

pip-audit asks PyPI's JSON API (/pypi/NAME/VERSION/json) about every installed package.
Without a connection it stops with an error; behind a proxy that answers 404 there it
reports each package as "not found on PyPI", prints "No known vulnerabilities found" and
exits 0: an audit that checked nothing. Only this project itself (installed editable, not
on PyPI) may go unchecked. Run by `make audit` with the virtualenv's Python.

AUDIT_UNREACHABLE=warn turns "could not check" into a loud warning instead of a failure,
for machines that reach the package index but not its vulnerability data (our CI
machines); a vulnerability found still fails.
"""

import json
import os
import subprocess  # nosec B404 # runs pip-audit only, see main()
import sys
import tempfile
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def fail(message):
    print(f"make audit: {message}", file=sys.stderr)
    return 1


def not_checked(message):
    if os.environ.get("AUDIT_UNREACHABLE") == "warn":
        print(f"make audit: WARNING, PACKAGES NOT AUDITED: {message}", file=sys.stderr)
        return 0
    return fail(message)


def main():
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "pip-audit.json"
        run = subprocess.run(  # nosec B603 # fixed arguments, our own virtualenv's pip-audit
            [
                PIP_AUDIT,
                "--progress-spinner",
                "off",
                "--skip-editable",
                "--desc",
                "off",
                "--format",
                "json",
                "--output",
                report,
            ],
            capture_output=True,
            text=True,
        )
        if not report.exists() or not report.read_text().strip():
            sys.stderr.write(run.stderr)
            return not_checked(
                "pip-audit could not reach the vulnerability service (PyPI's JSON API): "
                "no package was checked. It needs network access to pypi.org."
            )
        dependencies = json.loads(report.read_text())["dependencies"]

    unchecked = [d for d in dependencies if d.get("skip_reason") and "editable" not in d["skip_reason"]]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln["fix_versions"]) or "no fixed version yet"
            print(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})", file=sys.stderr)
    if vulnerable:
        return fail(
            f"known vulnerabilities in {len(vulnerable)} of the installed packages (listed above): raise their pins in pyproject.toml."
        )
    if unchecked:
        names = ", ".join(d["name"] for d in unchecked[:5]) + (", ..." if len(unchecked) > 5 else "")
        return not_checked(
            f"the audit is incomplete: pip-audit could not check {len(unchecked)} of {len(dependencies)} "
            f"installed packages ({names}) against the vulnerability service; it says: {unchecked[0]['skip_reason']}. "
            "When that is every package, PyPI's JSON API (pypi.org/pypi/NAME/VERSION/json) is not reachable from this machine."
        )
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        return fail(f"pip-audit failed (exit {run.returncode}).")
    checked = [d for d in dependencies if "vulns" in d]
    print(f"pip-audit: no known vulnerability in the {len(checked)} installed packages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
