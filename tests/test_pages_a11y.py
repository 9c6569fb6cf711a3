"""Details of issue 10 over HTTP: the embed view and its framing policy, the projector's
QR switch, names that read right (UTC, languages mid-sentence, plural tabs, titles with
their language), and the report's landmarks, headings, chart tables and long timelines."""

import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest

from qa_app.config import frame_ancestors
from qa_app.exports.charts import timeline_chart, timeline_title
from qa_app.exports.summary import Bin
from tests import export_fixture as fx
from tests.export_fixture import event_fixture, reader_fixture  # noqa: F401 (fixtures)
from tests.test_attendee_pages import page_data


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response, response.get_data(as_text=True)


def test_embed_view_is_compact_and_framed_only_where_allowed(app, client, make_event):
    make_event()
    response, html = html_of(client, "/e/EV1?embed=1")
    assert 'class="attendee-page embed"' in html
    assert "join-panel" not in html  # no "join from another device" in a side panel
    assert 'href="?lang=fr&amp;embed=1"' in html  # the language switch keeps the view
    # The whole policy comes from qa_app/web/security.py; framing is its last directive.
    assert response.headers["Content-Security-Policy"].endswith("; frame-ancestors 'self'")

    app.config["FRAME_ANCESTORS"] = "'self' https://webinar.example.org http://127.0.0.1:8123"
    for path in ("/e/EV1", "/e/EV1?embed=1", "/e/EV1/present"):
        policy = client.get(path).headers["Content-Security-Policy"]
        assert policy.endswith(
            "; frame-ancestors 'self' https://webinar.example.org http://127.0.0.1:8123"
        )
    _response, full = html_of(client, "/e/EV1")
    assert 'class="attendee-page"' in full and "join-panel" in full


def test_frame_ancestors_setting_takes_csp_sources_and_refuses_anything_else():
    assert frame_ancestors(None) == frame_ancestors("") == "'self'"
    assert frame_ancestors("'self'  https://a.example http://127.0.0.1:8000") == (
        "'self' https://a.example http://127.0.0.1:8000"
    )
    for bad in ("*", "https://a.example/path", "javascript:alert(1)", "'unsafe-inline'"):
        with pytest.raises(ValueError, match="QA_FRAME_ANCESTORS"):
            frame_ancestors(bad)


def test_projector_qr_code_can_be_turned_off(client, make_event):
    make_event()
    _response, with_qr = html_of(client, "/e/EV1/present")
    assert "join-qr" in with_qr and 'class="present-page"' in with_qr
    _response, without = html_of(client, "/e/EV1/present?qr=0")
    assert "join-qr" not in without and 'class="present-page no-qr"' in without


def test_a_utc_event_says_utc(client, make_event):
    make_event(timezone="UTC")
    for lang in ("en", "fr", "es", "ar"):
        _response, html = html_of(client, "/e/EV1?lang=%s" % lang)
        assert "(UTC)" in html, lang
        assert "Unknown" not in html and "inconnue" not in html


def test_language_names_mid_sentence_and_tabs_in_the_plural(client, make_event):
    make_event(languages=["en", "fr", "es"])
    data = page_data(client.get("/e/EV1?lang=fr"))
    assert data["language_names"] == {"en": "anglais", "fr": "français", "es": "espagnol"}
    assert data["language_labels"]["es"] == "Espagnol"  # the menu's label
    assert data["strings"]["answered_tab"] == "Répondues"
    assert data["strings"]["answered"] == "Répondue"  # one question's state
    _response, html = html_of(client, "/e/EV1?lang=fr")
    assert re.search(r'id="tab-answered"[^>]*>\s*Répondues', html)


def test_event_titles_carry_their_language_and_direction(client, make_event):
    make_event(languages=["fr", "en"], title="Services publics de l'emploi")
    for path in ("/e/EV1?lang=ar", "/e/EV1/present?lang=ar"):
        _response, html = html_of(client, path)
        assert '<h1 id="event-title" lang="fr" dir="auto">' in html


def report(http):
    response = http.get("/e/FRI/export.html")
    assert response.status_code == 200
    return fx.parse_html(response.data.decode("utf-8"))


def test_report_has_a_main_landmark_and_headings_in_order(reader):
    page = report(reader)
    assert len(page.find_all("main")) == 1
    levels = [int(m) for m in re.findall(r"<h([1-6])\b", reader.get("/e/FRI/export.html").text)]
    assert levels[0] == 1
    jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert not jumps, levels


def test_every_chart_carries_its_numbers_as_a_table(reader):
    page = report(reader)
    for figure in page.find_all("figure", data_chart=True):
        table = figure.find("table")
        assert "visually-hidden" in table.attrs["class"]
        assert table.find("caption").text() == figure.find("figcaption").text()
        heads = [th.text() for th in table.find("thead").find_all("th")]
        body = table.find("tbody").find_all("tr")
        if figure.attrs["data-chart"] == "timeline":
            assert heads == ["Time", "Questions", "Votes"]
            assert len(body) == len(figure.find_all("g", class_="bin"))
            total = sum(int(tr.find_all("td")[0].text()) for tr in body)
            assert total == int(figure.attrs["data-total"])
        else:
            assert heads[1] == "Questions"
            counts = [int(tr.find("td").text()) for tr in body]
            assert counts == [
                int(g.attrs["data-count"]) for g in figure.find_all("g", class_="bar")
            ]


def test_a_long_timeline_counts_in_days_and_labels_dates(app):
    event = {"starts_at": "2023-06-15T13:30:00Z", "timezone": "Europe/Zurich"}
    start = datetime(2023, 6, 15, 13, 30, tzinfo=UTC)
    bins = [Bin(start + timedelta(days=27 * i), i % 3, i) for i in range(40)]
    with app.test_request_context("/?lang=en"):
        assert timeline_title(5) == "Questions and votes over time (5-minute intervals)"
        assert timeline_title(1440) == "Questions and votes over time (one-day intervals)"
        title = timeline_title(27 * 1440)
        assert title == "Questions and votes over time (27-day intervals)"
        chart = fx.parse_html(str(timeline_chart(title, 27 * 1440, bins, event)))
    ticks = [t.text() for t in chart.find_all("text") if t.attrs.get("font-size") == "9"]
    assert ticks[0] == "Jun 15, 2023"  # dates, not "15:30" over and over
    assert all(re.search(r"\b20(23|24|25|26)\b", tick) for tick in ticks), ticks
    rows = chart.find("tbody").find_all("tr")
    assert rows[1].find("th").text() == "Jul 12, 2023"
