"""A WSGI application whose request never ends in time, for tests/test_request_limits.py."""

import time


def application(environ, start_response):
    time.sleep(25)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"too late"]
