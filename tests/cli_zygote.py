"""``flask --app qa_app ARGS`` in a fresh process, without paying for the imports each time.

``python -m tests.cli_zygote`` imports, once, every library module that the CLI loads
(found by a throwaway child that runs ``init-db`` on a scratch database), but nothing of
``qa_app`` itself: ``qa_app.config`` reads the environment when it is imported. For each
command it forks a child that takes the command's environment, standard input and output,
imports ``qa_app`` and runs Flask's own command line, exactly as ``python -m flask`` does.
A command costs about a quarter of the CPU of a new interpreter (tests/live.py flask_cli).

Protocol: one JSON object a line on standard input, ``{"env", "args", "input"}``; one
JSON line back on the original standard output, ``{"rc", "stdout", "stderr"}``.
"""

import contextlib
import importlib
import json
import os
import sys
import tempfile
import threading

PROGRAM = ["--app", "qa_app"]


def run_flask(args: list[str]) -> int:
    """In a forked child: Flask's command line, as ``python -m flask`` runs it."""
    from flask.cli import cli

    try:
        cli.main(args=PROGRAM + list(args), prog_name="flask")
    except SystemExit as exit_:
        code = exit_.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)
        return 1
    return 0


def fork_command(env: dict, args: list[str], stdin: str | None) -> dict:
    with (
        tempfile.TemporaryFile() as given,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        given.write((stdin or "").encode())
        given.seek(0)
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 70
            try:
                os.dup2(given.fileno(), 0)
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                os.environ.clear()
                os.environ.update(env)
                code = run_flask(args)
            except BaseException:  # reported as a Python child would report it
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                with contextlib.suppress(Exception):
                    sys.stdout.flush()
                    sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        out.seek(0)
        err.seek(0)
        return {
            "rc": os.waitstatus_to_exitcode(status),
            "stdout": out.read().decode(errors="replace"),
            "stderr": err.read().decode(errors="replace"),
        }


def libraries_the_cli_loads() -> list[str]:
    """Module names (outside qa_app) that ``init-db`` loads, from a throwaway child."""
    with tempfile.TemporaryDirectory() as scratch:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            code = 1
            try:
                devnull = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(devnull, fd)
                before = set(sys.modules)
                os.environ.update(
                    QA_DATABASE_URL="sqlite:///%s/warm.db" % scratch,
                    QA_SECRET_KEY="cli-zygote-warm-up-key",
                    QA_MESSAGE_QUEUE="",
                    QA_ASYNC_MODE="threading",
                )
                run_flask(["init-db"])
                names = [
                    name
                    for name in sys.modules
                    if name not in before
                    and name.split(".")[0] != "qa_app"
                    and not name.startswith("__")
                ]
                with os.fdopen(write, "w") as pipe:
                    json.dump(names, pipe)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        with os.fdopen(read) as pipe:
            text = pipe.read()
        os.waitpid(pid, 0)
    return json.loads(text) if text else []


def main() -> None:
    # The protocol gets its own descriptors; 0 and 1 are left to the children.
    requests = os.fdopen(os.dup(0), "r")
    replies = os.fdopen(os.dup(1), "w")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    for name in libraries_the_cli_loads():
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    # A fork copies one thread only: a library that started one here would break children.
    ready = {"ready": threading.active_count() == 1}
    replies.write(json.dumps(ready) + "\n")
    replies.flush()
    if not ready["ready"]:
        return
    for line in requests:
        request = json.loads(line)
        reply = fork_command(request["env"], request["args"], request.get("input"))
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


if __name__ == "__main__":
    main()
