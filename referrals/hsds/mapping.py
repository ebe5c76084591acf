"""HSDS services back into our model's field values, forgiving of what other systems send
(language codes, schedules, addresses) and keeping only the attributes from our taxonomy."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from peersupport.models import SpokenLanguage
from referrals.hsds.validation import Refused
from referrals.hsds.vocabulary import (
    TERM_BY_ID,
    TERM_DESCRIPTION_EN,
    TERM_DESCRIPTION_ID,
    TERM_KIND,
    TERM_URGENCY,
)
from referrals.models import ServiceKind, Urgency

# Codes other systems use for our languages (ISO 639-2/3 and macrolanguage members).
LANGUAGE_ALIASES = {
    "ind": "id",
    "eng": "en",
    "jav": "jv",
    "sun": "su",
    "msa": "ms",
    "may": "ms",
    "zsm": "ms",
    "zho": "zh",
    "chi": "zh",
    "cmn": "zh",
}
# The parts of an HSDS address, joined in this order into our one line of text.
ADDRESS_PARTS = ("address_1", "address_2", "city", "state_province", "postal_code")


@dataclass
class Row:
    """One service of the file as our field values, named the way error messages name it."""

    hsds_id: uuid.UUID
    fields: dict[str, Any]

    @property
    def label(self) -> str:
        return f"“{str(self.fields['name'])[:80]}” ({self.hsds_id})"


def service_rows(organizations: list[dict[str, Any]]) -> list[Row]:
    """The services of a schema-valid file as model field values."""
    rows: dict[uuid.UUID, Row] = {}
    errors = []
    for organization in organizations:
        for item in organization.get("services", []):
            hsds_id = uuid.UUID(item["id"])  # the schema checked its format
            row = Row(hsds_id, _service_fields(organization["name"], item))
            if hsds_id in rows:
                errors.append(
                    _("Service %(service)s appears more than once in the file.")
                    % {"service": row.label}
                )
            rows[hsds_id] = row
    if errors:
        raise Refused(errors)
    return list(rows.values())


def _service_fields(organization: str, item: dict[str, Any]) -> dict[str, Any]:
    ours = _our_attributes(item.get("attributes", []))
    kind = next(iter(ours.get(TERM_KIND, [])), "")
    description = item.get("description", "")
    description_id = next(iter(ours.get(TERM_DESCRIPTION_ID, [])), "")
    if TERM_DESCRIPTION_EN in ours:
        description_en = ours[TERM_DESCRIPTION_EN][0]
    elif description_id and description == description_id:
        description_en = ""  # the export fell back to the Indonesian text
    else:
        description_en = description
    return {
        "name": item["name"].strip(),
        "organization": organization.strip(),
        "kind": kind if kind in ServiceKind.values else ServiceKind.NGO,
        "description_en": description_en,
        "description_id": description_id,
        "languages": _unique(_language_code(language) for language in item.get("languages", [])),
        "sites": _unique(area.get("name", "").strip() for area in item.get("service_areas", [])),
        "hours": "; ".join(_unique(_schedule_text(each) for each in item.get("schedules", []))),
        "phone": next((phone["number"].strip() for phone in item.get("phones", [])), ""),
        "email": item.get("email", "").strip(),
        "website": item.get("url", "").strip(),
        "address": _address(item.get("service_at_locations", [])),
        "urgencies": _unique(
            urgency for urgency in ours.get(TERM_URGENCY, []) if urgency in Urgency.values
        ),
        "active": item["status"] == "active",
    }


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def _our_attributes(attributes: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The values of the attributes from our vocabulary, by term code."""
    values: dict[str, list[str]] = {}
    for attribute in attributes:
        term_id = attribute.get("taxonomy_term_id") or attribute.get("taxonomy_term", {}).get("id")
        if term_id in TERM_BY_ID and "value" in attribute:
            values.setdefault(TERM_BY_ID[term_id], []).append(attribute["value"])
    return values


def _language_code(language: dict[str, Any]) -> str:
    code = language.get("code", "").strip().lower().replace("_", "-").split("-")[0]
    code = LANGUAGE_ALIASES.get(code, code)
    return code if code in SpokenLanguage.values else ""


def _schedule_text(schedule: dict[str, Any]) -> str:
    if schedule.get("description", "").strip():
        return schedule["description"].strip()
    opens, closes = schedule.get("opens_at", ""), schedule.get("closes_at", "")
    times = f"{opens}-{closes}" if opens and closes else ""
    return " ".join(part for part in (schedule.get("byday", ""), times) if part).strip()


def _address(service_at_locations: list[dict[str, Any]]) -> str:
    for service_at_location in service_at_locations:
        for address in service_at_location.get("location", {}).get("addresses", []):
            parts = (address.get(part, "").strip() for part in ADDRESS_PARTS)
            text = ", ".join(part for part in parts if part)
            if text:
                return text
    return ""
