"""Reading numbers people type into spreadsheets and forms, forgivingly.

Shared by every import and data-entry form: full-width digits (１２３), thousands separators
(1,234 or 1，234), surrounding spaces and the usual marks for "nothing" ('—', '-', '无', '/').
These are the names forms use for the one cell cleaner, `leitai.tabular.cells`.
"""

from __future__ import annotations

from leitai.tabular.cells import clean as cell_text
from leitai.tabular.cells import decimal as parse_decimal

cell_decimal = parse_decimal

__all__ = ["cell_decimal", "cell_text", "parse_decimal"]
