"""The public results pages (no login): their routes, views and reads."""
