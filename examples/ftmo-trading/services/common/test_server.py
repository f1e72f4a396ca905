"""Tests of the HTTP server, its routes, the SIGTERM stop and the HEALTHCHECK probe."""

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import threading
import unittest
import urllib.error
import urllib.request

from ftmo_service import Service, Settings, make_server, serve
from ftmo_service.probe import healthy

COMMON_DIR = os.path.dirname(os.path.abspath(__file__))
# What a service's app.py does when it runs as the container's command.
RUN_A_SERVICE = "from ftmo_service import Service, run; run(Service('probe-me'))"


def quote_back(params):
    """A route for the tests: echoes its parameters, refuses an empty request."""
    if not params:
        raise ValueError("say something")
    return {"echo": params}


def broken(_params):
    raise RuntimeError("a bug")


SERVICE = Service("test-service", {"/echo": quote_back, "/broken": broken})


def get(port, path):
    """Status and decoded JSON body of GET path on the local server."""
    url = f"http://127.0.0.1:{port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


class ServiceTest(unittest.TestCase):
    def test_routes_must_be_paths_other_than_health(self):
        for path in ("echo", "/health"):
            with self.subTest(path=path):
                with self.assertRaisesRegex(ValueError, "must start with / and not be /health"):
                    Service("x", {path: quote_back})


@contextlib.contextmanager
def serving(environ):
    """The test service's server on a free local port, answering until the block ends."""
    server = make_server(SERVICE, Settings.from_environ(dict(environ, PORT="0")), "127.0.0.1")
    # A short poll interval keeps shutdown() quick.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class EndpointTest(unittest.TestCase):
    def setUp(self):
        environ = {"POSTGRES_HOST": "postgres-service", "POSTGRES_PASSWORD": "s3cret"}
        self.port = self.enterContext(serving(environ))

    def test_health_names_the_service_and_missing_settings_only(self):
        status, body = get(self.port, "/health?probe=liveness")
        self.assertEqual(status, 200)
        self.assertEqual(
            body,
            {
                "status": "ok",
                "service": "test-service",
                "missing_settings": ["POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER"],
            },
        )
        self.assertNotIn("s3cret", json.dumps(body))

    def test_server_header_names_the_service_not_python(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=5) as reply:
            self.assertEqual(reply.headers["Server"], "test-service")
            self.assertEqual(reply.headers["Content-Type"], "application/json")

    def test_a_route_gets_its_query_parameters(self):
        status, body = get(self.port, "/echo?text=DAX%20up&n=1&n=2")
        self.assertEqual(status, 200)
        self.assertEqual(body, {"echo": {"text": "DAX up", "n": "2"}})

    def test_a_value_error_is_a_400_with_its_message(self):
        self.assertEqual(get(self.port, "/echo"), (400, {"error": "say something"}))

    def test_another_error_is_a_500_without_details_and_a_traceback_in_the_log(self):
        with contextlib.redirect_stderr(io.StringIO()) as log:
            self.assertEqual(get(self.port, "/broken"), (500, {"error": "internal error"}))
        self.assertIn("RuntimeError: a bug", log.getvalue())

    def test_other_paths_are_404(self):
        self.assertEqual(get(self.port, "/healthz"), (404, {"error": "not found"}))


class ProbeTest(unittest.TestCase):
    def test_healthy_only_while_the_server_answers(self):
        with serving({}) as port:
            self.assertTrue(healthy(port))
        self.assertFalse(healthy(port, timeout=1))


class ShutdownTest(unittest.TestCase):
    def test_sigterm_stops_serve_and_the_log_shows_no_secret(self):
        environ = {"PORT": "0", "POSTGRES_PASSWORD": "s3cret"}
        server = make_server(SERVICE, Settings.from_environ(environ), "127.0.0.1")
        port = server.server_address[1]
        # Swallow SIGTERM until serve() installs its handler, so that a server without one
        # fails this test (by the watchdog below) instead of killing the test run.
        previous = signal.signal(signal.SIGTERM, lambda _signum, _frame: None)
        # If SIGTERM were ignored, serve() would never return: stop it after 10 s and fail.
        gave_up = threading.Event()

        def give_up():
            gave_up.set()
            server.shutdown()

        watchdog = threading.Timer(10, give_up)

        def terminate_once_serving():
            get(port, "/health")
            os.kill(os.getpid(), signal.SIGTERM)

        watchdog.start()
        threading.Thread(target=terminate_once_serving, daemon=True).start()
        log = io.StringIO()
        try:
            with contextlib.redirect_stdout(log):
                serve(server)
        finally:
            signal.signal(signal.SIGTERM, previous)
            watchdog.cancel()
        self.assertFalse(gave_up.is_set(), "SIGTERM did not stop the server")
        self.assertEqual(
            log.getvalue(),
            f"test-service listening on 127.0.0.1:{port}\n"
            "test-service: settings not set: POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DB, "
            "POSTGRES_USER\n",
        )

    def test_process_exits_cleanly_on_sigterm(self):
        # A service's own command, run(): PORT=0 picks a free port, which the first line names.
        process = subprocess.Popen(
            [sys.executable, "-c", RUN_A_SERVICE],
            env=dict(os.environ, PORT="0", PYTHONPATH=COMMON_DIR),
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            first_line = process.stdout.readline()
            port = int(first_line.rsplit(":", 1)[1])
            self.assertEqual(get(port, "/health")[0], 200)
            process.send_signal(signal.SIGTERM)
            self.assertEqual(process.wait(timeout=10), 0)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()

    def test_a_bad_port_stops_the_process_with_a_message(self):
        result = subprocess.run(
            [sys.executable, "-c", RUN_A_SERVICE],
            env=dict(os.environ, PORT="http", PYTHONPATH=COMMON_DIR),
            capture_output=True,
            text=True,
            timeout=10,
        )
        self.assertEqual(result.returncode, 1)
        self.assertEqual(
            result.stderr.splitlines()[-1],
            "probe-me: PORT must be a number from 0 to 65535, not 'http'",
        )
