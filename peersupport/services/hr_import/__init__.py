"""Importing people from the HR system's export (CSV or XLSX).

Three steps, so nothing is written before a coordinator has seen what will happen:
`hr_file_read` turns a file into rows (or refuses the file), `hr_import_plan` says per
row what would change and why a row is refused, and `hr_import_apply` writes a plan
without a single refused row, in one transaction. People are matched by employee id;
nobody is ever deleted; people marked as left lose access at once.

`columns` names what HR exports call things, `rows` reads and checks each row, `plan`
compares the rows with the people we know, `apply` writes.
"""

from peersupport.services.hr_import.apply import (
    ImportNotApplicable,
    hr_import_apply,
    hr_import_create,
    hr_import_discard,
)
from peersupport.services.hr_import.plan import hr_import_plan
from peersupport.services.hr_import.rows import (
    ImportFileError,
    ImportPlan,
    RowPlan,
    hr_file_read,
    username_for,
)

__all__ = [
    "ImportFileError",
    "ImportNotApplicable",
    "ImportPlan",
    "RowPlan",
    "hr_file_read",
    "hr_import_apply",
    "hr_import_create",
    "hr_import_discard",
    "hr_import_plan",
    "username_for",
]
