from datetime import timedelta

from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.utils import timezone

from reporting.models import WorkerHeartbeat

# Four missed heartbeats (reporting/management/commands/run_worker.py beats every 15 s).
WORKER_SILENT_AFTER = timedelta(seconds=60)


def healthz(request):
    """Answer 200 when the database answers and a background worker lives, 503 otherwise.

    For load balancers and monitors; the body says which part is down.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        worker_alive = WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - WORKER_SILENT_AFTER).exists()
    except DatabaseError:
        return JsonResponse({"database": "unreachable", "worker": "unknown"}, status=503)
    if not worker_alive:
        return JsonResponse({"database": "ok", "worker": "not running"}, status=503)
    return JsonResponse({"database": "ok", "worker": "ok"})
