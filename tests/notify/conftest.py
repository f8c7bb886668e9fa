"""A local receiver that answers like DingTalk, Feishu, WeCom and a signed webhook.

It runs a real HTTP server on 127.0.0.1 in a thread and checks each robot's signature the way
the service documents it, so the senders are tested against the wire, never a mock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from leitai.notify.models import Channel

SECRET = "SEC0123456789abcdef"


class Receiver:
    def __init__(self):
        self.received: list[tuple[str, dict]] = []
        self.throttle = False
        self.lock = threading.Lock()

    def answer(self, path: str, query: dict, headers, raw: bytes) -> dict:
        data = json.loads(raw)
        with self.lock:
            if path == "/dingtalk":
                stamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
                want = base64.b64encode(
                    hmac.new(
                        SECRET.encode(), f"{stamp}\n{SECRET}".encode(), hashlib.sha256
                    ).digest()
                ).decode()
                if not stamp or abs(int(stamp) - time.time() * 1000) > 3_600_000 or sign != want:
                    return {"errcode": 310000, "errmsg": "sign not match"}
                if self.throttle:
                    return {
                        "errcode": 130101,
                        "errmsg": "send too fast, exceed 20 times per minute",
                    }
            elif path == "/feishu":
                stamp = data.get("timestamp", "")
                want = base64.b64encode(
                    hmac.new(f"{stamp}\n{SECRET}".encode(), b"", hashlib.sha256).digest()
                ).decode()
                if not stamp or abs(int(stamp) - time.time()) > 3600 or data.get("sign") != want:
                    return {
                        "code": 19021,
                        "msg": "sign match fail or timestamp is not within one hour",
                    }
            elif path == "/webhook":
                want = "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
                if headers.get("X-Leitai-Signature") != want:
                    return {"ok": False}
            self.received.append((path, data))
            return (
                {"errcode": 0, "errmsg": "ok"}
                if path != "/feishu"
                else {"code": 0, "msg": "success"}
            )


@pytest.fixture
def receiver():
    with running_receiver() as state:
        yield state


@contextmanager
def running_receiver():
    """Run the receiver on a free port of 127.0.0.1 for the length of the block."""
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            parts = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            body = json.dumps(state.answer(parts.path, parse_qs(parts.query), self.headers, raw))
            if parts.path == "/webhook" and '"ok": false' in body:
                self.send_response(401)
            else:
                self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def make_channel(world, receiver, kind=Channel.Kind.DINGTALK, unit=None, secret=SECRET, **extra):
    path = {"dingtalk": "/dingtalk?access_token=tok", "feishu": "/feishu", "wecom": "/wecom?key=k"}
    return Channel.objects.create(
        jurisdiction=world.county,
        unit=unit,
        kind=kind,
        name=extra.pop("name", f"{kind} robot"),
        address=receiver.base + path.get(kind, "/webhook"),
        secret=secret,
        **extra,
    )
