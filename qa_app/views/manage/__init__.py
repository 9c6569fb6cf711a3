"""The management pages under ``/manage``: one blueprint per area.

Organisers (on their event) and admins (everywhere) edit events, topics, panel and staff;
every signed-in person changes their own password there too.
"""

from qa_app.views.manage import accounts, events, panel, staff, topics

BLUEPRINTS = (events.bp, topics.bp, panel.bp, staff.bp, accounts.bp)
