# Two entry points: `make run` (demo on SQLite) and `make test` (the whole suite).
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
DEV_ENV := DEBUG=1

.PHONY: install test-packages ocr-packages messages lint run serve test audit bench load clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Tesseract and the languages of the invoices it reads (grants/ocr.py, LANGUAGES).
OCR_PACKAGES := tesseract-ocr tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-nld tesseract-ocr-eng
OCR_READY := ( langs="$$(tesseract --list-langs 2>/dev/null)"; \
	for lang in fra spa nld eng; do echo "$$langs" | grep -qx $$lang || exit 1; done )

# The tests need system packages: gettext for the catalogue check (makemessages), Debian's
# Chromium for the browser tests, Tesseract for reading scans. Showing the demo needs no root.
test-packages:
	@missing=""; \
	command -v xgettext >/dev/null 2>&1 || missing="$$missing gettext"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	$(OCR_READY) || missing="$$missing $(OCR_PACKAGES)"; \
	if [ -n "$$missing" ]; then apt-get update && apt-get install -y $$missing; fi

# The background worker reads invoice scans with Tesseract: installed when it can be (as root);
# otherwise the demo runs all the same, without reading scans, and says so.
ocr-packages:
	@$(OCR_READY) || { \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		{ apt-get update && apt-get install -y $(OCR_PACKAGES); } || echo "Tesseract could not be installed: invoice scans will not be read."; \
	else \
		echo "Tesseract is not installed: invoice scans will not be read until it is (as root: apt-get install $(OCR_PACKAGES))."; \
	fi; }

# Compiled with Babel (a Python dependency), not gettext's msgfmt.
messages: install
	$(DEV_ENV) $(PY) manage.py compile_catalogs

run: messages ocr-packages
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_demo
	@# The background worker (annual reports, reading invoice scans) runs beside the server and stops with it.
	$(DEV_ENV) $(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# As in production (deploy/serve.sh): needs SECRET_KEY; DATABASE_URL chooses the database.
serve: messages
	deploy/serve.sh

test: messages test-packages
	$(PY) -m pytest $(PYTEST_ARGS)

# Style and schema: ruff's lint and format (pyproject.toml), and no model change without its migration.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

# Production readiness: Django's deploy checks in a production environment, bandit over
# our code, pip-audit over the installed packages (needs pypi.org's JSON API; the script
# fails and says so when it cannot check them all).
audit: install
	DEBUG=0 ALLOWED_HOSTS=example.org EMAIL_URL=smtp://localhost:25 \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(PY) manage.py check --deploy --fail-level WARNING
	$(VENV)/bin/bandit -q -r project partnerships grants reporting -x '*/migrations/*'
	$(PY) .ci/audit_packages.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 locale/*/LC_MESSAGES/*.mo

bench: messages
	$(PY) tests/bench/bench_import_audit.py
	$(PY) tests/bench/bench_annual_report.py
	$(PY) tests/bench/bench_invoice_reading.py

# Against a running `make serve` on PostgreSQL (see tests/bench/bench_load.py).
load: install
	$(PY) tests/bench/bench_load.py
