"""JSON-line logs (`LEITAI_LOG_FORMAT=json`): one object a line, with the request id.

Each line holds `time` (UTC, ISO 8601), `level`, `logger`, `message`, `request_id` and `source`
(the same id and source the request's audit rows carry, `leitai.core.context`; empty outside a
request or command) and, for an exception, `exception` (the traceback as text).
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from leitai.core.context import current_origin


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        origin = current_origin()
        source, request_id = origin.source, origin.request_id
        if not request_id:  # django.request's lines come after the request's context ended
            source, request_id = getattr(
                getattr(record, "request", None), "leitai_origin", ("", "")
            )
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id,
            "source": source if request_id else "",
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def logging_settings(log_format: str, level: str) -> dict:
    """Return Django's LOGGING for `LEITAI_LOG_FORMAT` ("text" or "json") and a level."""
    if log_format not in ("text", "json"):
        raise ValueError("LEITAI_LOG_FORMAT must be text or json")
    handler = {"class": "logging.StreamHandler"}
    formatters = {}
    if log_format == "json":
        formatters = {"json": {"()": "leitai.core.logs.JsonFormatter"}}
        handler["formatter"] = "json"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": formatters,
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
    }
