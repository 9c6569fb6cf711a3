"""Blueprints, one per audience."""


def register_blueprints(app) -> None:
    from . import assets, attendee, auth, errors, export, main, metrics, staff

    for module in (main, attendee, staff, auth, export, assets, metrics, errors):
        app.register_blueprint(module.bp)
