"""Load at start what the first requests of each web process would otherwise load.

The URLconf imports every view module (matplotlib and WeasyPrint among them: over a
second of CPU); each language's catalogue, URL reversing table and babel locale data,
and each template, are built on first use.
gunicorn loads project.wsgi in its master process before forking the web workers
(preload_app in deploy/gunicorn.conf.py), so this happens once, the workers share those
pages of memory, and the first people to arrive are not kept waiting.
"""

from pathlib import Path

from babel import localedata
from django.conf import settings
from django.template import engines
from django.urls import get_resolver
from django.utils import translation
from django.utils.translation import trans_real


def warm_up():
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        trans_real.translation(code)
        localedata.load(code)
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018 (reading the property fills the resolver's per-language cache)
    for engine in engines.all():
        for name in _our_templates(engine):
            engine.get_template(name)


def _our_templates(engine):
    """The templates of this project (not those of installed packages), by loader name."""
    for directory in map(Path, engine.template_dirs):
        if directory.is_relative_to(settings.BASE_DIR) and "site-packages" not in directory.parts:
            for path in directory.rglob("*.html"):
                yield path.relative_to(directory).as_posix()
