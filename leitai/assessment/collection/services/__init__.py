"""Every change to collected data: values, sign-off, evidence, review, judges' scores,
system values, reminders and the values workbook. Import from the submodules."""
