"""Flask commands (``flask --app qa_app ...``), one module per group.

setup (``init-db``, ``users create``, ``events create``, ``demo``), manage (events, topics,
panelists, set-up files), staff (staff, invitations, series, accounts), export (``export``,
``events purge``), safety (``events held-words``), translate (the catalogs); common holds
what they share, demo the reference event.
"""


def init_app(app) -> None:
    """Add every command to ``app.cli``; ``events`` and ``users`` gather several modules."""
    from qa_app.cli import export, manage, safety, setup, staff, translate

    setup.init_app(app)
    app.cli.add_command(translate.translate_cli)
    manage.init_app(app, setup.events_cli)
    staff.init_app(app, setup.users_cli)
    export.init_app(app, setup.events_cli)
    safety.init_app(app, setup.events_cli)
