"""The TLP 2.0 marking definitions, exactly as FIRST and OASIS publish them (fixed ids, the
``tlp_2_0`` property extension), and the marking reference of each platform TLP."""

from stix2.v21 import MarkingDefinition

from vigilance.core.tlp import Tlp

TLP_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

# (platform marking, STIX id, name, the extension's value), from the widest audience down.
_DEFINITIONS = (
    (Tlp.CLEAR, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "TLP:CLEAR", "clear"),
    (Tlp.GREEN, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "TLP:GREEN", "green"),
    (Tlp.AMBER, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", "TLP:AMBER", "amber"),
    (
        Tlp.AMBER_STRICT,
        "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        "TLP:AMBER+STRICT",
        "amber+strict",
    ),
    (Tlp.RED, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "TLP:RED", "red"),
)

TLP_MARKING_IDS: dict[str, str] = {str(tlp): stix_id for tlp, stix_id, _, _ in _DEFINITIONS}


def tlp_marking(tlp: str) -> MarkingDefinition:
    """The TLP 2.0 marking definition of a platform marking (``KeyError`` if unknown)."""
    for marking, stix_id, name, level in _DEFINITIONS:
        if marking == tlp:
            return MarkingDefinition(
                id=stix_id,
                created="2022-10-01T00:00:00.000Z",
                name=name,
                extensions={
                    TLP_EXTENSION_ID: {"extension_type": "property-extension", "tlp_2_0": level}
                },
            )
    raise KeyError(tlp)


def tlp_markings() -> list[MarkingDefinition]:
    """The five TLP 2.0 marking definitions, CLEAR first."""
    return [tlp_marking(marking) for marking, _, _, _ in _DEFINITIONS]
