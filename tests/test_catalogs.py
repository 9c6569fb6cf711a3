"""The translation catalogs: complete, current and placeholder-safe; no prose outside them.

Templates and JavaScript are scanned for user-facing text that does not go through
gettext (see tests/prose_scan.py for how).
"""

import re
from gettext import c2py
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.mofile import read_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from qa_app.cli.translate import extract_messages
from qa_app.config import Config
from tests.prose_scan import attribute_blocks, js_prose, template_prose

REPO = Path(__file__).resolve().parent.parent
TRANSLATIONS = REPO / "translations"
LANGUAGES = Config.LANGUAGES


def catalog_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def load(path: Path, lang: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def entries(catalog):
    return [message for message in catalog if message.id]


def key(message) -> tuple:
    plural = isinstance(message.id, (tuple, list))  # .mo files give lists
    context = message.context
    if isinstance(context, bytes):  # babel's read_mo gives a message context as bytes
        context = context.decode("utf-8")
    return (context, message.id[0] if plural else message.id)


def strings_of(message) -> tuple:
    string = message.string
    return tuple(string) if isinstance(string, (tuple, list)) else (string,)


# --- the catalogs themselves ------------------------------------------------------


CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_a_catalog_with_the_right_header(lang):
    catalog = load(catalog_path(lang), lang)
    assert str(catalog.locale) == lang
    if lang != "ar":
        plural = get_plural(lang)
        assert (catalog.num_plurals, catalog.plural_expr) == (plural[0], plural[1])
        return
    # Arabic has six forms in the usual gettext order: zero, one, two, few (3-10),
    # many (11-99), other (100-102, ...). Each count must pick its CLDR category.
    assert catalog.num_plurals == 6
    index = c2py(catalog.plural_expr)
    category = Locale.parse("ar").plural_form
    wrong = [n for n in range(0, 1200) if CLDR_ORDER[index(n)] != category(n)]
    assert not wrong, "ar Plural-Forms picks the wrong form for %r" % wrong[:10]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_entry_is_untranslated_or_fuzzy(lang):
    catalog = load(catalog_path(lang), lang)
    assert not catalog.fuzzy, "%s: the catalog header is marked fuzzy" % lang
    offenders = [
        "%s %r" % ("fuzzy" if message.fuzzy else "untranslated", message.id)
        for message in entries(catalog)
        if message.fuzzy or not all(strings_of(message))
    ]
    assert not offenders, "%s catalog:\n  " % lang + "\n  ".join(offenders)


def test_the_english_catalog_repeats_the_source():
    catalog = load(catalog_path("en"), "en")
    wrong = [
        message.id
        for message in entries(catalog)
        if strings_of(message) != (message.id if isinstance(message.id, tuple) else (message.id,))
    ]
    assert not wrong, "en msgstr differs from msgid: %r" % wrong


PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]?\d*(?:\.\d+)?([sdifrxXeEgGc%])")


def placeholders(text: str) -> list[str]:
    """Every %-placeholder, by name (named) or by type (positional); %% is not one."""
    found = []
    for name, kind in PLACEHOLDER.findall(text):
        if kind != "%":
            found.append(name or "%" + kind)
    return sorted(found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match_between_source_and_translation(lang):
    catalog = load(catalog_path(lang), lang)
    problems = []
    for message in entries(catalog):
        if isinstance(message.id, tuple):
            allowed = set(placeholders(message.id[0])) | set(placeholders(message.id[1]))
            for form in strings_of(message):
                # A form may leave out the count ("one vote"), never invent a placeholder.
                extra = set(placeholders(form)) - allowed
                missing = allowed - {"n", "num", "count"} - set(placeholders(form))
                if extra or missing:
                    problems.append("%r -> %r" % (message.id, form))
        elif placeholders(message.id) != placeholders(message.string):
            problems.append("%r -> %r" % (message.id, message.string))
    problems += ["%r: %s" % (m.id, e) for m, errors in catalog.check() for e in errors]
    assert not problems, "%s catalog:\n  " % lang + "\n  ".join(problems)


def test_placeholder_parsing():
    assert placeholders("%(n)s of %(max)s, 100%%") == ["max", "n"]
    assert placeholders("%s and %d") == ["%d", "%s"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    extract_messages(pot)
    return load(pot)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogs_are_up_to_date_with_the_source(extracted, lang):
    source = {key(message) for message in entries(extracted)}
    catalog = {key(message) for message in entries(load(catalog_path(lang), lang))}
    missing = sorted(source - catalog, key=str)
    stale = sorted(catalog - source, key=str)
    assert not missing and not stale, (
        "%s catalog is out of date; run `flask --app qa_app translate update`, translate, "
        "then `make translations`.\n  missing: %r\n  no longer in the source: %r"
        % (lang, [m[1] for m in missing], [m[1] for m in stale])
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogs_match_the_po_files(lang):
    mo_path = catalog_path(lang).with_suffix(".mo")
    assert mo_path.exists(), "%s is missing: run `make translations`" % mo_path
    with mo_path.open("rb") as handle:
        compiled = {key(message): strings_of(message) for message in entries(read_mo(handle))}
    source = {key(message): strings_of(message) for message in entries(load(catalog_path(lang)))}
    stale = [k[1] for k, value in source.items() if compiled.get(k) != value]
    assert not stale, "%s is older than its .po: run `make translations`. %r" % (mo_path, stale)


# --- user-facing text outside the catalogs ----------------------------------------


def test_the_scanners_find_prose_and_leave_code_alone():
    template = """
        <h1 title="{{ _('Fine') }}">{{ _("Fine") }} {{ n }}</h1>
        <p>Hello there</p><input type="submit" value="Go"><img alt="A cat" src="x.png">
        <kbd>j</kbd> <kbd>Esc</kbd> <span>·</span> <a lang="ar">العربية</a>
        {% set label = "Not translated" %}{% include "part.html" %}{{ x if y else "Vote" }}
        {% trans %}Inside a trans block{% endtrans %}
        <script>el.textContent = "Loading the page";</script>
    """
    assert template_prose(template) == [
        "Not translated",
        "Vote",
        "Hello there",
        'value="Go"',
        'alt="A cat"',
        "Esc",
        "Loading the page",
    ]
    script = r"""
        // A comment with prose is fine.
        const re = /"quoted" text/g, half = a / 2 / b;
        el.classList.add("is-open", "is-big");
        list.querySelector(".q-card .votes span");
        socket.on("question_removed", onRemoved);
        if (event.key === "Escape") close();
        button.title = "Show original";
        status.textContent = `Waiting for ${name} to answer`;
        row.innerHTML = `<li class="q ${cls}">${text} <b>votes</b></li>`;
        const url = "/e/" + code + "/export.csv";
        label.textContent = strings.send;
        console.error("socket failed to connect");
        header.textContent = "Ok";
    """
    assert [text for _line, text in js_prose(script)] == [
        "Show original",
        "Waiting for \x00 to answer",
        "votes",
        "Ok",
    ]


TEMPLATES = sorted((REPO / "templates").rglob("*.html"))
SCRIPTS = sorted((REPO / "static" / "js").rglob("*.js"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(REPO)))
def test_templates_have_no_text_outside_the_catalogs(path):
    layouts = attribute_blocks(p.read_text(encoding="utf-8") for p in TEMPLATES)
    found = template_prose(path.read_text(encoding="utf-8"), layouts)
    assert not found, "%s: text not marked for translation (use _()):\n  %s" % (
        path.relative_to(REPO),
        "\n  ".join(repr(text) for text in found),
    )


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(REPO)))
def test_javascript_has_no_prose_of_its_own(path):
    found = js_prose(path.read_text(encoding="utf-8"))
    assert not found, (
        "%s: prose in JavaScript; put it in qa_app/web/client_strings.py and read it from the "
        "page's strings:\n  %s"
        % (path.relative_to(REPO), "\n  ".join("line %d: %r" % item for item in found))
    )


def test_translate_init_refuses_to_overwrite_a_catalog(runner):
    before = catalog_path("fr").read_bytes()
    result = runner.invoke(args=["translate", "init", "fr"])
    assert result.exit_code != 0 and "already a catalog for fr" in result.output
    assert catalog_path("fr").read_bytes() == before
