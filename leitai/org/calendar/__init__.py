"""The working-day calendar (工作日历): holidays and make-up working days, national and local.

Every "N working days" rule (the appeal window of a publication, supervision limits counted
in working days) counts with `selectors.calendar_for(jurisdiction)`.
"""
