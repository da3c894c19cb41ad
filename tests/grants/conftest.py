"""Fixtures of the claim tests."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def thread_language():
    """A request leaves the reader's language active in the thread: give the previous one back."""
    with translation.override(translation.get_language()):
        yield
