"""gunicorn's master warms the application before forking, so no web worker's first users wait."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import clear_url_caches, get_resolver
from django.utils.translation import trans_real

from project.warm_up import warm_up


def test_warm_up_loads_urls_catalogues_and_every_template_of_the_project(monkeypatch):
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    clear_url_caches()
    monkeypatch.setattr(trans_real, "_translations", {})

    warm_up()

    languages = [code for code, _name in settings.LANGUAGES]
    assert set(languages) <= set(get_resolver()._reverse_dict)
    assert set(languages) <= set(trans_real._translations)
    cached = set(loader.get_template_cache)
    ours = {
        path.relative_to(directory).as_posix()
        for directory in (settings.BASE_DIR / "project" / "templates", *Path(settings.BASE_DIR).glob("*/templates"))
        for path in directory.rglob("*.html")
    }
    assert {"base.html", "registration/login.html"} <= ours
    assert ours <= cached


def test_gunicorns_master_preloads_the_application_without_a_connection_or_thread_to_fork():
    # gunicorn reads its configuration, then imports project.wsgi, then forks the workers:
    # a database connection or a thread opened by then would be shared by all of them, or lost.
    probe = (
        "import os, runpy\n"
        "config = runpy.run_path('deploy/gunicorn.conf.py')\n"
        "import project.wsgi\n"
        "from django.db import connections\n"
        "print(config['preload_app'], sum(c.connection is not None for c in connections.all(initialized_only=True)),"
        " len(os.listdir('/proc/self/task')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "project.settings"},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "0", "1"]
