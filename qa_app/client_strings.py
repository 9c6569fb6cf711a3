"""Strings the browser shows, translated on the server so pybabel sees them.

Pages embed these dicts as JSON; the JavaScript never holds prose of its own.
Placeholders are named (``%(n)s``) and filled in by ``format()`` in static/js/live.js.
"""

from flask_babel import gettext as _


def attendee_strings() -> dict[str, str]:
    """For the attendee page and the projector view (static/js/attendee.js, present.js)."""
    return {
        # Connection (static/js/live.js)
        "connecting": _("Connecting…"),
        "live": _("Live"),
        "offline": _("Offline: reconnecting…"),
        "timeout": _("No answer from the server. Check your connection and try again."),
        "error": _("Something went wrong. Please try again."),
        # Asking
        "counter": _("%(n)s / %(max)s characters"),
        "too_long": _("That is too long: at most %(max)s characters, please."),
        "empty": _("Please write your question first."),
        "send": _("Send"),
        "sending": _("Sending…"),
        "sent_published": _("Thank you! Your question is posted."),
        "sent_pending": _("Thank you! Your question will appear once a moderator approves it."),
        "closed": _("Questions are closed for now."),
        "conflict_send_as": _("Send it as %(language)s"),
        "conflict_keep": _("Keep %(language)s"),
        # The list
        "vote": _("Upvote"),
        "unvote": _("Withdraw vote"),
        "votes_label": _("Votes: %(n)s"),
        "awaiting": _("Awaiting moderation"),
        "yours": _("Your question"),
        "not_selected": _("Not selected"),
        "not_selected_reason": _("Not selected: %(reason)s"),
        "now_answering": _("Now answering"),
        "answered": _("Answered"),
        "assigned_to": _("For %(name)s"),
        "no_questions": _("No questions yet. Be the first to ask!"),
        "no_answered": _("No answered questions yet."),
        "pause": _("Pause reordering"),
        "resume": _("Resume reordering"),
        "paused_hint": _("Reordering paused while you read. Vote counts still update."),
        "new_while_paused": _("%(n)s new: resume to see them in order"),
        "anonymous": _("Anonymous"),
        # Languages
        "show_original": _("Show original"),
        "show_translation": _("Show translation"),
        "original_language": _("Original: %(language)s"),
        "translated_by_person": _("translated by a person"),
        "translated_unverified": _("translation not yet checked"),
        "in_language": _("In %(language)s"),
        # What happened to the attendee's own questions
        "notice_approved": _("Your question was approved and everyone can see it now."),
        "notice_highlighted": _("Your question is being answered now."),
        "notice_answered": _("Your question was answered."),
        "notice_dismissed": _("Your question was not selected."),
        "notice_dismissed_reason": _("Your question was not selected. Reason: %(reason)s"),
        "dismiss_notice": _("Close"),
        # Projector
        "waiting_for_question": _("Waiting for the next question…"),
        "asked_by": _("Asked by %(name)s"),
    }
