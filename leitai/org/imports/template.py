"""The import workbook filled with what is there now, so export → edit → re-import works."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from leitai.core.spreadsheets import new_workbook, workbook_bytes
from leitai.org.imports.plan import SHEET_MODULES
from leitai.org.models import AssessmentYear, Jurisdiction


def template_workbook(jurisdiction: Jurisdiction) -> bytes:
    """Return the import workbook filled with the jurisdiction's units, groups and people."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = new_workbook()
    workbook.remove(workbook.active)
    years = AssessmentYear.objects.filter(jurisdiction=jurisdiction)
    year = years.filter(is_current=True).first() or years.order_by("-year").first()
    for module in SHEET_MODULES:
        spec = module.SHEET
        ws = workbook.create_sheet(spec.zh)
        for pos, column in enumerate(spec.columns, start=1):
            cell = ws.cell(row=1, column=pos, value=column.zh)
            cell.font = Font(bold=True, color="FFFFFF" if column.required else "000000")
            cell.fill = PatternFill("solid", fgColor="B22222" if column.required else "F2DCDB")
            required = _("Required.") if column.required else _("Optional.")
            cell.comment = Comment(f"{required} {_(column.note)}", "Leitai")
            ws.column_dimensions[get_column_letter(pos)].width = column.width + 2
            choices = module.CHOICES.get(column.key)
            if choices:
                validation = DataValidation(
                    type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True
                )
                ws.add_data_validation(validation)
                letter = get_column_letter(pos)
                validation.add(f"{letter}2:{letter}2000")
        for values in module.template_rows(jurisdiction, year):
            ws.append(values)
        ws.freeze_panes = "A2"
    return workbook_bytes(workbook)
