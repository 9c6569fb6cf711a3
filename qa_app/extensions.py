"""Flask extensions, created unbound and bound in create_app(); and the offload runner."""

from collections.abc import Callable

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints keep Alembic migrations portable between SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Payloads are built before commit; keeping objects loaded afterwards avoids a reload.
db = SQLAlchemy(
    metadata=MetaData(naming_convention=NAMING), session_options={"expire_on_commit": False}
)
migrate = Migrate()
socketio = SocketIO()
babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()


class Offload:
    """Run blocking CPU work (password hashing, text similarity) off the event loop.

    Under eventlet or gevent, CPU work in a request stalls every live socket of the
    process. The serving process (wsgi.py, the only module that knows the async library)
    installs a runner that executes the work on a real OS thread and lets the event loop
    go on meanwhile: ``eventlet.tpool.execute`` or gevent's thread pool. Without one, the
    work runs in place: right under the threading mode, where every request already has
    its own thread, and on the command line.
    """

    def __init__(self) -> None:
        self._runner: Callable | None = None

    def set_runner(self, runner: Callable | None) -> None:
        """Install ``runner(function, *args)``; None runs work in place again."""
        self._runner = runner

    def run(self, function: Callable, *args):
        """``function(*args)``, computed off the event loop when a runner is installed."""
        if self._runner is None:
            return function(*args)
        return self._runner(function, *args)


offload = Offload()
