"""A long PDF report does not stall the real server (``python wsgi.py``, eventlet).

The PDF is laid out in a child process, so while a moderator waits for a 200-question
report the same process keeps answering other requests.
"""

import os
import re
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from qa_app import create_app
from qa_app.domain.access import grants
from qa_app.domain.access.passwords import hash_password
from qa_app.domain.access.permissions import EventGrant
from qa_app.domain.agenda import events as agenda_events
from qa_app.domain.changes import Actor
from qa_app.domain.questions import operations as questions
from qa_app.extensions import db
from qa_app.models import User

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PASSWORD = "live-test-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def prepare_database(path: Path) -> None:
    """200 answered and open questions with translations, votes and notes."""
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite:///%s" % path, "SECRET_KEY": "x", "TESTING": True}
    )
    with app.app_context():
        db.create_all()
        user = User(email="mod@example.org", name="Mod")
        user.password_hash = hash_password(PASSWORD)
        grants.give(user, "moderator")
        db.session.add(user)
        db.session.commit()
        mod = Actor(user.id, user.email, user.name, EventGrant.of("moderator"))
        event = agenda_events.new_event(
            "LIVE",
            "Live report",
            datetime(2023, 6, 15, 13, 30, tzinfo=UTC),
            timezone="Europe/Zurich",
            duration_minutes=90,
            languages=["en", "fr"],
            panelists=[{"name": "Ana"}],
        )
        for i in range(200):
            qid = questions.ask(
                event,
                "a%d" % (i % 60),
                "Question %d: how do employment services check agencies?" % i,
                language="en",
                confirm_language=True,
            ).question["id"]
            questions.translate(event, mod, qid, "fr", "Question %d : comment ?" % i)
            if i % 2:
                questions.moderate(event, mod, qid, "answer")
                questions.moderate(event, mod, qid, "note", note="Answered with examples.")
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def server(tmp_path):
    database = tmp_path / "live.db"
    prepare_database(database)
    port = free_port()
    env = {
        **os.environ,
        "QA_DATABASE_URL": "sqlite:///%s" % database,
        "QA_SECRET_KEY": "live-report-secret",
        "QA_ASYNC_MODE": "eventlet",
        "QA_MESSAGE_QUEUE": "",
    }
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "wsgi.py", "--host", HOST, "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    url = "http://%s:%d" % (HOST, port)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            assert process.poll() is None, "the server exited"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def sign_in(url: str) -> requests.Session:
    session = requests.Session()
    form = session.get(url + "/login", timeout=5).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    response = session.post(
        url + "/login",
        data={"email": "mod@example.org", "password": PASSWORD, "csrf_token": token},
        timeout=5,
        allow_redirects=False,
    )
    assert response.status_code == 302
    return session


@pytest.mark.live
def test_server_answers_while_a_long_pdf_is_made(server):
    session = sign_in(server)
    result = {}

    def download():
        started = time.monotonic()
        response = session.get(server + "/e/LIVE/export.pdf", timeout=120)
        result.update(status=response.status_code, body=response.content)
        result["seconds"] = time.monotonic() - started

    worker = threading.Thread(target=download)
    worker.start()
    time.sleep(0.5)  # the report is being laid out now
    latencies = []
    while worker.is_alive() and len(latencies) < 200:
        started = time.monotonic()
        assert requests.get(server + "/healthz", timeout=10).status_code == 200
        latencies.append(time.monotonic() - started)
        time.sleep(0.05)
    worker.join(timeout=120)
    assert result["status"] == 200 and result["body"].startswith(b"%PDF-")
    print(
        "PDF of 200 questions over HTTP: %.1f s; /healthz meanwhile: %d answers, slowest %.2f s"
        % (result["seconds"], len(latencies), max(latencies, default=0))
    )
    assert len(latencies) >= 3  # the PDF took long enough to overlap
    assert max(latencies) < 2.0  # laid out in-process it would wait for the whole PDF
