"""The scheme side of the assessment app: what is assessed and how, per year.

Scheme versions with their arenas and indicators, the year's periods (and their states),
targets and exemptions, and adjustments (bonuses, deductions, vetoes). Adjustments live here
because they are decided per arena of the scheme by the office, like targets, and do not
pass through a unit's submission. Judges' scores are collected data: see `collection`.
"""
