"""Strings the browser shows, translated on the server so pybabel sees them.

Pages embed these dicts as JSON; the JavaScript never holds prose of its own.
Placeholders are named (``%(n)s``) and filled in by ``format()`` in static/js/live.js.
"""

from flask_babel import gettext as _
from flask_babel import pgettext


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
        "offline_form": _(
            "You are offline. You can still write your question: it is sent when the "
            "connection is back."
        ),
        "queued": _(
            "You are offline: your question will be sent as soon as the connection is back."
        ),
        "sent_after_reconnect": _("Back online: %(message)s"),
        "conflict_send_as": _("Send it as %(language)s"),
        "conflict_keep": _("Keep %(language)s"),
        # The list
        "vote": _("Upvote"),
        "action_on": _("%(action)s: %(question)s"),
        "unvote": _("Withdraw vote"),
        "votes_label": _("Votes: %(n)s"),
        "awaiting": _("Awaiting moderation"),
        "yours": _("Your question"),
        "not_selected": _("Not selected"),
        "not_selected_reason": _("Not selected: %(reason)s"),
        "now_answering": _("Now answering"),
        "now_answering_text": _("Now answering: %(question)s"),
        "answered": _("Answered"),
        "answered_tab": pgettext("list of questions", "Answered"),
        "assigned_to": _("For %(name)s"),
        # TRANSLATORS: the language is written mid-sentence ("in Spanish").
        "assigned_to_in": _("For %(name)s, who answers in %(language)s"),
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
        "answers_in": _(
            "%(name)s answers in %(language)s. Other languages: on the interpretation channels."
        ),
        # The moderator's toolkit (static/js/question-card.js, attendee/own.js)
        "edited_mark": _("Edited by the moderator"),
        "written_answer": _("Written answer"),
        "answered_in_writing": _("Answered in writing"),
        "also_asked_in": _("Also asked in %(languages)s"),
        "edit": _("Edit"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "withdraw": _("Withdraw"),
        "withdraw_confirm": _("Withdraw your question? Its votes will be lost."),
        "notice_merged": _(
            "Your question was merged with a similar one: their votes count together."
        ),
        "notice_merged_in": _("A similar question was merged into yours."),
        "notice_written_answer": _("Your question got a written answer."),
        "notice_edited": _("The moderator edited your question."),
        "notice_withdrawn": _("Your question was withdrawn."),
        **reason_strings(),
    }


def reason_strings() -> dict[str, str]:
    """The listed dismissal reasons, which the asker reads in their own language."""
    return {
        "reason_answered": _("Already answered"),
        "reason_off_topic": _("Off topic"),
        "reason_duplicate": _("Duplicate"),
        "reason_personal_data": _("Contains personal data"),
        "reason_rephrase": _("Please rephrase"),
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
        "role_organiser": _("Organiser"),
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
        "ban_asker": _("Dismiss all and ban the asker"),
        "ban_confirm": _(
            "Ban whoever asked this question from the event? All their open questions are "
            "dismissed, and they can no longer ask or vote."
        ),
        "banned": _("The asker is banned from this event; their open questions were dismissed."),
        "dismissed_because": _("Dismissed: %(reason)s"),
        "action_on": _("%(action)s: %(question)s"),
        # Said to screen readers once an action went through (politely)
        "done_approve": _("Approved: %(question)s"),
        "done_dismiss": _("Dismissed: %(question)s"),
        "done_restore": _("Restored: %(question)s"),
        "done_highlight": _("On screen now: %(question)s"),
        "done_unhighlight": _("Taken off screen: %(question)s"),
        "done_answer": _("Marked answered: %(question)s"),
        "done_reopen": _("Reopened: %(question)s"),
        "done_assign": _("Assigned to %(name)s: %(question)s"),
        "done_unassign": _("Nobody assigned: %(question)s"),
        # Questions
        "votes": _("Votes"),
        "votes_count": _("Votes: %(n)s"),
        "questions_count": _("Questions: %(n)s"),
        "selected_question": _("Selected question"),
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
        "assign_confirm": _("Press Enter to assign this panelist, or Esc to keep the current one."),
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
        **toolkit_strings(),
        **reason_strings(),
    }


def toolkit_strings() -> dict[str, str]:
    """The moderator's toolkit on the dashboard (static/js/staff/toolkit*.js, upnext.js)."""
    return {
        # Edit
        "edit": _("Edit"),
        "edit_text": _("Text of the question"),
        "edit_language": _("Language"),
        "edit_topic": _("Topic"),
        "no_topic": _("No topic"),
        "save_edit": _("Save changes"),
        "edit_saved": _("Question edited. The original stays in the history."),
        "edited_mark": _("Edited by the moderator"),
        "before_edits": _("Before edits: %(text)s"),
        # Written answers
        "write_answer": _("Answer in writing"),
        "answer_text": _("Written answer (public, under the question)"),
        "answer_language": _("Language of the answer"),
        "save_answer": _("Publish the answer"),
        "answer_saved": _("Written answer published."),
        "written_answer": _("Written answer"),
        "outcome_written": _("Answered in writing"),
        "outcome_live": _("Answered live"),
        "answer_by": _("By %(name)s"),
        "answer_translation": _("Answer in %(language)s"),
        # Merge
        "similar": _("Similar questions"),
        "similar_none": _("No similar questions found."),
        "similar_via": _("Score %(score)s/100, compared in %(language)s: %(mine)s and %(theirs)s"),
        "kind_original": _("original"),
        "kind_translation": _("translation"),
        "merge_with": _("Merge with this question"),
        "merge_title": _("Merge two questions"),
        "merge_stays": _("Stays:"),
        "merge_goes": _("Goes into it:"),
        "merge_confirm": _("Merge"),
        "merge_swap": _("Keep the other one"),
        "merged_done": _("Merged. You can undo it until the question is answered."),
        "merged_here": _("Merged into this question"),
        "unmerge": _("Undo merge"),
        "also_asked_in": _("Also asked in %(languages)s"),
        # Up next
        "up_next": _("Up next"),
        "up_next_empty": _("Nothing is lined up yet."),
        "up_next_hint": _("Drag to reorder, or press Alt+Up and Alt+Down on a question."),
        "queue_add": _("Add to up next"),
        "queue_remove": _("Remove from up next"),
        "move_up": _("Move up"),
        # TRANSLATORS: up next: the panelist, and the code of the language they answer in.
        "panelist_in": _("%(name)s → %(language)s"),
        "move_down": _("Move down"),
        "put_first_on_screen": _("Put the first on screen"),
        "queue_position": _("Up next: %(n)s"),
        "one_address_votes": _("Votes from one address: %(n)s"),
        "one_address_votes_help": _(
            "Many votes on this question came from one network address in the last minute: "
            "perhaps one person with many browsers, perhaps a room sharing one connection."
        ),
        "read_aloud_original": _("Read aloud: the original (%(language)s)"),
        "read_aloud_translation": _("Read aloud: the %(language)s translation"),
        "read_aloud_missing": _("Read aloud: no verified translation for the panelist yet"),
        # Interpreters' flags
        "flag_label": _("Flag for the moderator"),
        "flag_unclear": _("Unclear"),
        "flag_in_progress": _("Translation in progress"),
        "flag_ready": _("Ready"),
        "flag_clear": _("Clear the flag"),
        # Dismissal reasons and bulk actions
        "reason_code_label": _("Listed reason (the asker reads it in their language)"),
        "reason_none": _("No listed reason"),
        "select_for_bulk": _("Select for a bulk action"),
        "bulk_selected": _("%(n)s selected"),
        "bulk_approve": _("Approve all"),
        "bulk_dismiss": _("Dismiss all"),
        "bulk_assign": _("Assign all to"),
        "bulk_topic": _("Set the topic of all"),
        "bulk_clear": _("Clear the selection"),
        "bulk_done": _("Done for %(n)s questions."),
        "bulk_refused": _("Nothing was changed. Question #%(id)s: %(message)s"),
    }
