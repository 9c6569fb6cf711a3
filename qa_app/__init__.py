"""qa_app: a live, multilingual Q&A for webinars."""

from qa_app.config import REPO_ROOT, Config, cookie_attributes


def create_app(overrides: dict | None = None):
    """Build the app: configuration, extensions, blueprints and Socket.IO handlers."""
    # Imported here so that wsgi.py can read the config and set up the async
    # library (eventlet or gevent) before Flask and its dependencies load.
    from flask import Flask

    app = Flask(
        __name__,
        instance_path=str(REPO_ROOT / "instance"),
        template_folder=str(REPO_ROOT / "templates"),
        static_folder=str(REPO_ROOT / "static"),
    )
    app.config.from_object(Config)
    app.config.update(overrides or {})
    app.config.update(cookie_attributes(app.config["EMBED_CROSS_SITE"]))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = Config.secret_key()

    from qa_app import (
        cli,
        database,  # noqa: F401  (registers the SQLite engine hooks)
        models,  # noqa: F401  (every table joins the metadata)
        sockets,
    )
    from qa_app.extensions import babel, csrf, db, migrate, socketio
    from qa_app.live import fanout, message_queue
    from qa_app.views import register_blueprints
    from qa_app.web import auth, i18n, rate_limits, security

    db.init_app(app)
    migrate.init_app(app, db, directory=str(REPO_ROOT / "migrations"))
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    auth.init_app(app)
    i18n.init_app(app)
    queue = message_queue.client_manager(app.config["MESSAGE_QUEUE"])
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"],
        max_http_buffer_size=app.config["MAX_MESSAGE_BYTES"],
        cors_allowed_origins=app.config["CORS_ALLOWED_ORIGINS"],
        **({"client_manager": queue} if queue else {}),
    )
    security.init_app(app)  # after Socket.IO: its middleware wraps Engine.IO too
    fanout.init_app(app)
    rate_limits.init_app(app)
    sockets.init_app(app)
    register_blueprints(app)
    cli.init_app(app)
    return app
