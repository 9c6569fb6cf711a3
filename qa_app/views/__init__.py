"""Blueprints, one per audience."""


def register_blueprints(app) -> None:
    from . import access, assets, attendee, auth, errors, export, main, series, staff
    from .manage import BLUEPRINTS as MANAGE_BLUEPRINTS

    for module in (main, attendee, staff, auth, export, assets, access, series, errors):
        app.register_blueprint(module.bp)
    for blueprint in MANAGE_BLUEPRINTS:
        app.register_blueprint(blueprint)
