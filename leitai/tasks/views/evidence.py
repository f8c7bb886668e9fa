"""Milestone evidence files: sent only to people who may see the task (others get a 404)."""

from __future__ import annotations

from leitai.core.evidence import download_view
from leitai.tasks.access import milestone_evidence_for_user

evidence_download = download_view(
    milestone_evidence_for_user, doc="Send a milestone's evidence file to whoever may see the task."
)
