"""dax-llm-service: answers DAX market questions with a language model.

This is the service's HTTP entry point: GET /health answers the kubelet's liveness and
readiness probes and Docker's HEALTHCHECK. It uses only the standard library, so the image
runs without anything from a package index.
"""

import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SERVICE_NAME = "dax-llm-service"
DEFAULT_PORT = 8000
# What the service needs to reach its database. Only the names of missing settings are
# reported, never a value.
DATABASE_SETTINGS = (
    "POSTGRES_HOST",
    "POSTGRES_PORT",
    "POSTGRES_DB",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
)


def health_report(environ):
    """The body of GET /health: which service answers and which settings it lacks."""
    missing = [name for name in DATABASE_SETTINGS if not environ.get(name)]
    return {"status": "ok", "service": SERVICE_NAME, "missing_settings": missing}


class HealthHandler(BaseHTTPRequestHandler):
    # The default Server header names the Python version; it tells a client nothing useful.
    server_version = SERVICE_NAME
    sys_version = ""

    def do_GET(self):
        if self.path.split("?", 1)[0] == "/health":
            self._reply(200, health_report(os.environ))
        else:
            self._reply(404, {"error": "not found"})

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


def make_server(port, host="0.0.0.0"):
    """A server bound to host:port; port 0 lets the system pick a free one."""
    return ThreadingHTTPServer((host, port), HealthHandler)


def serve(server):
    """Serve until SIGTERM, which Kubernetes sends when it stops the pod."""

    # As PID 1 in a container the process has no default SIGTERM action, so without a
    # handler every rollout would wait out the grace period. shutdown() waits for
    # serve_forever() to return, so it has to run on another thread than the server's.
    def stop(_signum, _frame):
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    host, port = server.server_address[:2]
    print(f"{SERVICE_NAME} listening on {host}:{port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


def main():
    serve(make_server(int(os.environ.get("PORT", DEFAULT_PORT))))


if __name__ == "__main__":
    main()
