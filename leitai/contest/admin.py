"""Contests are run through their pages; the admin only reads them."""
