"""The translation catalogs: complete, current and placeholder-safe; no prose outside them.

Templates and JavaScript are scanned for user-facing text that does not go through
gettext: templates with ``html.parser`` after removing the Jinja tags, JavaScript with a
small tokenizer that finds string literals (comments and regular expressions skipped).
"""

import re
from gettext import c2py
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.mofile import read_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from qa_app.cli import extract_messages
from qa_app.config import Config

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
    return (message.context, message.id[0] if plural else message.id)


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

AUTONYMS = {"English", "Français", "Español", "العربية"}
# Attributes a person reads or hears; the value of a button is its label.
TEXT_ATTRIBUTES = {
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-placeholder",
    "aria-roledescription",
    "aria-valuetext",
    "alt",
    "label",
}
BUTTON_INPUTS = {"button", "submit", "reset"}
GETTEXT_CALL = re.compile(r"\b(?:_|_l|N_|gettext|lazy_gettext|ngettext|pgettext|npgettext)\(")
JINJA_TAG = re.compile(r"{#.*?#}|{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}|{{.*?}}|{%.*?%}", re.S)
QUOTED = re.compile(r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)\"""", re.S)


def has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


def without_calls(code: str, call: re.Pattern = GETTEXT_CALL) -> str:
    """``code`` with every gettext call (balanced parentheses, strings skipped) removed."""
    out, index = [], 0
    for match in call.finditer(code):
        if match.start() < index:
            continue
        out.append(code[index : match.start()])
        depth, pos, quote = 1, match.end(), None
        while pos < len(code) and depth:
            char = code[pos]
            if quote:
                if char == "\\":
                    pos += 1
                elif char == quote:
                    quote = None
            elif char in "'\"`":
                quote = char
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            pos += 1
        index = pos
    out.append(code[index:])
    return "".join(out)


JINJA_CODE_CONTEXT = re.compile(
    r"(?:url_for\(|extends|include|import|from|block|filename=|name=|endpoint=|"
    r"\.get\(|\[|==|!=|\bin\b|\bis\b|format\(|join\()\s*$"
)


def jinja_prose(template: str) -> list[str]:
    """String literals in Jinja tags that look like prose and are not inside _()."""
    found = []
    for tag in JINJA_TAG.finditer(template):
        code = without_calls(tag.group(0))
        for literal in QUOTED.finditer(code):
            value = literal.group(1) if literal.group(1) is not None else literal.group(2)
            before = code[: literal.start()]
            if looks_like_prose(value) and not JINJA_CODE_CONTEXT.search(before):
                found.append(value)
    return found


class _TextFinder(HTMLParser):
    """Collects text nodes and user-facing attribute values that contain letters."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.scripts: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            readable = name in TEXT_ATTRIBUTES or (
                name == "value" and tag == "input" and values.get("type") in BUTTON_INPUTS
            )
            if name == "content" and tag == "meta" and values.get("name") == "description":
                readable = True
            if readable and value and not self.allowed(value):
                found = value.strip()
                self.found.append('%s="%s"' % (name, found))
        if tag not in {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        inside = self.stack[-1] if self.stack else None
        if inside == "script":
            self.scripts.append(data)
        elif inside == "style":
            return
        elif inside == "kbd" and len(data.strip()) == 1:
            return  # a single shortcut key is the same key in every language
        elif not self.allowed(data):
            self.found.append(" ".join(data.split()))

    @staticmethod
    def allowed(text: str) -> bool:
        text = text.replace("\x00", " ").strip()
        return not has_letters(text) or text in AUTONYMS


def html_prose(markup: str) -> tuple[list[str], list[str]]:
    """Untranslated text in markup without Jinja, and the inline scripts' code."""
    finder = _TextFinder()
    finder.feed(markup)
    finder.close()
    return finder.found, finder.scripts


BLOCK = re.compile(r"{%-?\s*block\s+(\w+)\s*-?%}(.*?){%-?\s*endblock\b[^%]*%}", re.S)


def attribute_blocks(templates) -> dict[str, str]:
    """Blocks that a layout places inside an attribute value: block name -> attribute."""
    found = {}
    for template in templates:
        marked = re.sub(r"{%-?\s*block\s+(\w+)\s*-?%}", "\x01\\1\x01", template)
        for tag in re.finditer(r"<[a-zA-Z][^<>]*>", JINJA_TAG.sub("", marked)):
            for name, value in re.findall(r'([\w-]+)\s*=\s*"([^"]*)"', tag.group(0)):
                for block in re.findall(r"\x01(\w+)\x01", value):
                    found[block] = name
    return found


def template_prose(template: str, in_attributes: dict[str, str] | None = None) -> list[str]:
    """Untranslated text of a template; blocks that fill attributes are read as such."""
    in_attributes = in_attributes or {}

    def block(match):
        attribute = in_attributes.get(match.group(1))
        if attribute is None:
            return match.group(0)
        return '<i %s="%s">' % (attribute, match.group(2).replace('"', "&quot;"))

    template = BLOCK.sub(block, template)
    found = jinja_prose(template)
    text, scripts = html_prose(JINJA_TAG.sub("", template))
    found += text
    for script in scripts:
        found += [value for _line, value in js_prose(script)]
    return found


# JavaScript: string literals (quotes and template literals), comments and regexes skipped.
REGEX_BEFORE = set("(,=:[!&|?{};+-*%<>~^") | {""}
REGEX_KEYWORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void"}
REGEX_KEYWORDS |= {"throw", "yield", "await", "instanceof"}


def js_literals(source: str) -> list[tuple[int, int, str]]:
    """(offset, line, value) of every string and template literal; ``${…}`` becomes NUL."""
    literals: list[tuple[int, int, str]] = []
    _scan(source, 0, literals, stop_at_brace=False)
    return literals


def _previous_token(source: str, pos: int) -> str:
    back = source[:pos].rstrip()
    if not back:
        return ""
    word = re.search(r"[A-Za-z_$][\w$]*$", back)
    return word.group(0) if word else back[-1]


def _scan(source: str, pos: int, literals: list, stop_at_brace: bool) -> int:
    depth = 0
    while pos < len(source):
        char = source[pos]
        if source.startswith("//", pos):
            pos = source.find("\n", pos)
            pos = len(source) if pos < 0 else pos
        elif source.startswith("/*", pos):
            end = source.find("*/", pos + 2)
            pos = len(source) if end < 0 else end + 2
        elif char in "'\"":
            start, pos = pos, pos + 1
            while pos < len(source) and source[pos] not in (char, "\n"):
                pos += 2 if source[pos] == "\\" else 1
            literals.append((start, source.count("\n", 0, start) + 1, source[start + 1 : pos]))
            pos += 1
        elif char == "`":
            start, pos, parts = pos, pos + 1, []
            chunk_start = pos
            while pos < len(source) and source[pos] != "`":
                if source[pos] == "\\":
                    pos += 2
                elif source.startswith("${", pos):
                    parts.append(source[chunk_start:pos])
                    pos = _scan(source, pos + 2, literals, stop_at_brace=True)
                    parts.append("\x00")
                    chunk_start = pos
                else:
                    pos += 1
            parts.append(source[chunk_start:pos])
            literals.append((start, source.count("\n", 0, start) + 1, "".join(parts)))
            pos += 1
        elif char == "/" and (
            _previous_token(source, pos) in REGEX_BEFORE
            or _previous_token(source, pos) in REGEX_KEYWORDS
        ):
            pos += 1
            in_class = False
            while pos < len(source) and source[pos] != "\n":
                if source[pos] == "\\":
                    pos += 1
                elif source[pos] == "[":
                    in_class = True
                elif source[pos] == "]":
                    in_class = False
                elif source[pos] == "/" and not in_class:
                    break
                pos += 1
            pos += 1
        elif char == "{":
            depth += 1
            pos += 1
        elif char == "}":
            if stop_at_brace and depth == 0:
                return pos + 1
            depth -= 1
            pos += 1
        else:
            pos += 1
    return pos


JS_ESCAPES = {"n": " ", "t": " ", "r": " ", "'": "'", '"': '"', "\\": "\\", "`": "`"}


def js_unescape(value: str) -> str:
    def replace(match):
        body = match.group(1)
        if body[0] in "ux":
            return chr(int(body[1:].strip("{}"), 16))
        return JS_ESCAPES.get(body, body)

    return re.sub(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", replace, value)


# Capitalised words that are code: KeyboardEvent.key values and HTTP headers.
JS_ALLOWED = {
    "Enter",
    "Escape",
    "Tab",
    "Backspace",
    "Delete",
    "Home",
    "End",
    "PageUp",
    "PageDown",
    "ArrowUp",
    "ArrowDown",
    "ArrowLeft",
    "ArrowRight",
    "Shift",
    "Control",
    "Alt",
    "Meta",
    "Content-Type",
    "Accept-Language",
}
JS_CODE_CONTEXT = re.compile(
    r"(?:classList\.\w+|className\s*\+?=|querySelector(?:All)?|closest|matches|getElementById|"
    r"getElementsBy\w+|addEventListener|removeEventListener|dispatchEvent|new\s+\w*Event|"
    r"\.on|\.off|\.once|\.emit|createElement(?:NS)?|\w+Attribute|\.dataset\.\w+\s*=|"
    r"console\.\w+|\bimport|\bfrom|require|fetch|new\s+URL|new\s+Intl\.\w+|"
    r"localStorage\.\w+|sessionStorage\.\w+|\.style\.\w+\s*=|setProperty|"
    r"\.toggle|\.contains|\.replace|\.add|\.remove|\bclass(?:Name)?\s*:)"
    r"\s*\(?\s*(?:(?:\"[^\"]*\"|'[^']*'|`[^`]*`|[\w.$]+)\s*,\s*)*$"
)
CSS_PART = r"(?:[.#][\w-]+|\[[^\]]+\]|::?[\w-]+(?:\([^)]*\))?)"
CSS_SELECTOR = re.compile(r"^(?:-?[a-z_][\w-]*|\*)?%s*$" % CSS_PART)


def looks_like_code(text: str) -> bool:
    """URLs, paths, CSS selectors and class lists ("btn btn-small", ".q-card .votes")."""
    text = text.replace("\x00", "0")  # an interpolation in a template literal
    tokens = text.replace(",", " ").replace(">", " ").split()
    if re.match(r"^(?:[./?#]|https?:|mailto:|data:)", text) or "://" in text:
        return True
    if tokens and all(CSS_SELECTOR.match(token) for token in tokens):
        # A plain lowercase phrase ("show original") is prose unless a token has a mark
        # only code has: a selector part, a hyphen, an underscore or a digit.
        return any(re.search(r"[.#\[:\d_-]", token) for token in tokens)
    return len(tokens) == 1 and "/" in text


def looks_like_prose(text: str) -> bool:
    """Words a person reads: a phrase with letters, or a capitalised word ("Send")."""
    if looks_like_code(text.strip()):
        return False
    text = text.replace("\x00", " ").strip()
    if not has_letters(text) or text in JS_ALLOWED or text in AUTONYMS:
        return False
    words = re.findall(r"[^\W\d_]{2,}", text)
    if len(words) >= 2 and re.search(r"\s", text):
        return True
    return bool(re.match(r"^[A-Z][a-z]+", text)) or any(not c.isascii() for c in words)


def js_prose(source: str) -> list[tuple[int, str]]:
    """(line, text) of user-facing text in JavaScript that does not come from the catalogs."""
    found = []
    for offset, line, raw in js_literals(source):
        value = js_unescape(raw)
        if re.search(r"<[a-zA-Z]", value):  # markup: check its text and attributes
            text, _scripts = html_prose(value)
            found += [(line, item) for item in text]
            continue
        if looks_like_prose(value) and not JS_CODE_CONTEXT.search(source[:offset]):
            found.append((line, value))
    return found


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
        "%s: prose in JavaScript; put it in qa_app/client_strings.py and read it from the "
        "page's strings:\n  %s"
        % (path.relative_to(REPO), "\n  ".join("line %d: %r" % item for item in found))
    )


def test_translate_init_refuses_to_overwrite_a_catalog(runner):
    before = catalog_path("fr").read_bytes()
    result = runner.invoke(args=["translate", "init", "fr"])
    assert result.exit_code != 0 and "already a catalog for fr" in result.output
    assert catalog_path("fr").read_bytes() == before
