"""The attendee page and the projector in a real Chromium against ``python wsgi.py``.

Each test uses its own event, so tests do not see each other's questions.
"""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.live]

ENGLISH = "How do public employment services check that agencies charge workers no fees?"
SECOND = "Which partnerships with private employment agencies have worked best so far?"
SPANISH = "¿Cómo ayudan los servicios públicos de empleo a los trabajadores migrantes?"
FRENCH = "Comment les services publics de l'emploi aident-ils les travailleurs migrants ?"
ARABIC = "كيف تساعد خدمات التوظيف العامة العمال المهاجرين؟"
# Long enough that the projector must shrink the type to fit a 720-pixel screen.
SPANISH_LONG = (
    "¿Cómo ayudan los servicios públicos de empleo a los trabajadores migrantes a encontrar "
    "un trabajo decente y a evitar las agencias que cobran comisiones ilegales?"
)
FRENCH_LONG = (
    "Comment les services publics de l'emploi aident-ils les travailleurs migrants à trouver "
    "un travail décent et à éviter les agences qui font payer des frais illégaux ?"
)
ARABIC_LONG = (
    "كيف تساعد خدمات التوظيف العامة العمال المهاجرين على إيجاد عمل لائق وتجنب الوكالات "
    "التي تفرض رسوما غير قانونية؟"
)


def open_event(new_page, live_server, code, lang="en", width=1280, path=""):
    page = new_page(width=width)
    page.goto("%s/e/%s%s?lang=%s" % (live_server.url, code, path, lang))
    expect(page.locator("#live-status")).to_have_attribute("data-status", "live")
    return page


def ask(page, text, language=None, name=None):
    """Ask through the form; returns the new question's id."""
    page.fill("#ask-text", text)
    if language:
        page.select_option("#ask-language", language)
    if name:
        page.fill("#ask-name", name)
    page.click("#ask-submit")
    expect(page.locator("#ask-feedback")).to_have_attribute("data-kind", "ok")
    item = page.locator(".q", has_text=text)
    expect(item).to_have_count(1)
    return int(item.get_attribute("data-id"))


def question(page, qid):
    return page.locator('.q[data-id="%d"]' % qid)


def test_ask_approve_vote_between_two_attendees(live_server, new_page, staff):
    code = live_server.make_event("LOOP", premoderation=True)
    alice = open_event(new_page, live_server, code)
    bob = open_event(new_page, live_server, code)

    qid = ask(alice, ENGLISH, name="Alice")
    # Only the asker sees the pending question, marked as awaiting moderation.
    pending = alice.locator("#own-list").locator('.q[data-id="%d"]' % qid)
    expect(pending).to_have_attribute("data-state", "pending")
    expect(pending.locator(".flag-pending")).to_be_visible()
    expect(pending.locator(".vote-button")).to_be_disabled()
    expect(alice.locator("#ask-feedback")).to_contain_text("moderator")
    expect(bob.locator("#open-list .q")).to_have_count(0)
    expect(bob.locator('[data-empty="open"]')).to_be_visible()
    expect(bob.locator("#own-section")).to_be_hidden()

    staff(code).moderate(qid, "approve")
    # Bob sees it arrive live; Alice sees it move to the public list and is told.
    expect(question(bob, qid)).to_have_attribute("data-state", "published")
    expect(question(bob, qid).locator(".q-text")).to_have_text(ENGLISH)
    expect(question(bob, qid).locator(".q-name")).to_have_text("Alice")
    expect(alice.locator("#open-list").locator('.q[data-id="%d"]' % qid)).to_be_visible()
    expect(alice.locator("#own-section")).to_be_hidden()
    expect(alice.locator("#notices .notice")).to_contain_text("approved")

    vote = question(bob, qid).locator(".vote-button")
    expect(vote).to_have_attribute("aria-pressed", "false")
    vote.click()
    expect(vote).to_have_attribute("aria-pressed", "true")
    expect(question(alice, qid)).to_have_attribute("data-votes", "1")
    expect(question(alice, qid).locator(".vote-count")).to_have_text("1")

    vote.click()  # withdraw
    expect(vote).to_have_attribute("aria-pressed", "false")
    expect(question(alice, qid)).to_have_attribute("data-votes", "0")
    assert not alice.js_errors and not bob.js_errors


def test_asker_learns_what_happened_to_their_question(live_server, new_page, staff):
    code = live_server.make_event("FATE", premoderation=True)
    asker = open_event(new_page, live_server, code)
    other = open_event(new_page, live_server, code)
    moderator = staff(code)

    kept = ask(asker, ENGLISH)
    dropped = ask(asker, SECOND)
    moderator.moderate(kept, "approve")
    moderator.moderate(kept, "highlight")
    expect(asker.locator("#notices")).to_contain_text("being answered")
    expect(asker.locator("#now-answering .now-answering-text")).to_have_text(ENGLISH)
    expect(other.locator("#now-answering .now-answering-text")).to_have_text(ENGLISH)
    moderator.moderate(kept, "answer")
    expect(asker.locator("#notices")).to_contain_text("was answered")
    expect(other.locator("#now-answering")).to_be_hidden()
    other.click("#tab-answered")
    expect(other.locator("#answered-list").locator('.q[data-id="%d"]' % kept)).to_be_visible()
    expect(other.locator("#panel-open")).to_be_hidden()

    moderator.moderate(dropped, "dismiss", reason="Already covered by the panel")
    expect(asker.locator("#notices")).to_contain_text("Already covered by the panel")
    own = asker.locator("#own-list").locator('.q[data-id="%d"]' % dropped)
    expect(own).to_have_attribute("data-state", "dismissed")
    expect(own.locator(".q-reason")).to_contain_text("Already covered by the panel")
    # Nobody else ever sees it.
    expect(other.locator('.q[data-id="%d"]' % dropped)).to_have_count(0)


def test_reader_sees_a_translation_and_can_show_the_original(live_server, new_page, staff):
    code = live_server.make_event("LANG")
    asker = open_event(new_page, live_server, code, lang="es")
    expect(asker.locator("#ask-language")).to_have_value("es")  # interface language
    french = open_event(new_page, live_server, code, lang="fr")
    expect(french.locator("#ask-language")).to_have_value("fr")

    qid = ask(asker, SPANISH)
    text = question(french, qid).locator(".q-text")
    expect(text).to_have_text(SPANISH)
    expect(text).to_have_attribute("lang", "es")

    staff(code).call("translate", {"question_id": qid, "language": "fr", "text": FRENCH})
    # The translation arrives live, in the reader's interface language.
    expect(text).to_have_text(FRENCH)
    expect(text).to_have_attribute("lang", "fr")
    badge = question(french, qid).locator(".q-language-badge")
    expect(badge).to_be_visible()
    toggle = question(french, qid).locator(".q-original-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(text).to_have_text(SPANISH)
    expect(toggle).to_have_attribute("aria-pressed", "true")
    # The Spanish asker reads their own words.
    expect(question(asker, qid).locator(".q-text")).to_have_text(SPANISH)


def test_language_conflict_asks_before_sending(live_server, new_page):
    code = live_server.make_event("CONF", languages="en,fr,es")
    page = open_event(new_page, live_server, code)
    page.fill("#ask-text", FRENCH)
    page.select_option("#ask-language", "en")
    page.click("#ask-submit")
    conflict = page.locator("#ask-conflict")
    expect(conflict).to_be_visible()
    expect(conflict.locator(".conflict-message")).not_to_be_empty()
    expect(page.locator("#open-list .q")).to_have_count(0)  # nothing sent yet

    conflict.locator('[data-choice="keep"]').click()
    expect(conflict).to_be_hidden()
    item = page.locator(".q", has_text=FRENCH)
    expect(item.locator(".q-text")).to_have_attribute("lang", "en")  # the asker's choice

    page.fill("#ask-text", "Quels partenariats avec les agences privées ont le mieux fonctionné ?")
    page.select_option("#ask-language", "es")
    page.click("#ask-submit")
    conflict.locator('[data-choice="detected"]').click()
    sent = page.locator(".q", has_text="Quels partenariats")
    expect(sent.locator(".q-text")).to_have_attribute("lang", "fr")


def test_pause_freezes_the_order_until_resumed(live_server, new_page):
    code = live_server.make_event("PAUSE")
    reader = open_event(new_page, live_server, code)
    voter = open_event(new_page, live_server, code)
    first = ask(reader, ENGLISH)
    second = ask(reader, SECOND)
    order = reader.locator("#open-list .q")
    expect(order).to_have_count(2)
    assert [int(i) for i in order.evaluate_all("els => els.map(e => e.dataset.id)")] == [
        first,
        second,
    ]

    reader.click("#pause-toggle")
    expect(reader.locator("#pause-toggle")).to_have_attribute("aria-pressed", "true")
    expect(reader.locator("#paused-hint")).to_be_visible()
    question(voter, second).locator(".vote-button").click()
    expect(question(reader, second)).to_have_attribute("data-votes", "1")  # count updates
    ids = order.evaluate_all("els => els.map(e => Number(e.dataset.id))")
    assert ids == [first, second]  # order frozen

    reader.click("#pause-toggle")
    expect(reader.locator("#open-list .q").first).to_have_attribute("data-id", str(second))


def test_reconnect_resyncs_changes_made_while_offline(live_server, new_page, staff):
    code = live_server.make_event("RESYNC")
    page = open_event(new_page, live_server, code)
    other = open_event(new_page, live_server, code)
    page.evaluate("window.qaLive.socket.disconnect()")
    expect(page.locator("#live-status")).to_have_attribute("data-status", "offline")

    qid = ask(other, ENGLISH)
    staff(code).call("configure", {"accepting": False})
    expect(other.locator("#ask-closed")).to_be_visible()
    expect(question(page, qid)).to_have_count(0)  # missed while offline

    page.evaluate("window.qaLive.socket.connect()")
    expect(page.locator("#live-status")).to_have_attribute("data-status", "live")
    expect(question(page, qid).locator(".q-text")).to_have_text(ENGLISH)
    expect(page.locator("#ask-closed")).to_be_visible()
    expect(page.locator("#ask-submit")).to_be_disabled()
    expect(page.locator("#ask-text")).to_be_disabled()


def test_projector_shows_the_highlighted_question(live_server, new_page, staff):
    code = live_server.make_event("PROJ")
    asker = open_event(new_page, live_server, code, lang="es")
    qid = ask(asker, SPANISH_LONG, name="Lucía")
    projector = open_event(new_page, live_server, code, path="/present")
    expect(projector.locator("#present-waiting")).to_be_visible()
    expect(projector.locator(".join-qr")).to_be_visible()
    expect(projector.locator(".present-join-url")).to_have_text("%s/e/%s" % (live_server.url, code))

    moderator = staff(code)
    moderator.call("translate", {"question_id": qid, "language": "fr", "text": FRENCH_LONG})
    moderator.call("translate", {"question_id": qid, "language": "ar", "text": ARABIC_LONG})
    moderator.moderate(qid, "highlight")
    expect(projector.locator("#present-question")).to_be_visible()
    expect(projector.locator("#present-waiting")).to_be_hidden()
    expect(projector.locator(".present-text")).to_have_text(SPANISH_LONG)
    expect(projector.locator(".present-asker")).to_contain_text("Lucía")
    translations = projector.locator(".present-translation-text")
    expect(translations).to_have_text([ARABIC_LONG, FRENCH_LONG])  # every translation, by language
    translation = translations.last
    expect(translation).to_have_attribute("lang", "fr")
    # A projector does not scroll: the question and its translation fit the screen.
    projector.set_viewport_size({"width": 1280, "height": 720})
    projector.wait_for_timeout(200)
    top = projector.locator(".present-label").bounding_box()
    bottom = translation.bounding_box()
    stage = projector.locator(".present-stage").bounding_box()
    assert top["y"] >= stage["y"] - 1
    assert bottom["y"] + bottom["height"] <= min(720, stage["y"] + stage["height"]) + 1

    moderator.moderate(qid, "unhighlight")
    expect(projector.locator("#present-waiting")).to_be_visible()
    assert not projector.js_errors


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_phone_width_has_no_horizontal_scrolling(live_server, new_page, lang):
    code = live_server.make_event("PHONE" + lang.upper())
    page = open_event(new_page, live_server, code, lang=lang, width=360)
    ask(page, "Unbroken_" + "x" * 120)  # a long word must wrap, not widen the page
    ask(page, ENGLISH, language="en", name="A rather long attendee name, from far away")
    page.click(".join-panel summary")
    expect(page.locator(".join-qr")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_arabic_page_is_right_to_left_and_mirrored(live_server, new_page):
    code = live_server.make_event("RTL")
    page = open_event(new_page, live_server, code, lang="ar")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.locator('.lang-switch a[aria-current="true"]')).to_have_attribute("lang", "ar")
    qid = ask(page, ENGLISH, language="en")
    item = question(page, qid)
    vote_box = item.locator(".vote-button").bounding_box()
    text_box = item.locator(".q-text").bounding_box()
    # Mirrored: the vote button sits at the inline start, which is the right in Arabic.
    assert vote_box["x"] > text_box["x"] + text_box["width"] - 1
    # Numbers follow the page's locale.
    expected = page.evaluate("new Intl.NumberFormat('ar').format(500)")
    expect(page.locator("#ask-counter")).to_contain_text(expected)


def test_ask_form_checks_input_and_shows_user_text_as_text(live_server, new_page):
    code = live_server.make_event("FORM")
    page = open_event(new_page, live_server, code)
    reader = open_event(new_page, live_server, code)

    page.click("#ask-submit")  # nothing written yet
    expect(page.locator("#ask-feedback")).to_have_attribute("data-kind", "error")
    expect(page.locator("#ask-feedback")).not_to_be_empty()
    page.fill("#ask-text", "y" * 501)
    expect(page.locator("#ask-counter")).to_have_class("counter is-over")
    expect(page.locator("#ask-text")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#ask-submit")).to_be_disabled()
    page.fill("#ask-text", "y" * 500)
    expect(page.locator("#ask-submit")).to_be_enabled()
    expect(page.locator("#open-list .q")).to_have_count(0)  # nothing was sent

    markup = "Is <b>this</b> shown as plain text? <img src=x onerror=window.hacked=1>"
    qid = ask(page, markup, name="<i>Mallory</i>")
    for viewer in (page, reader):
        item = question(viewer, qid)
        expect(item.locator(".q-text")).to_have_text(markup)
        expect(item.locator(".q-name")).to_have_text("<i>Mallory</i>")
        expect(item.locator("b, img, i")).to_have_count(0)
        assert viewer.evaluate("window.hacked") is None


LIVE_MODULE_SCRIPT = """async () => {
  const handlers = {};
  const sent = [];
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const socket = {
    connected: true,
    active: true,
    on(name, handler) { handlers[name] = handler; },
    timeout() { return { emit: (name, payload, ack) => sent.push({ name, payload, ack }) }; },
    connect() {},
    disconnect() {},
  };
  window.io = () => socket;
  const { connectLive, format } = await import("/static/js/live.js");
  const kinds = [];
  const live = connectLive({
    namespace: "/attendee",
    event: "X",
    strings: { timeout: "slow", offline: "away" },
    onChange: (state, kind) => kinds.push(kind),
  });
  const result = {};
  handlers.connect();
  // Arrive while the sync is in flight: one older than the snapshot, one newer.
  handlers.question({ question: { id: 1, votes: 0 }, seq: 4 });
  handlers.votes({ counts: { 2: 7 }, seq: 6 });
  sent[0].ack(null, { ok: true, event: { code: "X" }, questions: [{ id: 2, votes: 5 }],
                      me: { voted: [2] }, seq: 5 });
  await tick();
  const ids = () => [...live.state.questions.keys()];
  result.afterSync = { ids: ids(), votes: live.state.questions.get(2).votes };
  handlers.votes({ counts: { 2: 3 }, seq: 5 });  // older than the count already applied
  result.staleVotes = live.state.questions.get(2).votes;
  handlers.votes({ counts: { 2: 9 }, seq: 8 });
  result.newVotes = live.state.questions.get(2).votes;
  handlers.question({ question: { id: 3, votes: 0 }, seq: 3 });  // older than the snapshot
  result.staleQuestion = live.state.questions.has(3);
  handlers.question_removed({ id: 2, seq: 9 });
  result.removed = !live.state.questions.has(2);
  handlers.event({ event: { code: "X", accepting: false }, seq: 10 });
  result.accepting = live.state.event.accepting;
  // A reconnect replaces the whole state with the new snapshot.
  handlers.disconnect();
  socket.connected = false;
  result.offlineEmit = await live.emit("vote", {});
  socket.connected = true;
  handlers.connect();
  sent[1].ack(null, { ok: true, event: { code: "X" }, questions: [{ id: 10, votes: 1 }],
                      me: {}, seq: 20 });
  await tick();
  result.afterReconnect = { ids: ids(), seq: live.state.seq };
  const slow = live.emit("vote", { question_id: 10, on: true });
  sent[sent.length - 1].ack(new Error("operation has timed out"));
  result.timeout = await slow;
  result.kinds = kinds;
  result.format = format("%(n)s of %(max)s, %(missing)s", { n: 1, max: 2 });
  return result;
}"""


def test_live_module_orders_messages_by_seq(live_server, new_page):
    """static/js/live.js with a stand-in socket: the ordering rules of docs/protocol.md."""
    page = new_page()
    page.goto(live_server.url + "/")
    result = page.evaluate(LIVE_MODULE_SCRIPT)
    assert result["afterSync"] == {"ids": [2], "votes": 7}  # held newer count replayed
    assert result["staleVotes"] == 7
    assert result["newVotes"] == 9
    assert result["staleQuestion"] is False
    assert result["removed"] is True
    assert result["accepting"] is False
    assert result["offlineEmit"] == {"ok": False, "error": "offline", "message": "away"}
    assert result["afterReconnect"] == {"ids": [10], "seq": 20}
    assert result["timeout"] == {"ok": False, "error": "timeout", "message": "slow"}
    assert result["kinds"] == [
        "snapshot",
        "votes",
        "votes",
        "question_removed",
        "event",
        "snapshot",
    ]
    assert result["format"] == "1 of 2, %(missing)s"
