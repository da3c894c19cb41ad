"""Statements uploaded but never confirmed do not stay on the server forever."""

import io
import os
import time

import pytest
from django.core.management import CommandError, call_command

from grants.pending_uploads import upload_folder

pytestmark = pytest.mark.usefixtures("media_root")


def an_upload(name, hours_old):
    path = upload_folder() / f"{name}.upload"
    path.write_bytes(b"line;invoice_date\n")
    then = time.time() - hours_old * 3600
    os.utime(path, (then, then))
    return path


def test_unconfirmed_uploads_older_than_a_day_are_deleted_and_recent_ones_kept():
    old, recent = an_upload("old", 25), an_upload("recent", 2)
    out = io.StringIO()

    call_command("prune_uploads", stdout=out)

    assert not old.exists() and recent.exists()
    assert "1 unconfirmed statement older than 24 hours deleted." in out.getvalue()


def test_the_age_can_be_chosen_but_not_below_an_hour():
    recent = an_upload("recent", 3)

    call_command("prune_uploads", "--hours", "2", stdout=io.StringIO())
    assert not recent.exists()
    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_uploads", "--hours", "0", stdout=io.StringIO())
