"""Strings the browser shows, translated on the server so pybabel sees them.

Pages embed ``client_strings()`` as JSON; the JavaScript never holds prose of its own.
"""

from flask_babel import gettext as _


def client_strings() -> dict[str, str]:
    return {
        "connecting": _("Connecting…"),
        "live": _("Live"),
        "offline": _("Offline: reconnecting…"),
        "ask_placeholder": _("Type your question"),
        "send": _("Send"),
        "sending": _("Sending…"),
        "vote": _("Upvote"),
        "unvote": _("Withdraw vote"),
        "votes_one": _("%(n)s vote"),
        "votes_many": _("%(n)s votes"),
        "awaiting": _("Awaiting moderation"),
        "now_answering": _("Now answering"),
        "answered": _("Answered"),
        "no_questions": _("No questions yet. Be the first to ask!"),
        "sort_votes": _("Top"),
        "sort_newest": _("Newest"),
        "pause": _("Pause reordering"),
        "resume": _("Resume reordering"),
        "paused_hint": _("Reordering paused while you read."),
        "closed": _("Questions are closed for now."),
        "anonymous": _("Anonymous"),
        "approve": _("Approve"),
        "dismiss": _("Dismiss"),
        "restore": _("Restore"),
        "highlight": _("Put on screen"),
        "unhighlight": _("Take off screen"),
        "answer": _("Mark answered"),
        "reopen": _("Reopen"),
        "assign": _("Assign"),
        "unassigned": _("Unassigned"),
        "reason_prompt": _("Reason for dismissing (optional)"),
        "incoming": _("Incoming"),
        "published": _("Published"),
        "dismissed": _("Dismissed"),
        "premoderation": _("Premoderation"),
        "accepting": _("Accepting questions"),
        "error": _("Something went wrong. Please try again."),
        "waiting_for_question": _("Waiting for the next question…"),
    }
