"""Set-up files: import, export, import again round-trips; a bad file names every bad
field (with its line, for YAML) and changes nothing. Through the domain and the CLI."""

import json
import re
import textwrap

import pytest
from sqlalchemy import func, select

from qa_app import create_app
from qa_app.cli import demo
from qa_app.domain.access import grants
from qa_app.domain.access.accounts import find_user
from qa_app.domain.agenda import setup_files, setup_format
from qa_app.domain.store import get_event
from qa_app.extensions import db
from qa_app.models import Event, Grant, Invitation, Panelist, Series, Topic

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
