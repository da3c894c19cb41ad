"""gunicorn settings for `make serve` (deploy/serve.sh); PORT, WEB_WORKERS and WEB_TIMEOUT override them."""

import multiprocessing
import os

# numpy (under pandas and matplotlib) starts OpenBLAS threads when imported: in the master
# that preloads the application they would be forked into every worker, and each worker's
# own would oversubscribe the cores. Nothing here does heavy linear algebra.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8443')}"
# One request at a time per process (sync workers), so that `timeout` really cuts a request:
# the master kills a worker that has not come back from its request within `timeout`
# seconds and starts another (the client's connection is closed). gthread workers tell the
# master they are alive from a thread of their own, so a stuck request thread was never cut.
# Four processes per core serve the waits on the database that threads used to
# (tests/bench/bench_load.py: 50 people, docs/benchmarks.md). Sync workers read a slow
# client's upload themselves: in production a proxy that buffers request bodies (nginx does
# by default) sits in front, as gunicorn's documentation asks.
worker_class = "sync"
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 4))
# The master loads and warms the application (project/warm_up.py) once before forking, so
# no web worker spends its first requests importing. A code change needs a restart, not HUP.
preload_app = True
# Report generation runs in the background worker and statements are read within bounds
# (docs/statement-files.md, "Limits": at most seconds), so no request should take long; one
# that runs past this is cut.
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
accesslog = "-"
errorlog = "-"
