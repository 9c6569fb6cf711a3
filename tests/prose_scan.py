"""Finds user-facing text that does not go through the translation catalogs.

Templates: ``html.parser`` reads them after the Jinja tags are removed; text nodes and
readable attributes with letters are reported, unless they are language autonyms. Jinja
string literals outside ``_()`` that look like prose are reported too.
JavaScript: a small tokenizer finds string and template literals (comments and regular
expressions skipped); literals that look like prose are reported unless their place in
the code shows they are code (class names, selectors, event names, URLs).
"""

import re
from html.parser import HTMLParser

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
