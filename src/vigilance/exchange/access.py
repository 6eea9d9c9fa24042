"""Who reads what of the exchange, written once (TLP 2.0, ``core.tlp``).

A partner is an organisation whose system holds a live API key with the ``exchange`` permission.
It reads the active collections marked CLEAR or GREEN; an AMBER collection only if it is one of
the collection's ``readers`` (named for their need to know); an AMBER+STRICT collection only if
it is the collection's ``owner``. No collection is RED. Outside that, a collection does not exist
for the partner (404), as for a wrong key.
"""

import base64
import binascii
import uuid

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from vigilance.accounts.api_keys import api_key_authenticate, api_key_can
from vigilance.accounts.models import ApiKey, Organisation
from vigilance.accounts.permissions import Permission
from vigilance.core.tlp import Tlp
from vigilance.exchange.models import ExchangeCollection


def partner_key(request: HttpRequest) -> ApiKey | None:
    """The live key of the request, holding ``exchange``: ``Authorization: Bearer vig_...``,
    HTTP Basic with the key as password (TAXII clients), or the bare key (MISP feed headers)."""
    header = request.headers.get("Authorization", "").strip()
    scheme, _space, credentials = header.partition(" ")
    token = ""  # nosec B105  (empty until read from the header)
    if scheme.lower() == "bearer":
        token = credentials.strip()
    elif scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        token = decoded.partition(":")[2]
    elif header.startswith("vig_"):
        token = header
    if not token:
        return None
    api_key = api_key_authenticate(token)
    if api_key is None or not api_key_can(api_key, Permission.EXCHANGE):
        return None
    return api_key


def collections_for(organisation: Organisation) -> QuerySet[ExchangeCollection]:
    """The active collections ``organisation`` may read."""
    return (
        ExchangeCollection.objects.filter(is_active=True)
        .filter(
            Q(tlp__in=(Tlp.CLEAR, Tlp.GREEN))
            | Q(tlp=Tlp.AMBER, readers=organisation)
            | Q(tlp=Tlp.AMBER_STRICT, owner=organisation)
        )
        .distinct()
    )


def collection_for(organisation: Organisation, collection_id: str) -> ExchangeCollection | None:
    """The collection by its id (uuid) or slug, if ``organisation`` may read it."""
    readable = collections_for(organisation)
    try:
        return readable.filter(pk=uuid.UUID(collection_id)).first()
    except ValueError:
        return readable.filter(slug=collection_id).first()
