"""The rankings pages: leaderboards, scorecards, trends, the office's desk, appeals."""
