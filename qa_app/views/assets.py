"""Front-end packages installed by npm (never committed), served from node_modules."""

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

bp = Blueprint("assets", __name__)

# Only these files of the npm packages are served.
VENDOR_FILES = {
    "socket.io.min.js": "socket.io-client/dist/socket.io.min.js",
}


@bp.get("/vendor/<name>")
def vendor(name):
    """A pinned npm package's browser build."""
    relative = VENDOR_FILES.get(name)
    if relative is None:
        abort(404)
    path = Path(current_app.config["NODE_MODULES_DIR"]) / relative
    if not path.is_file():
        abort(404)
    return send_from_directory(path.parent, path.name, max_age=86400)
