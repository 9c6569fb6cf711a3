"""Set-up files: import, export, import again round-trips; a bad file names every bad
field (with its line, for YAML) and changes nothing. Through the domain and the CLI."""

import json
import re
import textwrap
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from qa_app import create_app
from qa_app.cli import demo
from qa_app.domain.access import grants
from qa_app.domain.access.accounts import find_user
from qa_app.domain.agenda import setup_files, setup_format
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Event, Grant, Invitation, Panelist, Series, Topic
from tests.hypothesis_profile import EXAMPLE_DEADLINE

GOOD = textwrap.dedent(
    """\
    event:
      code: KE-7
      title: Knowledge exchange 7
      description: Public employment services and fair recruitment.
      starts_at: "2030-06-12T15:30"
      timezone: Europe/Zurich
      duration_minutes: 90
      languages: [en, fr, es]
      premoderation: true
      question_cap: 3
      public: true
      series: {code: KE, title: Knowledge exchanges, description: Monthly}
    topics:
      - Fair mobility
      - Outreach to employers
    panel:
      - {name: Sara, organisation: EURES Sweden, languages: [en, fr]}
      - {name: Karim, organisation: ATCT, languages: [fr, ar]}
    staff:
      - {email: mod@example.org, role: moderator}
      - {email: int@example.org, role: interpreter, languages: [fr]}
    """
)
BAD = textwrap.dedent(
    """\
    event:
      code: KE 7
      title: ""
      timezone: Mars/Olympus
      languages: [en, de]
      colour: red
    topics:
      - Fair mobility
      - 42
    panel:
      - {name: Sara, languages: [xx]}
      - {organisation: No name}
    staff:
      - {email: not-an-address, role: moderator}
      - {email: a@example.org, role: admin}
    """
)


def _fresh(tmp_path, name):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///%s" % (tmp_path / name),
            "ASYNC_MODE": "threading",
            "MESSAGE_QUEUE": None,
        }
    )
    with app.app_context():
        db.create_all()
    return app


def _import(text, fmt="yaml"):
    data, lines = setup_format.load(text, fmt)
    return setup_files.import_setup(data, lines)


def _totals() -> dict:
    models = (Event, Topic, Panelist, Series, Grant, Invitation)
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in models}


def test_import_export_import_round_trips(tmp_path):
    first, second = _fresh(tmp_path, "a.db"), _fresh(tmp_path, "b.db")
    with first.app_context():
        imported = _import(GOOD)
        assert [email for email, _role, _token in imported.invitations] == [
            "mod@example.org",
            "int@example.org",
        ]
        event = get_event("KE-7")
        assert event.starts_at.isoformat() == "2030-06-12T13:30:00+00:00"
        assert (event.question_cap, event.public, event.series.code) == (3, True, "KE")
        exported = setup_files.export_setup(event)
        text = setup_format.dump(exported, "json")
        assert exported["event"]["starts_at"] == "2030-06-12T15:30"
        assert exported["staff"][0] == {
            "email": "int@example.org",
            "role": "interpreter",
            "languages": ["fr"],
        }
    with second.app_context():
        _import(text, "json")
        again = setup_files.export_setup(get_event("KE-7"))
        assert again == exported
        assert setup_format.load(setup_format.dump(again, "yaml"), "yaml")[0] == exported


def test_existing_accounts_get_grants_and_panel_links(tmp_path, make_user):
    app = _fresh(tmp_path, "a.db")
    with app.app_context():
        from qa_app.domain.access import accounts

        accounts.create_account("mod@example.org", "amber falcon ledger", "Mod")
        accounts.create_account("sara@example.org", "amber falcon ledger", "Sara")
        text = GOOD.replace(
            "languages: [en, fr]}", "languages: [en, fr], account: sara@example.org}"
        )
        imported = _import(text)
        assert imported.granted == [("mod@example.org", "moderator")]
        assert [i[0] for i in imported.invitations] == ["int@example.org"]
        event = get_event("KE-7")
        assert grants.grant_for(find_user("mod@example.org").id, event).roles == {"moderator"}
        assert grants.grant_for(find_user("sara@example.org").id, event).roles == {"panelist"}
        assert event.panelists[0].user.email == "sara@example.org"


def test_a_bad_file_names_every_bad_field_with_its_line_and_changes_nothing(tmp_path):
    app = _fresh(tmp_path, "a.db")
    with app.app_context():
        _import(GOOD.replace("KE-7", "OTHER"))
        before = _totals()
        with pytest.raises(setup_format.SetupFileError) as caught:
            _import(BAD)
        found = {(setup_format.path_text(p.path), p.line) for p in caught.value.problems}
        assert found == {
            ("event.code", 2),
            ("event.title", 3),
            ("event.timezone", 4),
            ("event.languages", 5),
            ("event.colour", 6),
            ("topics[1]", 9),
            ("panel[0].languages", 11),
            ("panel[1].name", 12),
            ("staff[0].email", 14),
            ("staff[1].role", 15),
        }
        db.session.rollback()
        assert _totals() == before


def test_a_used_code_and_syntax_errors_are_refused(tmp_path):
    app = _fresh(tmp_path, "a.db")
    with app.app_context():
        _import(GOOD)
        with pytest.raises(setup_format.SetupFileError) as caught:
            _import(GOOD)
        [problem] = caught.value.problems
        assert (setup_format.path_text(problem.path), problem.line) == ("event.code", 2)
        assert "already exists" in str(problem.error)
        with pytest.raises(setup_format.SetupFileError) as caught:
            _import("event:\n  code: [unclosed\n")
        assert caught.value.problems[0].line == 3
        with pytest.raises(setup_format.SetupFileError) as caught:
            _import('{"event": }', "json")
        assert caught.value.problems[0].line == 1
        with pytest.raises(setup_format.SetupFileError):
            _import("- just\n- a list\n")


def test_cli_import_and_export(cli_app, invoke, tmp_path):
    good = tmp_path / "ke7.yaml"
    good.write_text(GOOD)
    out = invoke("events", "import", str(good)).output
    assert "Created event KE-7" in out
    links = re.findall(r"Invitation for (\S+) \((\w+)\): (http://\S+/invite/\S+)", out)
    assert [(email, role) for email, role, _link in links] == [
        ("mod@example.org", "moderator"),
        ("int@example.org", "interpreter"),
    ]
    exported = json.loads(invoke("events", "export-setup", "KE-7").output)
    assert exported["event"]["code"] == "KE-7" and len(exported["panel"]) == 2
    target = tmp_path / "out.yml"
    invoke("events", "export-setup", "KE-7", "-o", str(target))
    assert setup_format.load(target.read_text(), "yaml")[0] == exported
    invoke("events", "export-setup", "KE-7", "-o", str(tmp_path / "out.txt"), ok=False)

    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD)
    refused = invoke("events", "import", str(bad), ok=False)
    assert "bad.yaml:4: event.timezone: Unknown time zone." in refused.output
    assert "10 problems; nothing was imported." in refused.output
    with cli_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 1


def test_the_demo_is_the_shipped_set_up_file(cli_app, invoke):
    data, _lines = setup_format.load(demo.SETUP_FILE.read_text(), "yaml")
    invoke("demo")
    with cli_app.app_context():
        exported = setup_files.export_setup(get_event(demo.CODE))
    for key in ("code", "title", "starts_at", "timezone", "languages", "duration_minutes"):
        assert exported["event"][key] == data["event"][key]
    assert exported["topics"] == data["topics"]
    assert exported["panel"] == data["panel"]
    assert sorted(exported["staff"], key=lambda s: s["email"]) == sorted(
        data["staff"], key=lambda s: s["email"]
    )


# --- limits: a set-up file cannot exhaust the host (issue 17, item 8) -----------------

BILLION_LAUGHS = textwrap.dedent(
    """\
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    """
)


def _refusal(text, fmt="yaml") -> str:
    with pytest.raises(setup_format.SetupFileError) as refused:
        setup_format.load(text, fmt)
    (problem,) = refused.value.problems
    return problem.error.message % problem.error.params


def test_the_billion_laughs_is_refused_at_once():
    started = time.monotonic()
    assert "aliases" in _refusal(BILLION_LAUGHS)
    assert "aliases" in _refusal("event: &e {code: A}\nother: 1\n")
    assert time.monotonic() - started < 1


def test_a_22_mb_json_is_refused_unread(tmp_path):
    big = tmp_path / "big.json"
    big.write_text('{"topics": [%s]}' % ",".join(['"x"'] * 5_500_000))
    assert big.stat().st_size > 22_000_000
    started = time.monotonic()
    with open(big, "rb") as source, pytest.raises(setup_format.SetupFileError) as refused:
        setup_format.read(source)
    assert "1 MB" in refused.value.problems[0].error.message
    assert time.monotonic() - started < 1
    assert "1 MB" in _refusal(big.read_text()[: 2 * setup_format.MAX_BYTES], "json")


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_5000_deep_nesting_is_one_problem(fmt):
    deep = "[" * 5000 + "]" * 5000
    assert "Nested too deeply" in _refusal(deep, fmt)
    assert "Nested too deeply" in _refusal('{"a":' * 5000 + "1" + "}" * 5000, fmt)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_too_many_values_are_one_problem(fmt):
    assert "Too many values" in _refusal(json.dumps({"topics": ["t"] * 20_000}), fmt)


@given(
    depth=st.integers(1, 60),
    width=st.one_of(
        st.integers(0, 3 * setup_format.MAX_ITEMS),
        st.integers(setup_format.MAX_ITEMS - 120, setup_format.MAX_ITEMS),
    ),
    fmt=st.sampled_from(["yaml", "json"]),
)
@settings(max_examples=40, deadline=EXAMPLE_DEADLINE)
def test_limits_hold_for_any_shape(depth, width, fmt):
    """Within the limits a document loads as written; past any of them, one problem."""
    text = '{"a":' * (depth - 1) + json.dumps(["x"] * width) + "}" * (depth - 1)
    values = 2 * depth - 1 + width  # every mapping, key and list, and each item
    if depth <= setup_format.MAX_DEPTH - (1 if width else 0) and values <= setup_format.MAX_ITEMS:
        data, _lines = setup_format.load(text, fmt)
        for _ in range(depth - 1):
            data = data["a"]
        assert data == ["x"] * width
    else:
        with pytest.raises(setup_format.SetupFileError) as refused:
            setup_format.load(text, fmt)
        assert len(refused.value.problems) == 1


@given(size=st.integers(setup_format.MAX_BYTES - 10, setup_format.MAX_BYTES + 10))
@settings(max_examples=10, deadline=EXAMPLE_DEADLINE)
def test_the_size_limit_is_exact(size):
    text = "#" * (size - 1) + "\n"
    if size <= setup_format.MAX_BYTES:
        assert setup_format.load(text, "yaml") == (None, {})
    else:
        assert "1 MB" in _refusal(text)


@pytest.mark.parametrize(
    "name, text",
    [
        ("laughs.yaml", BILLION_LAUGHS),
        ("deep.yaml", "[" * 5000 + "]" * 5000),
        ("deep.json", "[" * 5000 + "]" * 5000),
        ("big.json", '{"topics": [%s]}' % ",".join(['"x"'] * 400_000)),
    ],
)
def test_cli_refuses_in_one_line(invoke, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    refused = invoke("events", "import", str(path), ok=False)
    lines = [line for line in refused.output.splitlines() if line.strip()]
    assert len(lines) == 2, refused.output  # the problem, then "1 problems; nothing ..."
    assert lines[0].startswith(str(path)), refused.output
