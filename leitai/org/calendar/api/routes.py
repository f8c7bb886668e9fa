"""The calendar's API routes: `register(router)` adds its viewset."""

urls: list = []


def register(router) -> None:
    """Register the calendar's viewset on the API router."""
    from leitai.org.calendar.api.views import CalendarDayViewSet

    router.register("calendar-days", CalendarDayViewSet, basename="calendar-day")
