"""Settings from the environment: the database connection, the optional data API keys and the
port to listen on.

A Settings object never shows a secret's value: its repr names secrets as set or missing, so
that logging the settings, or a traceback that shows them, cannot leak a password or a key.
"""

import os

# What the service needs to reach its database (the Deployments set all five).
DATABASE_SETTINGS = (
    "POSTGRES_HOST",
    "POSTGRES_PORT",
    "POSTGRES_DB",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
)
# Optional: the Kubernetes secret that holds them is optional, and a pod starts without them.
API_KEY_SETTINGS = ("ALPHA_VANTAGE_KEY", "FMP_KEY")
SECRET_SETTINGS = frozenset({"POSTGRES_PASSWORD", *API_KEY_SETTINGS})
DEFAULT_PORT = 8000


def parse_port(text):
    """PORT as a number; empty means the default, 0 lets the system pick a free port."""
    if not text:
        return DEFAULT_PORT
    if not text.isdigit() or int(text) > 65535:
        raise ValueError(f"PORT must be a number from 0 to 65535, not {text!r}")
    return int(text)


class Settings:
    def __init__(self, values, port=DEFAULT_PORT):
        known = DATABASE_SETTINGS + API_KEY_SETTINGS
        self._values = {name: values[name] for name in known if values.get(name)}
        self.port = port

    @classmethod
    def from_environ(cls, environ=None):
        environ = os.environ if environ is None else environ
        return cls(environ, parse_port(environ.get("PORT", "")))

    def get(self, name):
        """The value of a setting (None when unset): for the code that connects, never for logs."""
        return self._values.get(name)

    def missing(self):
        """Names of the database settings that are unset, in their usual order."""
        return [name for name in DATABASE_SETTINGS if name not in self._values]

    def __repr__(self):
        shown = [f"port={self.port}"]
        for name in DATABASE_SETTINGS + API_KEY_SETTINGS:
            if name not in self._values:
                shown.append(f"{name}=<missing>")
            elif name in SECRET_SETTINGS:
                shown.append(f"{name}=<set>")
            else:
                shown.append(f"{name}={self._values[name]!r}")
        return f"Settings({', '.join(shown)})"
