"""Blueprints, one per audience."""


def register_blueprints(app) -> None:
    from . import assets, attendee, auth, errors, export, main, staff

    for module in (main, attendee, staff, auth, export, assets, errors):
        app.register_blueprint(module.bp)
