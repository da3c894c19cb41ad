"""Where uploaded statements wait, between the upload and the confirmation of their import.

A statement that is previewed but never confirmed stays here until `prune_uploads`
deletes it: the session that knew it may be long gone.
"""

from pathlib import Path

from django.conf import settings


def upload_folder():
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
