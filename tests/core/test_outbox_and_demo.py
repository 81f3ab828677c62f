import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_outbox_shows_sent_mail_in_the_demo_on_this_machine(client, settings, tmp_path):
    from django.core.mail import get_connection, send_mail

    settings.GILDE_DEMO = True  # and the test client's address is 127.0.0.1
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    send_mail("Confirm your email", "Open http://x/accounts/confirm-email/abc/", "a@example.com", ["b@example.com"],
              connection=get_connection(settings.EMAIL_BACKEND, file_path=str(tmp_path)))
    page = client.get("/outbox/").content.decode()
    assert "Confirm your email" in page and "b@example.com" in page
    name = next(tmp_path.iterdir()).name
    assert "confirm-email/abc/" in client.get(f"/outbox/{name}").content.decode()


def test_outbox_is_not_served_in_production(client, settings):
    settings.DEBUG = False
    assert client.get("/outbox/").status_code == 404


def test_demo_loads_and_a_second_run_changes_nothing():
    from django.apps import apps

    def counts():
        return {m._meta.label: m.objects.count() for m in apps.get_models() if not m._meta.label.startswith("sessions")}

    call_command("load_demo", verbosity=0)
    first = counts()
    assert first["accounts.User"] >= 12
    call_command("load_demo", verbosity=0)
    second = counts()
    changed = {k: (first[k], second[k]) for k in first if first[k] != second[k]}
    assert not changed
