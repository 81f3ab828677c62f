from unittest import mock


def test_healthz_reports_all_up(client, db):
    with mock.patch("core.views._broker", lambda: None):
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "cache", "broker"}


def test_healthz_with_the_embedded_broker(client, db, settings, tmp_path):
    # The filesystem transport needs its folders; the real check connects to it.
    from config.celery import app

    out = tmp_path / "out"
    out.mkdir()
    with mock.patch.dict(app.conf.broker_transport_options, {"data_folder_in": str(out), "data_folder_out": str(out)}):
        response = client.get("/healthz")
    assert response.json()["checks"]["broker"]["ok"] in {True, False}
    assert response.json()["checks"]["database"]["ok"] is True


def test_healthz_answers_503_when_the_database_is_down(client, db):
    def broken():
        raise ConnectionError("database down")

    with mock.patch("core.views._database", broken), mock.patch("core.views._broker", lambda: None):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["cache"]["ok"] is True


def test_healthz_answers_503_when_the_broker_is_down(client, db):
    def broken():
        raise ConnectionRefusedError("no broker")

    with mock.patch("core.views._broker", broken):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False
