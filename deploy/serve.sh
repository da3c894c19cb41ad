#!/bin/sh
# `make serve`: CityLink as in production. DEBUG off, gunicorn over HTTPS, static files
# through WhiteNoise, and the background worker beside it; the database is DATABASE_URL's.
# TLS_CERT / TLS_KEY name a real certificate; without them a self-signed one for
# localhost is made in .serve/ (production normally sits behind a proxy that holds it).
set -eu
: "${SECRET_KEY:?Set SECRET_KEY to 50 or more random characters, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'}"
export DEBUG=0
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1}"
PY=.venv/bin/python
CERT="${TLS_CERT:-.serve/cert.pem}"
KEY="${TLS_KEY:-.serve/key.pem}"
if [ ! -f "$CERT" ]; then
    mkdir -p .serve
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj /CN=localhost \
        -keyout "$KEY" -out "$CERT" 2>/dev/null
fi
$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput -v0
if [ "${LOAD_DEMO:-0}" = "1" ]; then
    $PY manage.py load_demo --allow-production-demo
fi
$PY manage.py run_worker --no-reload -v0 &
worker=$!
trap 'kill $worker 2>/dev/null' EXIT INT TERM
.venv/bin/gunicorn project.wsgi -c deploy/gunicorn.conf.py --certfile "$CERT" --keyfile "$KEY"
