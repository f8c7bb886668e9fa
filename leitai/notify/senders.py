"""The few HTTP calls that deliver a message, one per channel kind, written by hand.

apprise was considered and not used: its DingTalk and Feishu plugins post to fixed public
hosts (no base URL for 政务钉钉 or a local receiver) and its Feishu plugin does not sign.
Each sender returns the channel's answer as text and raises `DeliveryError` on a failure,
including an error reported inside a 200 answer (DingTalk's and WeCom's `errcode`, Feishu's
`code`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from urllib.parse import quote_plus

from django.conf import settings
from django.core.mail import send_mail

from leitai.notify.models import Channel

TIMEOUT = 10
# WeCom's text messages are cut at this many bytes of UTF-8.
WECOM_MAX_BYTES = 2048
# Messages a robot takes in one minute before it throttles (钉钉 and 企业微信 20, 飞书 100).
PER_MINUTE = {Channel.Kind.DINGTALK: 20, Channel.Kind.WECOM: 20, Channel.Kind.FEISHU: 100}


class DeliveryError(Exception):
    """The channel refused the message or could not be reached; the text is its answer."""


def _opener():
    proxy = getattr(settings, "LEITAI_NOTIFY_PROXY", "")
    handlers = [urllib.request.ProxyHandler({"http": proxy, "https": proxy} if proxy else {})]
    return urllib.request.build_opener(*handlers)


def _post(url: str, payload: bytes, headers: dict | None = None) -> str:
    request = urllib.request.Request(
        url, data=payload, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with _opener().open(request, timeout=TIMEOUT) as answer:
            return answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code}: {exc.read().decode('utf-8', 'replace')}") from exc
    except OSError as exc:
        raise DeliveryError(str(exc)) from exc


def _check_code(text: str, *keys: str) -> str:
    try:
        answer = json.loads(text)
    except ValueError as exc:
        raise DeliveryError(text) from exc
    for key in keys:
        if key in answer and answer[key] not in (0, "0"):
            raise DeliveryError(text)
    return text


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def dingtalk_sign(timestamp_ms: int, secret: str) -> str:
    """DingTalk's signature: HMAC-SHA256 of "timestamp\\nsecret" keyed by the secret, base64."""
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(timestamp_s: int, secret: str) -> str:
    """Feishu's signature: HMAC-SHA256 of nothing keyed by "timestamp\\nsecret", base64."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def webhook_sign(secret: str, body: bytes) -> str:
    """The generic webhook's signature header value: "sha256=" + hex HMAC of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _dingtalk(channel: Channel, title: str, body: str) -> str:
    url = channel.address
    if channel.secret:
        stamp = int(time.time() * 1000)
        sign = quote_plus(dingtalk_sign(stamp, channel.secret))
        url += ("&" if "?" in url else "?") + f"timestamp={stamp}&sign={sign}"
    mentions = "".join(f" @{m}" for m in channel.mobiles)
    payload = {
        "msgtype": "markdown",
        "markdown": {"title": title, "text": f"### {title}\n\n{body}{mentions}"},
        "at": {"atMobiles": list(channel.mobiles), "isAtAll": False},
    }
    return _check_code(_post(url, _json(payload)), "errcode")


def _feishu(channel: Channel, title: str, body: str) -> str:
    payload: dict = {"msg_type": "text", "content": {"text": f"{title}\n{body}"}}
    if channel.secret:
        stamp = int(time.time())
        payload.update(timestamp=str(stamp), sign=feishu_sign(stamp, channel.secret))
    return _check_code(_post(channel.address, _json(payload)), "code", "StatusCode")


def _wecom(channel: Channel, title: str, body: str) -> str:
    text = f"{title}\n{body}".encode()[:WECOM_MAX_BYTES].decode("utf-8", "ignore")
    payload = {
        "msgtype": "text",
        "text": {"content": text, "mentioned_mobile_list": list(channel.mobiles)},
    }
    return _check_code(_post(channel.address, _json(payload)), "errcode")


def _webhook(channel: Channel, title: str, body: str) -> str:
    data = _json({"title": title, "body": body, "mobiles": list(channel.mobiles)})
    headers = {"X-Leitai-Signature": webhook_sign(channel.secret, data)} if channel.secret else {}
    return _post(channel.address, data, headers)


def _email(channel: Channel, title: str, body: str) -> str:
    to = [a.strip() for a in channel.address.replace(";", ",").split(",") if a.strip()]
    try:
        send_mail(title, body, None, to)
    except OSError as exc:
        raise DeliveryError(str(exc)) from exc
    return "sent to " + ", ".join(to)


SENDERS = {
    Channel.Kind.DINGTALK: _dingtalk,
    Channel.Kind.FEISHU: _feishu,
    Channel.Kind.WECOM: _wecom,
    Channel.Kind.WEBHOOK: _webhook,
    Channel.Kind.EMAIL: _email,
}


def deliver(channel: Channel, title: str, body: str) -> str:
    """Send one message on `channel`; return its answer or raise `DeliveryError`."""
    return SENDERS[channel.kind](channel, title, body)
