"""The collection side of the assessment app: the data units and assessors enter per period.

Submissions and their values, evidence files, the assessors' review, the office's chasing
board and reminders, system-supplied values, judges' scores (entered by the office per
quarter), the values workbook (Excel template and import) and the plausibility check.
"""
