"""Every change to the scheme side: versions, periods, targets, exemptions, adjustments.

Import from the submodules.
"""
