"""Blueprints, one per audience."""


def register_blueprints(app) -> None:
    from qa_app.views import (
        access,
        assets,
        attendee,
        auth,
        errors,
        export,
        main,
        metrics,
        series,
        staff,
    )
    from qa_app.views.manage import BLUEPRINTS as MANAGE_BLUEPRINTS

    modules = (main, attendee, staff, auth, export, assets, metrics, access, series, errors)
    for module in modules:
        app.register_blueprint(module.bp)
    for blueprint in MANAGE_BLUEPRINTS:
        app.register_blueprint(blueprint)
