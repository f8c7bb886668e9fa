"""Reads of stored snapshots: leaderboards, scorecards, trends, changes. Never recomputes."""

from __future__ import annotations

from leitai.rankings.models import RankingSnapshot


def scheme_has_snapshots(scheme) -> bool:
    """Tell whether any ranking was computed with this scheme version."""
    return RankingSnapshot.objects.filter(scheme=scheme).exists()
