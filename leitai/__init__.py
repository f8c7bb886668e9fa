"""Leitai (擂台): key-task arena assessment.

This module must stay free of Django imports: `leitai score` and the scoring engine run
without Django being configured or even importable.
"""

__version__ = "0.1.0"
