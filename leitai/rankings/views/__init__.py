"""The rankings pages: leaderboards, scorecards, trends, the big screen, the desk, appeals."""
