"""The demo outbox shows every mail, password-reset links too: only the demo, only this machine."""

import pytest
from django.core.mail import get_connection, send_mail
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    send_mail("Reset your password", "Open http://x/accounts/password/reset/key/abc/", "a@example.com",
              ["victim@example.com"], connection=get_connection(settings.EMAIL_BACKEND, file_path=str(tmp_path)))
    return next(tmp_path.iterdir()).name


def test_the_demo_shows_it_to_this_machine(settings, outbox):
    settings.GILDE_DEMO = True
    for address in ("127.0.0.1", "::1"):
        client = Client(REMOTE_ADDR=address)
        assert client.get("/outbox/").status_code == 200
        assert b"password/reset/key/abc/" in client.get(f"/outbox/{outbox}").content


def test_debug_alone_does_not_show_it(settings, outbox):
    settings.DEBUG = True
    settings.GILDE_DEMO = False
    client = Client(REMOTE_ADDR="127.0.0.1")
    assert client.get("/outbox/").status_code == 404
    assert client.get(f"/outbox/{outbox}").status_code == 404


@pytest.mark.parametrize("address", ["203.0.113.9", "10.0.0.5", "192.168.1.20"])
def test_the_demo_does_not_show_it_to_other_machines(settings, outbox, address):
    settings.GILDE_DEMO = True
    settings.DEBUG = True
    client = Client(REMOTE_ADDR=address)
    assert client.get("/outbox/").status_code == 404
    assert client.get(f"/outbox/{outbox}").status_code == 404


@pytest.mark.parametrize("proxy_count", [0, 1])
def test_a_forwarded_header_never_makes_a_client_loopback(settings, outbox, proxy_count):
    settings.GILDE_DEMO = True
    settings.GILDE_TRUSTED_PROXY_COUNT = proxy_count
    forged = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert forged.get("/outbox/").status_code == 404


def test_a_proxy_on_this_machine_does_not_make_every_client_local(settings, outbox):
    settings.GILDE_DEMO = True
    settings.GILDE_TRUSTED_PROXY_COUNT = 1
    through_nginx = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert through_nginx.get("/outbox/").status_code == 404
    assert through_nginx.get(f"/outbox/{outbox}").status_code == 404
