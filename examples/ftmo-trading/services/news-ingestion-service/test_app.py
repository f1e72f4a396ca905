"""Tests of the health endpoint; they run with pytest and with python -m unittest."""

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

import app

SERVICE_DIR = os.path.dirname(os.path.abspath(app.__file__))


def get(port, path):
    """Status and decoded JSON body of GET path on the local server."""
    url = f"http://127.0.0.1:{port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


class HealthReportTest(unittest.TestCase):
    def test_names_the_service_of_its_own_directory(self):
        # Catches a service copied to a new directory without renaming it.
        self.assertEqual(app.SERVICE_NAME, os.path.basename(SERVICE_DIR))

    def test_lists_missing_settings_by_name_only(self):
        environ = {"POSTGRES_HOST": "postgres-service", "POSTGRES_PASSWORD": "s3cret"}
        report = app.health_report(environ)
        self.assertEqual(report["status"], "ok")
        self.assertEqual(
            report["missing_settings"], ["POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER"]
        )
        self.assertNotIn("s3cret", json.dumps(report))

    def test_complete_settings_leave_nothing_missing(self):
        environ = {
            "POSTGRES_HOST": "postgres-service",
            "POSTGRES_PORT": "5432",
            "POSTGRES_DB": "finrl_dax",
            "POSTGRES_USER": "finrl_user",
            "POSTGRES_PASSWORD": "s3cret",
        }
        self.assertEqual(app.health_report(environ)["missing_settings"], [])


class HealthEndpointTest(unittest.TestCase):
    def setUp(self):
        self.server = app.make_server(0, "127.0.0.1")
        self.port = self.server.server_address[1]
        # A short poll interval keeps shutdown() in tearDown quick.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def test_health_answers_200_with_json(self):
        status, body = get(self.port, "/health")
        self.assertEqual(status, 200)
        self.assertEqual(body["status"], "ok")
        self.assertEqual(body["service"], app.SERVICE_NAME)

    def test_health_ignores_a_query_string(self):
        status, _body = get(self.port, "/health?probe=liveness")
        self.assertEqual(status, 200)

    def test_other_paths_are_404(self):
        status, body = get(self.port, "/healthz")
        self.assertEqual(status, 404)
        self.assertEqual(body, {"error": "not found"})


class ShutdownTest(unittest.TestCase):
    def test_sigterm_stops_serve(self):
        server = app.make_server(0, "127.0.0.1")
        port = server.server_address[1]
        # Swallow SIGTERM until serve() installs its handler, so that a service without one
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
                app.serve(server)
        finally:
            signal.signal(signal.SIGTERM, previous)
            watchdog.cancel()
        self.assertFalse(gave_up.is_set(), "SIGTERM did not stop the server")
        self.assertEqual(log.getvalue(), f"{app.SERVICE_NAME} listening on 127.0.0.1:{port}\n")

    def test_process_exits_cleanly_on_sigterm(self):
        # The container's own command: PORT=0 picks a free port, which the first line names.
        environ = dict(os.environ, PORT="0")
        process = subprocess.Popen(
            [sys.executable, os.path.join(SERVICE_DIR, "app.py")],
            env=environ,
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


if __name__ == "__main__":
    unittest.main()
