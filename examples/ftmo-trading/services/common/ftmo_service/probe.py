"""The image's HEALTHCHECK: `python -m ftmo_service.probe` exits 0 when the service in the same
container answers GET /health with 200, and 1 otherwise."""

import os
import sys
import urllib.request

from ftmo_service.settings import parse_port


def healthy(port, timeout=2.0):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=timeout) as reply:
            return reply.status == 200
    except OSError:
        # Refused, timed out, or an HTTP error status (urllib's errors are OSErrors).
        return False


if __name__ == "__main__":
    sys.exit(0 if healthy(parse_port(os.environ.get("PORT", ""))) else 1)
