"""Helpers shared by the contest views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect


def service_messages(request, exc: ValidationError) -> None:
    """Show a refused step's messages on the next page."""
    for message in exc.messages:
        messages.error(request, message)


def back_to(contest, anchor: str = ""):
    response = redirect("contest:detail", contest.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response
