"""Error reports (optional, SENTRY_DSN) carry no personal data. Checked against a
real Sentry envelope endpoint on loopback: the SDK posts there, the test reads
what arrived."""

import json
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.errors import SCRUBBED, scrub


def test_scrub_removes_bodies_cookies_addresses_and_emails():
    event = {
        "request": {
            "url": "https://gilde.example/community/ask/",
            "data": {"body": "my private problem"},
            "cookies": {"sessionid": "abc"},
            "query_string": "q=alice%40example.com",
            "headers": {"Cookie": "sessionid=abc", "X-Forwarded-For": "203.0.113.9", "User-Agent": "UA"},
        },
        "user": {"id": 7, "email": "alice@example.com", "ip_address": "203.0.113.9"},
    }
    out = scrub(event)
    assert out["request"]["data"] == out["request"]["cookies"] == out["request"]["query_string"] == SCRUBBED
    assert out["request"]["headers"]["Cookie"] == SCRUBBED and out["request"]["headers"]["X-Forwarded-For"] == SCRUBBED
    assert out["request"]["headers"]["User-Agent"] == "UA"
    assert out["user"] == {"id": 7}


@pytest.fixture
def sentry_server():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Content-Encoding") == "deflate":
                body = zlib.decompress(body)
            elif self.headers.get("Content-Encoding") == "gzip":
                body = zlib.decompress(body, 16 + zlib.MAX_WBITS)
            received.append(body)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://public@127.0.0.1:{server.server_address[1]}/1", received
    server.shutdown()


def test_an_error_report_reaches_sentry_without_personal_data(sentry_server):
    import sentry_sdk

    from core.errors import init

    dsn, received = sentry_server
    # Built at run time, so the test's own source lines (sent as stack context) do not hold them.
    email, address = "-".join(["alice", "x"]) + "@example.com", ".".join(["203", "0", "113", "9"])
    assert init(dsn, environment="test")
    try:
        with sentry_sdk.new_scope() as scope:
            scope.set_user({"id": 7, "email": email, "ip_address": address})
            scope.set_context("request", {})
            try:
                raise RuntimeError("boom in a view")
            except RuntimeError as exc:
                sentry_sdk.capture_exception(exc)
        sentry_sdk.flush(timeout=5)
    finally:
        sentry_sdk.init()  # off again for the rest of the suite
    text = b"\n".join(received).decode("utf-8", "replace")
    assert "boom in a view" in text
    assert email not in text and address not in text
    events = [json.loads(line) for line in text.splitlines() if line.startswith("{") and '"exception"' in line]
    assert events and events[0]["user"] == {"id": 7}
