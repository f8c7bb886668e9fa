"""This app's menu entries (see leitai/core/navigation.py)."""

ENTRIES: list = []
