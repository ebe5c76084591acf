"""Our side of the HSDS vocabulary: the stable identifiers we derive, and the taxonomy
terms that carry what HSDS has no place for. Export and import both rely on them."""

import uuid

from referrals.models import ServiceKind, Urgency

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


def derived_id(*parts: object) -> str:
    """A stable identifier for the thing these parts name (see NAMESPACE)."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def hsds_organization_id(name: str) -> str:
    """The stable HSDS identifier of the organisation with this name."""
    return derived_id("organization", name)


TAXONOMY_ID = derived_id("taxonomy")
TERM_IDS = {code: derived_id("taxonomy", code) for code in TERMS}
TERM_BY_ID = {term_id: code for code, term_id in TERM_IDS.items()}
