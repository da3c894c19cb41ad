"""gunicorn settings for `make serve` (deploy/serve.sh); PORT and WEB_WORKERS override them."""

import multiprocessing
import os

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
# Report generation runs in the worker, so no request should take long; a stuck one is cut.
timeout = 60
graceful_timeout = 30
accesslog = "-"
errorlog = "-"
# Uploads of up to 20 MB (CLAIM_UPLOAD_MAX_BYTES) arrive over slow connections.
keepalive = 5
