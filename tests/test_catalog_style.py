"""House style of the catalogs, one test per rule (docs/translations.md).

- Spanish addresses the reader with *usted* throughout, never *tú*.
- French puts a no-break space (U+00A0) before ``:``, ``?``, ``!`` and ``;``, also in text
  the exports assemble from a label and a colon.
- The keyboard-shortcuts help names the dashboard's tabs exactly as the tabs do.
- "Anonymous" is one capitalised word, the same in the exports as in the pages.
"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from qa_app.config import Config
from tests import export_fixture as fx
from tests.export_fixture import event_fixture, reader_fixture  # noqa: F401 (fixtures)

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = Config.LANGUAGES
NBSP = "\u00a0"


def catalog(lang: str):
    with (REPO / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def translations(lang: str):
    """(msgid, msgstr) for every form of every entry."""
    for message in catalog(lang):
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            yield msgid, string


# --- Spanish: usted, not tú ---------------------------------------------------------

# Forms that only tú uses, wherever they stand: pronouns and possessives ("tu pregunta"),
# second-person verbs, and imperatives that no usted sentence contains.
TU_ANYWHERE = (
    "tú tu tus te ti contigo tuyo tuya tuyos tuyas "
    "tienes puedes has eres estás vas quieres debes necesitas sabes lees ves haces "
    "haz pon sal ten di "
    "inténtalo inténtala pruébalo pruébala recárgala escríbela envíala reformúlala pídelo"
)
# Imperatives that are also the third person ("la página vuelve a intentarlo", "el voto
# se añade"): tú only where a sentence or a clause starts with them ("Vuelve a iniciar sesión").
TU_OPENING = (
    "elige pulsa añade escribe inicia vuelve cambia intenta comprueba espera recarga "
    "selecciona introduce abre indica usa ordena agrupa envía resume reanuda vota prueba "
    "pide consulta copia crea quita guarda busca arrastra mueve cierra elimina"
)
TU_FORMS = re.compile(
    r"\b(?:%s)\b|(?:^|[.!?:;¡¿]\s*|\s[yeo]\s)(?:%s)\b"
    % ("|".join(TU_ANYWHERE.split()), "|".join(TU_OPENING.split())),
    re.IGNORECASE,
)


def tu_forms(text: str) -> list[str]:
    return [match.group(0).strip(" .!?:;¡¿") for match in TU_FORMS.finditer(text)]


def test_the_tu_detector_tells_the_registers_apart():
    assert tu_forms("Escribe tu pregunta.") == ["Escribe", "tu"]
    assert tu_forms("Vas un poco rápido. Espera un momento e inténtalo de nuevo.") == [
        "Vas",
        "Espera",
        "inténtalo",
    ]
    assert tu_forms("Pregunta y vota en") == ["y vota"]
    assert tu_forms("Asignada a ti") == ["ti"]
    usted = (
        "Escriba su pregunta. Título del tema. Va un poco rápido: espere e inténtelo de nuevo. "
        "%(email)s vuelve a estar activa; esta página vuelve a intentarlo sola. "
        "%(num)d pregunta usa el tema; el voto se añade. Los asistentes lo ven. Pulse Intro. "
        "Pregunte y vote en"
    )
    assert tu_forms(usted) == []


def test_spanish_uses_usted_throughout():
    found = [
        "%r -> %r: %s" % (msgid, string, ", ".join(tu_forms(string)))
        for msgid, string in translations("es")
        if tu_forms(string)
    ]
    assert not found, "tú forms in the Spanish catalog (use usted):\n  " + "\n  ".join(found)


# --- French: a no-break space before : ? ! ; ------------------------------------------

PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0 +-]?\d*(?:\.\d+)?[sdifrxXeEgGc%]")


def french_spacing(text: str) -> list[str]:
    """Each : ? ! ; that lacks the no-break space before it, in a little context.

    Not punctuation, so left alone: a mark at the very start, a mark inside a placeholder,
    and a mark followed by a letter, digit, '/' or '=' (times "15:30", "HH:MM", "https://",
    "?lang=fr").
    """
    inside = {i for match in PLACEHOLDER.finditer(text) for i in range(*match.span())}
    problems = []
    for match in re.finditer(r"[:?!;]", text):
        at = match.start()
        after = text[at + 1 : at + 2]
        if at == 0 or at in inside or (after and (after.isalnum() or after in "/=_")):
            continue
        if text[at - 1] != NBSP:
            problems.append(text[max(0, at - 12) : at + 1])
    return problems


def test_the_french_spacing_check():
    assert french_spacing("Votes :") == ["Votes :"]
    assert french_spacing("Votes: %(n)s") == ["Votes:"]
    assert french_spacing("Merci\u202f!") == ["Merci\u202f!"]  # one convention: U+00A0
    assert french_spacing("%(label)s:") == ["%(label)s:"]
    fine = "Votes\u00a0: %(n)s. À 15:30, au format HH:MM, sur https://x.org/?lang=fr\u00a0!"
    assert french_spacing(fine) == []


def test_french_puts_a_no_break_space_before_high_punctuation():
    found = [
        "%r -> %r" % (msgid, string)
        for msgid, string in translations("fr")
        if french_spacing(string)
    ]
    assert not found, (
        "French needs U+00A0 (not a space, not nothing) before : ? ! ;\n  " + "\n  ".join(found)
    )


# Labels the exports print before a value; French must get "Posée par : Alice".
EXPORT_LABELS = ("Asked by", "Asked at", "Votes", "Language", "State", "Topic", "Panelist")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_french_exports_space_the_colon_after_a_label(event, reader, fmt):
    body = reader.get("/e/FRI/export.%s?lang=fr" % fmt).data.decode("utf-8")
    text = fx.parse_html(body).text() if fmt == "html" else body
    french = dict(translations("fr"))
    for label in (french[msgid] for msgid in EXPORT_LABELS):
        assert label + NBSP + ":" in text, label
        assert label + ":" not in text and label + " :" not in text, label


# --- the shortcuts help names the tabs as the tabs do ---------------------------------

TABS = ("Incoming", "Published", "Answered", "Dismissed")  # keys 1 to 4
TABS_HELP = "Incoming, Published, Answered, Dismissed"


def test_the_dashboard_uses_these_messages():
    page = (REPO / "templates" / "moderate.html").read_text(encoding="utf-8")
    for tab in TABS:
        assert 'pgettext("list of questions", "%s")' % tab in page
    assert ", ".join(TABS) == TABS_HELP and '_("%s")' % TABS_HELP in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shortcuts_help_names_the_tabs_as_the_tabs_do(lang):
    messages = catalog(lang)
    tabs = [messages.get(tab, context="list of questions").string for tab in TABS]
    named = re.split(r"\s*[,،]\s*", messages.get(TABS_HELP).string)
    assert named == tabs, "%s: the help says %r, the tabs say %r" % (lang, named, tabs)


# --- "Anonymous" -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_anonymous_is_one_capitalised_word(lang):
    found = {msgid: string for msgid, string in translations(lang) if msgid.lower() == "anonymous"}
    assert list(found) == ["Anonymous"], "%s: one message for the word, as the pages write it" % (
        lang
    )
    word = found["Anonymous"]
    assert word[0].isupper() or word[0].lower() == word[0].upper(), (lang, word)  # or no case
