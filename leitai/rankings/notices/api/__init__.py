"""The ranking notices API: its serializer and viewset (routed by leitai/rankings/api/routes.py)."""
