"""Shared helpers of the page benchmarks: the demo county, a served app, sessions, the load loop.

Each page benchmark builds the demo county in a temporary LEITAI_DATA_DIR, starts gunicorn on a
free port of 127.0.0.1 with the same settings for every page, makes a logged-in session in the
configured session store and measures requests per second of a bounded loop of GETs from client
threads against /healthz (a bare Django view returning a fixed string) and its pages.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def build_county(env: dict) -> None:
    """Migrate, collect static files and load the demo county into env's data folder."""
    from leitai.progress import Progress

    bar = Progress(3, "demo county", stream=sys.stderr)
    for args in (("migrate", "-v0"), ("collectstatic", "--noinput", "-v0"), ("demo",)):
        subprocess.run(
            [str(VENV_BIN / "leitai"), *args],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        bar.advance()
    bar.finish()


def setup_django(env: dict) -> None:
    """Set Django up in this process on the same data folder as the server."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leitai.settings")
    import django

    django.setup()


def session_for(username: str) -> str:
    """Return a logged-in session key for the user, made in the configured session store."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    user = get_user_model().objects.get(username=username)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the one that logs in
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def browser_cookie(port: int, session: str, url: str) -> str:
    """Return the session and CSRF cookies a browser holds after its first view of `url`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", url, headers={"Cookie": f"sessionid={session}", "Host": "127.0.0.1"})
    response = conn.getresponse()
    response.read()
    token = ""
    for name, value in response.getheaders():
        if name.lower() == "set-cookie" and value.startswith("csrftoken="):
            token = value.split(";", 1)[0]
    conn.close()
    if response.status != 200 or not token:
        raise RuntimeError(f"{url}: {response.status}, no CSRF cookie")
    return f"sessionid={session}; {token}"


def start_server(env: dict, port: int, workers: int, threads: int = 1) -> subprocess.Popen:
    """Start gunicorn on 127.0.0.1:port and wait until it accepts connections."""
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "leitai.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def free_port() -> int:
    """Return a free TCP port on the loopback address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(port: int, url: str, cookie: str, requests: int, clients: int) -> float:
    """Return requests per second of `requests` GETs of `url` spread over `clients` threads."""
    per_client = requests // clients
    errors: list[str] = []

    def loop() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(per_client):
            conn.request("GET", url, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{url}: {response.status}")
        conn.close()

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(errors[0])
    return per_client * clients / elapsed


def run_rounds(
    port: int, urls: dict[str, str], cookie: str, requests: int, clients: int, rounds: int
) -> dict[str, float]:
    """Warm every page up, then take the best of `rounds` measurements of each."""
    from leitai.progress import Progress

    for url in urls.values():
        measure(port, url, cookie, 4 * clients, clients)
    bar = Progress(rounds * len(urls), "requests", stream=sys.stderr)
    best = dict.fromkeys(urls, 0.0)
    for _ in range(rounds):
        for name, url in urls.items():
            best[name] = max(best[name], measure(port, url, cookie, requests, clients))
            bar.advance()
    bar.finish()
    return best
