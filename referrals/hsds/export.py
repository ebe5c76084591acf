"""The directory out to HSDS 3.0: one organisation per organisation name, services nested,
our own fields as attributes from our taxonomy."""

from typing import Any

from django.db.models import QuerySet
from django.utils import translation

from peersupport.models import SpokenLanguage
from referrals.hsds.vocabulary import (
    TAXONOMY_ID,
    TAXONOMY_NAME,
    TERM_DESCRIPTION_EN,
    TERM_DESCRIPTION_ID,
    TERM_IDS,
    TERM_KIND,
    TERM_URGENCY,
    TERMS,
    derived_id,
    hsds_organization_id,
)
from referrals.models import Service

# The country of our free-text addresses, which HSDS wants as a separate field.
ADDRESS_COUNTRY = "ID"


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
        "phones": [{"id": derived_id(sid, "phone"), "service_id": sid, "number": service.phone}]
        if service.phone
        else [],
        "schedules": [
            {"id": derived_id(sid, "schedule"), "service_id": sid, "description": service.hours}
        ]
        if service.hours
        else [],
        "service_areas": [
            {"id": derived_id(sid, "service_area", index), "service_id": sid, "name": site}
            for index, site in enumerate(service.sites)
        ],
        "service_at_locations": [_location(sid, service.address)] if service.address else [],
        "languages": [
            {
                "id": derived_id(sid, "language", code),
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
    location_id = derived_id(sid, "location")
    return {
        "id": derived_id(sid, "service_at_location"),
        "service_id": sid,
        "location_id": location_id,
        "location": {
            "id": location_id,
            "location_type": "physical",
            "addresses": [
                {
                    "id": derived_id(sid, "address"),
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
            "id": derived_id(sid, "attribute", index),
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
