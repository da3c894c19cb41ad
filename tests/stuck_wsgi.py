"""A WSGI application whose requests never end in time but /quick, for tests/test_request_limits.py."""

import time


def application(environ, start_response):
    if environ["PATH_INFO"] != "/quick":
        time.sleep(25)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"quick" if environ["PATH_INFO"] == "/quick" else b"too late"]
