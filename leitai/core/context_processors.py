"""Template context every page needs: the navigation for the person's roles."""

from __future__ import annotations

from django.conf import settings

from leitai.core.navigation import HOME, navigation_for, sections_for


def navigation(request):
    """Add `nav` (the menu entries this person may use) and `scope` to every template."""
    user = getattr(request, "user", None)
    colours = {"rank_colours": settings.LEITAI_RANK_COLOURS}
    if user is None or not user.is_authenticated:
        return {"nav": [], "nav_sections": [], **colours}
    from leitai.org.access import scope_for

    return {
        "nav": navigation_for(user),
        "nav_home": HOME[0],
        "nav_sections": sections_for(user),
        "scope": scope_for(user),
        **colours,
    }
