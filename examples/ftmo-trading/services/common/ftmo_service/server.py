"""The HTTP server every service runs: GET /health for the kubelet's probes and Docker's
HEALTHCHECK, the service's own GET routes, and a clean stop on SIGTERM.
"""

import json
import signal
import sys
import threading
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from ftmo_service.settings import Settings

HEALTH_PATH = "/health"


@dataclass(frozen=True)
class Service:
    """A service's name and its own routes: path -> function(query parameters) -> JSON body.

    A route raises ValueError for a request it cannot answer; the message becomes the error
    of a 400 response, so it must not contain anything secret.
    """

    name: str
    routes: dict = field(default_factory=dict)

    def __post_init__(self):
        for path in self.routes:
            if not path.startswith("/") or path == HEALTH_PATH:
                raise ValueError(
                    f"{self.name}: route {path!r} must start with / and not be {HEALTH_PATH}"
                )


def health_report(service, settings):
    """The body of GET /health: which service answers and which settings it lacks, by name."""
    return {"status": "ok", "service": service.name, "missing_settings": settings.missing()}


class _Handler(BaseHTTPRequestHandler):
    # The default Server header names the Python version; it tells a client nothing useful.
    sys_version = ""

    def version_string(self):
        return self.server.service.name

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == HEALTH_PATH:
            self._reply(200, health_report(self.server.service, self.server.settings))
            return
        route = self.server.service.routes.get(url.path)
        if route is None:
            self._reply(404, {"error": "not found"})
            return
        try:
            body = route(dict(parse_qsl(url.query)))
        except ValueError as error:
            self._reply(400, {"error": str(error)})
            return
        except Exception:
            # The traceback goes to the log, and the client gets an answer instead of a
            # dropped connection.
            traceback.print_exc()
            self._reply(500, {"error": "internal error"})
            return
        self._reply(200, body)

    def _reply(self, status, body):
        payload = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        # Probes call /health every few seconds; a line for each would bury the real logs.
        pass


class ServiceServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, service, settings, host):
        self.service = service
        self.settings = settings
        super().__init__((host, settings.port), _Handler)


def make_server(service, settings, host="0.0.0.0"):
    """A server for the service on host and settings.port (0: a free port the system picks)."""
    return ServiceServer(service, settings, host)


def serve(server):
    """Serve until SIGTERM, which Kubernetes sends when it stops the pod."""

    # As PID 1 in a container the process has no default SIGTERM action, so without a
    # handler every rollout would wait out the grace period. shutdown() waits for
    # serve_forever() to return, so it has to run on another thread than the server's.
    def stop(_signum, _frame):
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    name = server.service.name
    host, port = server.server_address[:2]
    print(f"{name} listening on {host}:{port}", flush=True)
    missing = server.settings.missing()
    if missing:
        print(f"{name}: settings not set: {', '.join(missing)}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def run(service, environ=None):
    """The container's command: settings from the environment, then serve until SIGTERM."""
    try:
        settings = Settings.from_environ(environ)
    except ValueError as error:
        sys.exit(f"{service.name}: {error}")
    serve(make_server(service, settings))
