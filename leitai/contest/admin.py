"""Contests are changed only through their pages and services (each audited); no contest model
is registered in the admin, so a judge's sealed sheet or vote, or a link's hash, is never shown
there (tests/core/test_admin_audit.py)."""
