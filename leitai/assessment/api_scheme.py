"""API of this side of the assessment app."""

urls: list = []


def register(router) -> None:
    """Register this side's viewsets on the API router."""
