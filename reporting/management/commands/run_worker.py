import threading

from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from reporting.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 15


class Command(DatabaseWorkerCommand):
    help = "Run the background worker (django-tasks db_worker) and tell /healthz that it is alive."

    def handle(self, *args, **options):
        # The first beat is written before any task runs, so /healthz sees a starting worker.
        _record(options["worker_id"])
        stop = threading.Event()
        beat = threading.Thread(target=_beat, args=(options["worker_id"], stop), daemon=True)
        beat.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()


def _record(worker_id):
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": timezone.now()})


def _beat(worker_id, stop):
    """Record that this worker lives, every few seconds, on the thread's own connection."""
    try:
        while not stop.wait(HEARTBEAT_SECONDS):
            _record(worker_id)
    finally:
        connection.close()
