"""Which text of a question is read aloud to the panel, so each booth prepares it."""

from qa_app.models import Question


def read_aloud(question: Question) -> dict | None:
    """``{"language", "source"}``: the original when the assigned panelist understands it
    (or nobody is assigned yet), else the first verified translation into one of the
    panelist's languages. None while no verified translation fits the panelist."""
    panelist = question.panelist
    if panelist is None or not panelist.languages or question.language in panelist.languages:
        return {"language": question.language, "source": "original"}
    verified = {t.language for t in question.translations if t.verified}
    for language in panelist.languages:
        if language in verified:
            return {"language": language, "source": "translation"}
    return None
