"""What every FTMO trading service shares: the HTTP server with GET /health for the probes,
settings read from the environment (secret values never shown), and a clean stop on SIGTERM.

A service names itself and its own GET routes in a Service and hands it to run().
"""

from ftmo_service.query import numbers, required
from ftmo_service.server import Service, health_report, make_server, run, serve
from ftmo_service.settings import Settings

__all__ = [
    "Service",
    "Settings",
    "health_report",
    "make_server",
    "numbers",
    "required",
    "run",
    "serve",
]
