"""gunicorn settings for `make serve` (deploy/serve.sh); PORT, WEB_WORKERS and WEB_TIMEOUT override them."""

import multiprocessing
import os
import threading
import time

# numpy (under pandas and matplotlib) starts OpenBLAS threads when imported: in the master
# that preloads the application they would be forked into every worker, and each worker's
# own would oversubscribe the cores. Nothing here does heavy linear algebra.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8443')}"
# Threads serve the many waits on the database; processes use the cores.
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2))
threads = 4
# The master loads and warms the application (project/warm_up.py) once before forking, so
# no web worker spends its first requests importing. A code change needs a restart, not HUP.
preload_app = True
# Report generation runs in the background worker and statements are read within bounds
# (docs/statement-files.md, "Limits": seconds), so no request should take long; one that
# runs past this is cut (below).
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
accesslog = "-"
errorlog = "-"
# Uploads of up to 20 MB (CLAIM_UPLOAD_MAX_BYTES) arrive over slow connections.
keepalive = 5


# gunicorn's `timeout` alone cuts nothing here: a gthread worker tells the master it is alive
# from its main thread, whatever its request threads do. So each worker watches its own
# requests, and when one has run past `timeout` it ends itself at once (os._exit, as the
# master's SIGKILL would): its connections close, the database rolls back what they had
# not committed, and the master starts a fresh worker. The other requests that worker was
# serving at that moment (at most threads - 1) are cut with it. Sync workers would cut a
# request alone, but without keep-alive each request then pays its own TLS handshake: the
# load test (tests/bench/bench_load.py) answered pages about twice as slowly.
def post_fork(server, worker):
    worker.requests_started = {}

    def watch():
        while True:
            time.sleep(1)
            running = [time.monotonic() - started for started in list(worker.requests_started.values())]
            if running and max(running) > timeout:
                worker.log.critical("A request ran for more than %s s: worker %s stops.", timeout, os.getpid())
                os._exit(1)

    threading.Thread(target=watch, name="request-timeout", daemon=True).start()


def pre_request(worker, req):
    worker.requests_started[threading.get_ident()] = time.monotonic()


def post_request(worker, req, environ, resp):
    worker.requests_started.pop(threading.get_ident(), None)
