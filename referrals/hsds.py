"""The service directory in Open Referral HSDS 3.0 JSON: export and import.

A file is a list of HSDS organisations, each with its services nested. HSDS has no place
for a service's kind, the urgencies it takes or its text in each language, so those travel
as HSDS attributes whose taxonomy terms come from our own vocabulary (`TERMS`). Counselors
are people and never leave the system.
"""

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaViolation
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from peersupport.models import SpokenLanguage, User
from peersupport.services.audit import audit_log
from referrals.models import Service, ServiceKind, Urgency

# Every identifier we make up (organisations, phones, attributes…) is a uuid5 in this
# namespace, so the same directory always exports the same file.
NAMESPACE = uuid.UUID("d96beb5b-47e9-44f1-af3b-7eddcc224724")

TERM_KIND = "kind"
TERM_URGENCY = "urgency"
TERM_DESCRIPTION_EN = "description_en"
TERM_DESCRIPTION_ID = "description_id"
TERMS = {
    TERM_KIND: "The kind of service, one of: " + ", ".join(ServiceKind.values),
    TERM_URGENCY: "An urgency of referral the service takes, one of: " + ", ".join(Urgency.values),
    TERM_DESCRIPTION_EN: "The description of the service in English.",
    TERM_DESCRIPTION_ID: "The description of the service in Indonesian.",
}
TAXONOMY_NAME = "peersupport service directory"

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

# The country of our free-text addresses, which HSDS wants as a separate field.
ADDRESS_COUNTRY = "ID"
ADDRESS_PARTS = ("address_1", "address_2", "city", "state_province", "postal_code")
MAX_SCHEMA_ERRORS = 20


def _derived_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def hsds_organization_id(name: str) -> str:
    """The stable HSDS identifier of the organisation with this name."""
    return _derived_id("organization", name)


TAXONOMY_ID = _derived_id("taxonomy")
TERM_IDS = {code: _derived_id("taxonomy", code) for code in TERMS}
TERM_BY_ID = {term_id: code for code, term_id in TERM_IDS.items()}


# Export


def hsds_export(services: QuerySet[Service] | None = None) -> list[dict[str, Any]]:
    """The directory as HSDS organisations (one per organisation name), services nested."""
    services = Service.objects.all() if services is None else services
    organizations: dict[str, list[dict[str, Any]]] = {}
    with translation.override("en"):
        for service in services.order_by("organization", "name", "hsds_id"):
            organizations.setdefault(service.organization, []).append(_service_to_hsds(service))
    return [
        {
            "id": hsds_organization_id(name),
            "name": name,
            "description": "",
            "services": items,
        }
        for name, items in sorted(organizations.items())
    ]


def _service_to_hsds(service: Service) -> dict[str, Any]:
    sid = str(service.hsds_id)
    data: dict[str, Any] = {
        "id": sid,
        "organization_id": hsds_organization_id(service.organization),
        "name": service.name,
        "description": service.description_en or service.description_id,
        "url": service.website,
        "email": service.email,
        "status": "active" if service.active else "inactive",
        "phones": [{"id": _derived_id(sid, "phone"), "service_id": sid, "number": service.phone}]
        if service.phone
        else [],
        "schedules": [
            {"id": _derived_id(sid, "schedule"), "service_id": sid, "description": service.hours}
        ]
        if service.hours
        else [],
        "service_areas": [
            {"id": _derived_id(sid, "service_area", index), "service_id": sid, "name": site}
            for index, site in enumerate(service.sites)
        ],
        "service_at_locations": [_location(sid, service.address)] if service.address else [],
        "languages": [
            {
                "id": _derived_id(sid, "language", code),
                "service_id": sid,
                "name": str(dict(SpokenLanguage.choices).get(code, code)),
                "code": code,
            }
            for code in service.languages
        ],
        "attributes": _attributes(sid, service),
    }
    # Empty values are left out: "" is not a valid e-mail address or URL.
    return {key: value for key, value in data.items() if value not in ("", [])}


def _location(sid: str, address: str) -> dict[str, Any]:
    location_id = _derived_id(sid, "location")
    return {
        "id": _derived_id(sid, "service_at_location"),
        "service_id": sid,
        "location_id": location_id,
        "location": {
            "id": location_id,
            "location_type": "physical",
            "addresses": [
                {
                    "id": _derived_id(sid, "address"),
                    "location_id": location_id,
                    # Our address is one line of free text, so it all goes in the first line.
                    "address_1": address,
                    "city": "",
                    "state_province": "",
                    "postal_code": "",
                    "country": ADDRESS_COUNTRY,
                    "address_type": "physical",
                }
            ],
        },
    }


def _attributes(sid: str, service: Service) -> list[dict[str, Any]]:
    values = [(TERM_KIND, service.kind)]
    values += [(TERM_URGENCY, urgency) for urgency in service.urgencies]
    values += [(TERM_DESCRIPTION_EN, service.description_en)] if service.description_en else []
    values += [(TERM_DESCRIPTION_ID, service.description_id)] if service.description_id else []
    return [
        {
            "id": _derived_id(sid, "attribute", index),
            "link_id": sid,
            "link_entity": "service",
            "taxonomy_term_id": TERM_IDS[term],
            "value": value,
            "taxonomy_term": _taxonomy_term(term),
        }
        for index, (term, value) in enumerate(values)
    ]


def _taxonomy_term(code: str) -> dict[str, Any]:
    return {
        "id": TERM_IDS[code],
        "code": code,
        "name": code,
        "description": TERMS[code],
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": TAXONOMY_ID,
        "taxonomy_detail": {
            "id": TAXONOMY_ID,
            "name": TAXONOMY_NAME,
            "description": "The fields of a peersupport service that HSDS has no place for.",
            "version": "1",
        },
    }


# Import


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


class _Refused(Exception):
    """The file cannot be imported; `errors` says why."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(errors)
        self.errors = errors


def hsds_import(data: list[dict[str, Any]] | dict[str, Any], *, actor: User | None) -> ImportReport:
    """Create or update services from HSDS organisations, matched on the service `id`.

    The file is checked against the HSDS schema first, then every service against our
    model; any error leaves the directory untouched. Each service written gets one audit
    entry. A kind we do not know becomes "ngo"; urgencies and languages we do not know
    are dropped. Services missing from the file are left as they are.
    """
    report = ImportReport()
    organizations = [data] if isinstance(data, dict) else data
    try:
        if not isinstance(organizations, list):
            raise _Refused([_("The file must hold an HSDS organisation or a list of them.")])
        _check_schema(organizations)
        rows = _rows(organizations)
        with transaction.atomic():
            _write(rows, actor=actor, report=report)
    except _Refused as refused:
        return ImportReport(errors=refused.errors)
    except IntegrityError:
        return ImportReport(
            errors=[_("The directory changed during the import. Nothing was imported; try again.")]
        )
    return report


def hsds_schema_path() -> Path:
    """The HSDS 3.0 organisation schema (setting HSDS_SCHEMA_PATH)."""
    return Path(settings.HSDS_SCHEMA_PATH)


@cache
def _validator(path: Path) -> Validator:
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(
            f"The HSDS schema {path} cannot be read ({error}); set HSDS_SCHEMA_PATH."
        ) from error
    cls = validator_for(schema, default=Draft202012Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _check_schema(organizations: list[Any]) -> None:
    validator = _validator(hsds_schema_path())
    problems: dict[str, None] = {}  # ordered and without repeats
    for index, organization in enumerate(organizations):
        for error in sorted(validator.iter_errors(organization), key=lambda e: e.json_path):
            problems.update(dict.fromkeys(_schema_problems(error, index)))
    if problems:
        messages = list(problems)
        shown = messages[:MAX_SCHEMA_ERRORS]
        if len(messages) > len(shown):
            shown.append(_("…and %(count)d more problems.") % {"count": len(messages) - len(shown)})
        raise _Refused([_("The file is not valid HSDS 3.0; nothing was imported."), *shown])


def _place(index: int, path: Iterable[str | int]) -> str:
    parts = [_("organisation %(number)d") % {"number": index + 1}]
    for item in path:
        if isinstance(item, int):
            parts[-1] = f"{parts[-1]} {item + 1}"
        else:
            parts.append(f"“{item}”")
    return " → ".join(parts)


def _schema_problems(error: SchemaViolation, index: int) -> list[str]:
    place = _place(index, error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        return [
            _("%(place)s: “%(field)s” is missing.") % {"place": place, "field": name}
            for name in error.validator_value
            if name not in error.instance
        ]
    if error.validator == "type":
        types = {
            "string": _("text"),
            "number": _("a number"),
            "integer": _("a whole number"),
            "boolean": _("true or false"),
            "object": _("an object"),
            "array": _("a list"),
        }
        expected = types.get(str(error.validator_value), str(error.validator_value))
        return [_("%(place)s should be %(type)s.") % {"place": place, "type": expected}]
    if error.validator == "format":
        formats = {
            "uuid": _("UUID"),
            "email": _("e-mail address"),
            "uri": _("URL"),
            "date-time": _("date and time"),
        }
        expected = formats.get(str(error.validator_value), str(error.validator_value))
        return [_("%(place)s is not a valid %(format)s.") % {"place": place, "format": expected}]
    if error.validator == "enum":
        choices = ", ".join(f"“{choice}”" for choice in error.validator_value)
        return [_("%(place)s should be one of %(choices)s.") % {"place": place, "choices": choices}]
    return [_("%(place)s: %(problem)s.") % {"place": place, "problem": error.message[:200]}]


@dataclass
class _Row:
    hsds_id: uuid.UUID
    fields: dict[str, Any]

    @property
    def label(self) -> str:
        return f"“{str(self.fields['name'])[:80]}” ({self.hsds_id})"


def _rows(organizations: list[dict[str, Any]]) -> list[_Row]:
    """The services of a schema-valid file as model field values."""
    rows: dict[uuid.UUID, _Row] = {}
    errors = []
    for organization in organizations:
        for item in organization.get("services", []):
            hsds_id = uuid.UUID(item["id"])  # the schema checked its format
            row = _Row(hsds_id, _service_fields(organization["name"], item))
            if hsds_id in rows:
                errors.append(
                    _("Service %(service)s appears more than once in the file.")
                    % {"service": row.label}
                )
            rows[hsds_id] = row
    if errors:
        raise _Refused(errors)
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


def _write(rows: Sequence[_Row], *, actor: User | None, report: ImportReport) -> None:
    existing = Service.objects.select_for_update().in_bulk(
        [row.hsds_id for row in rows], field_name="hsds_id"
    )
    checked: list[tuple[Service, list[str]]] = []
    errors: list[str] = []
    for row in rows:
        service = existing.get(row.hsds_id) or Service(hsds_id=row.hsds_id)
        changed = [
            name
            for name, value in row.fields.items()
            if service.pk is None or getattr(service, name) != value
        ]
        for name, value in row.fields.items():
            setattr(service, name, value)
        try:
            _refuse_nul_characters(row.fields)
            service.full_clean()
        except ValidationError as error:
            errors += _invalid(row, error)
            continue
        checked.append((service, changed))
    if errors:
        raise _Refused(errors)
    for service, changed in checked:
        created = service.pk is None
        service.save()
        audit_log(
            actor=actor,
            action="service.imported",
            target=service,
            changes={"created": created, "fields": changed},
        )
        if created:
            report.created += 1
        else:
            report.updated += 1


def _refuse_nul_characters(fields: dict[str, Any]) -> None:
    # PostgreSQL cannot store NUL in text, and full_clean() does not check for it.
    problems = {
        name: _("This contains a NUL character, which cannot be stored.")
        for name, value in fields.items()
        if any("\x00" in text for text in (value if isinstance(value, list) else [str(value)]))
    }
    if problems:
        raise ValidationError(problems)


def _invalid(row: _Row, error: ValidationError) -> list[str]:
    messages = []
    for name, problems in error.message_dict.items():
        label = "" if name == NON_FIELD_ERRORS else Service._meta.get_field(name).verbose_name
        for problem in problems:
            messages.append(
                _("Service %(service)s, %(field)s: %(problem)s")
                % {"service": row.label, "field": label, "problem": problem}
                if label
                else _("Service %(service)s: %(problem)s")
                % {"service": row.label, "problem": problem}
            )
    return messages
