"""The attendee page and the projector view over HTTP: identity, embedded data, languages."""

import json
import re

from qa_app.extensions import socketio


def page_data(response) -> dict:
    html = response.get_data(as_text=True)
    block = re.search(r'<script id="page-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_projector_alone_gives_an_identity_that_opens_the_attendee_socket(app, make_event):
    make_event()
    http = app.test_client()
    assert http.get("/e/EV1/present").status_code == 200
    sock = socketio.test_client(
        app, namespace="/attendee", flask_test_client=http, auth={"event": "EV1"}
    )
    assert sock.is_connected("/attendee")
    ack = sock.emit("sync", {}, namespace="/attendee", callback=True)
    assert ack["ok"] and ack["event"]["code"] == "EV1"


def test_without_a_page_visit_the_attendee_socket_is_refused(app, make_event):
    make_event()
    sock = socketio.test_client(app, namespace="/attendee", auth={"event": "EV1"})
    assert not sock.is_connected("/attendee")


def test_page_embeds_the_event_and_its_strings_in_the_reader_language(client, make_event):
    make_event(languages=["en", "fr", "es"])
    data = page_data(client.get("/e/EV1?lang=fr"))
    assert data["event"]["code"] == "EV1"
    assert data["event"]["topics"][0]["title"] == "Topic A"
    assert data["language_labels"] == {"en": "Anglais", "fr": "Français", "es": "Espagnol"}
    assert data["strings"]["live"] == "En direct"
    assert "%(n)s" in data["strings"]["votes_label"]  # placeholders survive translation


def test_question_language_defaults_to_the_interface_language_if_the_event_has_it(
    client, make_event
):
    make_event(languages=["en", "fr", "es"])
    selected = re.compile(r'<option value="(\w+)" selected>')
    assert selected.findall(client.get("/e/EV1?lang=es").get_data(as_text=True)) == ["es"]
    assert selected.findall(client.get("/e/EV1?lang=ar").get_data(as_text=True)) == ["en"]


def test_page_shows_the_event_time_in_its_own_zone(client, make_event):
    make_event()  # 14:00 UTC on 1 January 2030 in Europe/Zurich, 90 minutes
    html = client.get("/e/EV1?lang=fr").get_data(as_text=True)
    assert "15:00" in html and "16:30" in html
    assert "heure d’Europe centrale" in html


def test_arabic_pages_are_right_to_left(client, make_event):
    make_event()
    for path in ("/e/EV1?lang=ar", "/e/EV1/present?lang=ar"):
        html = client.get(path).get_data(as_text=True)
        assert '<html lang="ar" dir="rtl">' in html


def test_user_text_is_never_put_into_markup_unescaped(client, make_event):
    make_event(title='<script>alert("title")</script>')
    html = client.get("/e/EV1").get_data(as_text=True)
    assert '<script>alert("title")</script>' not in html
    assert page_data(client.get("/e/EV1"))["event"]["title"] == '<script>alert("title")</script>'
