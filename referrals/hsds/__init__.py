"""The service directory in Open Referral HSDS 3.0 JSON: export and import.

A file is a list of HSDS organisations, each with its services nested. HSDS has no place
for a service's kind, the urgencies it takes or its text in each language, so those travel
as HSDS attributes whose taxonomy terms come from our own vocabulary (`TERMS`). Counselors
are people and never leave the system.

`vocabulary` holds the identifiers and terms both directions share; `export` writes the
file; `validation` checks one against the schema, `mapping` reads its services into our
fields and `importer` writes them. This module is the public API.
"""

from referrals.hsds.export import hsds_export
from referrals.hsds.importer import ImportReport, hsds_import
from referrals.hsds.validation import hsds_schema_path
from referrals.hsds.vocabulary import TERM_IDS, TERMS, hsds_organization_id

__all__ = [
    "TERMS",
    "TERM_IDS",
    "ImportReport",
    "hsds_export",
    "hsds_import",
    "hsds_organization_id",
    "hsds_schema_path",
]
