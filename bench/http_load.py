"""Shared load helpers of the page benchmarks: a free port and a bounded threaded GET loop."""

from __future__ import annotations

import http.client
import socket
import threading
import time


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
