"""Files the commands write go to a folder that exists, and appear whole or not at all."""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def output_path(raw):
    """The path a command was told to write to, refused while its folder does not exist."""
    output = Path(raw)
    if not output.parent.is_dir():
        raise CommandError(_("The folder %(folder)s does not exist.") % {"folder": output.parent})
    return output


@contextmanager
def replacing(output):
    """Yield a temporary path beside `output`; once the block has written it, it replaces `output` in one step.

    A reader (or the IATI registry fetching the file) never sees half a file, and a
    failed write leaves the previous file as it was and no temporary file behind.
    """
    handle, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    os.close(handle)
    try:
        yield Path(partial)
        # On disk before the rename, so that a power cut cannot leave the new name on an
        # empty file.
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        # mkstemp makes the file private (0600); the finished file gets the
        # permissions any new file of this user gets.
        os.chmod(partial, 0o666 & ~_umask())
        os.replace(partial, output)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def write_whole(output, content):
    with replacing(output) as partial:
        partial.write_bytes(content)


def _umask():
    current = os.umask(0)
    os.umask(current)
    return current
