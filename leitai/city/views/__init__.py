"""Pages of the city area."""
