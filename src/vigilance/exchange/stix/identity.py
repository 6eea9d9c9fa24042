"""The platform as a STIX ``identity``: the author of everything it publishes and the place
where its sightings were made. Its id is a uuid5 of its name, so it never changes by itself."""

import uuid

from django.conf import settings
from stix2.v21 import Identity

# The namespace of every id the platform derives (identity, indicators, relationships,
# sightings, groupings, extension definitions): a uuid5 of the platform's own domain.
VIGILANCE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "stix.vigilance.cm")

# When the identity was first described; a change of name is a new version (see publish).
IDENTITY_CREATED = "2026-01-01T00:00:00.000Z"


def platform_identity_id() -> str:
    return f"identity--{uuid.uuid5(VIGILANCE_NAMESPACE, settings.EXCHANGE_IDENTITY_NAME)}"


def platform_identity(*, modified: object = IDENTITY_CREATED) -> Identity:
    return Identity(
        id=platform_identity_id(),
        created=IDENTITY_CREATED,
        modified=modified,
        name=settings.EXCHANGE_IDENTITY_NAME,
        identity_class="organization",
        sectors=["government-national"],
        contact_information=settings.PUBLIC_BASE_URL,
    )
