"""Every command of ../shared/PROTOCOL.md, typed as it is written there.

Scripts outside the project are written against that file, so each command it names is
read from it, given concrete values for its placeholders (EMAIL, CODE, ...), and run with
the same argument list a shell would pass (``shlex.split``). A command added to the file
without a line here fails the test, so the two cannot drift apart.
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from qa_app.domain.access.accounts import find_user
from qa_app.domain.access.passwords import verify_password
from qa_app.extensions import db
from qa_app.models import Event

REPO = Path(__file__).resolve().parent.parent
PROTOCOL = REPO.parent / "shared" / "PROTOCOL.md"
PASSWORD = "plum orchard lantern violet"

# Each command as PROTOCOL.md writes it -> the command lines that exercise it, in order.
# ``!`` before a line: the command must refuse (exit status 1, a clear message).
RUNS = {
    "flask --app qa_app init-db": ["init-db"],
    "flask --app qa_app users create EMAIL --role ROLE --password PASSWORD [--name NAME]": [
        f"users create admin@example.org --role admin --password '{PASSWORD}' --name Ada",
        f"users create mod@example.org --role moderator --password '{PASSWORD}'",
    ],
    "flask --app qa_app events create CODE --title TITLE [--languages en,fr,es] "
    "[--premoderation]": [
        "events create PROTO --title 'Protocol check'",
        "events create PROTO-2 --title 'Second' --languages en,fr,es --premoderation",
    ],
    "flask --app qa_app demo": ["demo"],
    "users create EMAIL --role R --password P [--event CODE ...]": [
        f"users create fac@example.org --role facilitator --password '{PASSWORD}' "
        "--event PROTO --event PROTO-2",
        f"users create int@example.org --role interpreter --password '{PASSWORD}'",
    ],
    "events list|show|update|duplicate CODE NEW_CODE|archive": [
        "events list",
        "events show PROTO",
        "events update PROTO --title 'Protocol check, updated'",
        "events duplicate PROTO PROTO-3",
        "events archive PROTO-3",
    ],
    "events export-setup CODE [-o FILE]": [
        "events export-setup PROTO",
        "events export-setup PROTO -o {tmp}/proto.json",
    ],
    "events import FILE": ["events import {tmp}/imported.json"],
    "topics add|list|remove": [
        "topics add PROTO 'Fair recruitment'",
        "topics list PROTO",
        "topics remove PROTO {topic_id} --yes",
    ],
    "panelists add|list|remove": [
        "panelists add PROTO 'Ana Pérez' --organisation PES --languages es,en",
        "panelists list PROTO",
        "panelists remove PROTO {panelist_id}",
    ],
    "staff invite CODE EMAIL --role R": ["staff invite PROTO new@example.org --role moderator"],
    "|list|revoke": ["staff list PROTO", "staff revoke PROTO fac@example.org"],
    "users create": [f"users create plain@example.org --role panelist --password '{PASSWORD}'"],
    "panelists add ... --languages": ["panelists add PROTO 'Omar' --languages fr,ar"],
    "staff invite CODE EMAIL --role panelist --seat NAME": [
        "staff invite PROTO omar@example.org --role panelist --seat Omar",
        "! staff invite PROTO omar@example.org --role moderator --seat Omar",
    ],
    "events purge": ["! events purge PROTO-3 --yes"],
}
# Named by the v3 additions, built by the issues on the organiser's first hour and on
# every language; each moves up into RUNS with the feature.
PENDING = {
    "topics add CODE TITLE [--title LANG=TEXT ...]": "issue 20 (topic titles per language)",
}
NOT_CLI = {
    "flask --app qa_app ...",  # the prefix every command shares
    "python wsgi.py [--host 127.0.0.1] [--port 5000]",  # tests/test_live_server.py
    "python -m bench ... --baseline",  # tests/test_bench.py
}


def protocol_commands() -> list[str]:
    if not PROTOCOL.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared/PROTOCOL.md is missing")
        pytest.skip("../shared/PROTOCOL.md is not beside this checkout")
    text = PROTOCOL.read_text()
    starts = r"(flask |python |users |events |topics |panelists |staff |\|list)"
    return [span for span in re.findall(r"`([^`]+)`", text) if re.match(starts, span)]


def test_every_protocol_command_is_exercised_here():
    commands = set(protocol_commands())
    assert commands == set(RUNS) | set(PENDING) | NOT_CLI


def test_every_protocol_command_runs_as_written(invoke, cli_app, tmp_path):
    protocol_commands()  # skips without ../shared
    values = {"tmp": tmp_path}

    def run(line: str):
        refuse = line.startswith("! ")
        args = shlex.split(line.removeprefix("! ").format(**values))
        result = invoke(*args, ok=not refuse)
        if refuse:
            assert result.output.strip(), line
        return result

    ran = []
    for command in RUNS:
        if command == "events import FILE":
            exported = (tmp_path / "proto.json").read_text()
            (tmp_path / "imported.json").write_text(exported.replace('"PROTO"', '"PROTO-4"'))
        for line in RUNS[command]:
            output = run(line).output
            ran.append(line)
            if line.startswith("topics add PROTO"):
                values["topic_id"] = re.search(r"\b(\d+)\b", output).group(1)
            if line.startswith("panelists add PROTO 'Ana"):
                values["panelist_id"] = re.search(r"\b(\d+)\b", output).group(1)

    with cli_app.app_context():
        # users create without --name: the name is the e-mail's local part.
        assert find_user("mod@example.org").name == "mod"
        assert find_user("admin@example.org").name == "Ada"
        assert verify_password(find_user("plain@example.org").password_hash, PASSWORD)
        codes = set(db.session.scalars(db.select(Event.code)))
        assert {"PROTO", "PROTO-2", "PROTO-3", "PROTO-4", "FRI-PES"} <= codes
    assert len(ran) == sum(len(lines) for lines in RUNS.values())


def test_the_entry_point_is_the_one_written(tmp_path):
    """``flask --app qa_app`` itself, in a fresh process, as a script would call it."""
    protocol_commands()
    env = {
        **os.environ,
        "QA_DATABASE_URL": "sqlite:///%s" % (tmp_path / "qa.db"),
        "QA_SECRET_KEY": "protocol-test-key",
        "QA_ASYNC_MODE": "threading",
    }
    env.pop("FLASK_APP", None)
    argv = [sys.executable, "-m", *shlex.split("flask --app qa_app init-db")]
    result = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Database ready" in result.stdout
