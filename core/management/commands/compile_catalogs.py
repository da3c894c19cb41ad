"""Compile the translation catalogues with Babel, so that serving the pages needs no gettext.

Django's compilemessages calls GNU gettext's msgfmt, a system package that needs root to
install; `make run` uses this command instead and only `make test` (whose makemessages
check needs xgettext) installs gettext.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand

from core.whole_files import replacing


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/django.po to django.mo with Babel (fuzzy entries left out)."

    def handle(self, *args, **options):
        for folder in settings.LOCALE_PATHS:
            for source in sorted(Path(folder).glob("*/LC_MESSAGES/django.po")):
                with open(source, "rb") as handle:
                    catalog = read_po(handle, locale=source.parent.parent.name)
                target = source.with_suffix(".mo")
                with replacing(target) as partial, open(partial, "wb") as handle:
                    write_mo(handle, catalog)
                if options["verbosity"] > 1:
                    self.stdout.write(f"{source} -> {target}")
