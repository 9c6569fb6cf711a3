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
        "unavailable_ask": _(
            "The server is having trouble; your question is kept. Try sending it again in a moment."
        ),
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


def staff_strings() -> dict[str, str]:
    """What the staff dashboard shows (static/js/staff.js)."""
    return {
        # Connection
        "connecting": _("Connecting…"),
        "live": _("Live"),
        "offline": _("Offline: reconnecting…"),
        "timeout": _("The server did not answer in time. Please try again."),
        "error": _("Something went wrong. Please try again."),
        # Roles
        "role_admin": _("Administrator"),
        "role_moderator": _("Moderator"),
        "role_facilitator": _("Facilitator"),
        "role_panelist": _("Panelist"),
        "role_interpreter": _("Interpreter"),
        # States and actions
        "state_pending": _("Awaiting approval"),
        "state_published": _("Published"),
        "state_answered": _("Answered"),
        "state_dismissed": _("Dismissed"),
        "approve": _("Approve"),
        "dismiss": _("Dismiss"),
        "restore": _("Restore"),
        "highlight": _("Put on screen"),
        "unhighlight": _("Take off screen"),
        "answer": _("Mark answered"),
        "reopen": _("Reopen"),
        "cancel": _("Cancel"),
        "close": _("Close"),
        "not_now": _("That action is not available for this question now."),
        "reason_label": _("Reason for dismissing (optional, the asker sees it)"),
        "reason_placeholder": _("For example: already answered, off topic"),
        "dismissed_because": _("Dismissed: %(reason)s"),
        # Questions
        "votes": _("Votes"),
        "anonymous": _("Anonymous"),
        "on_screen": _("Now answering"),
        "mine": _("Assigned to you"),
        "topic": _("Topic"),
        "asked_at": _("Asked at %(time)s"),
        "answered_at": _("Answered at %(time)s"),
        "select_question": _("Select a question to see it in full."),
        "read_only": _("You can follow the questions here; only moderators change them."),
        # Lists
        "empty_mine": _("No questions are assigned to you yet."),
        "empty_no_seat": _("Your account holds no seat on this event's panel."),
        "empty_incoming": _("No questions are waiting for approval."),
        "empty_published": _("No published questions yet."),
        "empty_answered": _("No answered questions yet."),
        "empty_dismissed": _("No dismissed questions."),
        "empty_desk": _("Every question is translated into every language of the event."),
        "empty_language": _("No questions in this language here."),
        # Panelists
        "panelist": _("Panelist"),
        "unassigned": _("Nobody yet"),
        "option_direct": _("%(name)s (%(languages)s): answers directly"),
        "option_interpretation": _("%(name)s (%(languages)s): needs interpretation"),
        "hint_direct": _("%(name)s can answer directly in %(language)s."),
        "hint_interpretation": _("%(name)s needs interpretation from %(language)s."),
        "short_direct": _("Answers directly"),
        "short_interpretation": _("Needs interpretation"),
        # Answer notes
        "note": _("Answer note"),
        "note_placeholder": _("Sum up the panelist's answer in a few words"),
        "save_note": _("Save note"),
        "note_saved": _("Answer note saved."),
        # Translation desk
        "versions": _("Original and translations"),
        "original": _("Original, %(language)s"),
        "missing": _("Missing: %(languages)s"),
        "not_translated": _("Not translated yet."),
        "translate": _("Translate"),
        "correct": _("Correct"),
        "translation_into": _("Translation into %(language)s"),
        "save_translation": _("Save translation"),
        "translation_saved": _("Translation into %(language)s saved."),
        "verified_by": _("Verified: translated by %(name)s"),
        "unverified": _("Not checked by a person"),
        # Language lanes
        "filter_language": _("Show only questions in %(language)s"),
        "share_questions": _("Share of questions: %(share)s"),
        "share_votes": _("Share of votes: %(share)s"),
        "next_from": _("Next from %(language)s"),
        "next_none": _("No published question in %(language)s is waiting."),
        # Settings
        "premoderation_on": _("Premoderation is on: new questions wait for approval."),
        "premoderation_off": _("Premoderation is off: new questions are published at once."),
        "accepting_on": _("Attendees can ask questions."),
        "accepting_off": _("Questions are closed: attendees cannot ask for now."),
    }
