"""Menu entries of this side of the assessment app."""

ENTRIES: list = []
