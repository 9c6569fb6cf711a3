"""``flask translate init|update|compile``: the catalogs, around pybabel."""

import subprocess
import sys
import tempfile
from pathlib import Path

import click
from flask.cli import AppGroup

from qa_app.config import REPO_ROOT

translate_cli = AppGroup("translate", help="Translation catalogs (wraps pybabel).")


# Every gettext-like call in the code and the templates; the catalog tests use the same list.
KEYWORDS = (
    "_",
    "_l",
    "N_",
    "gettext",
    "lazy_gettext",
    "ngettext:1,2",
    "lazy_ngettext:1,2",
    "pgettext:1c,2",
    "npgettext:1c,2,3",
)
TRANSLATIONS_DIR = REPO_ROOT / "translations"


def _pybabel(*args, quiet=False):
    options = ["-q"] if quiet else []
    command = [sys.executable, "-m", "babel.messages.frontend", *options, *args]
    subprocess.run(command, check=True, cwd=REPO_ROOT)


def extract_messages(pot) -> None:
    """Write every translatable string of qa_app/ and templates/ to the template ``pot``."""
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "--no-default-keywords",
        *keywords,
        "--add-comments=TRANSLATORS:",
        "--project=qa_app",
        "-o",
        str(pot),
        ".",
        quiet=True,
    )


@translate_cli.command("update")
def translate_update():
    """Extract messages and merge them into every catalog (new entries start empty)."""
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        extract_messages(pot)
        _pybabel(
            "update",
            "-i",
            str(pot),
            "-d",
            str(TRANSLATIONS_DIR),
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        )
        click.echo("Catalogs updated; fill in the new entries, then run `flask translate compile`.")


@translate_cli.command("init")
@click.argument("lang")
def translate_init(lang):
    """Start a catalog for a new language."""
    if (TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po").exists():
        raise click.ClickException("There is already a catalog for %s." % lang)
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        extract_messages(pot)
        _pybabel("init", "-i", str(pot), "-d", str(TRANSLATIONS_DIR), "-l", lang)


@translate_cli.command("compile")
def translate_compile():
    """Build the .mo files the app reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS_DIR), "--statistics")
