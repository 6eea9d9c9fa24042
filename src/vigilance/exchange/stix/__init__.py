"""The STIX 2.1 objects the platform emits, built with the ``stix2`` library.

``markings`` holds the TLP 2.0 marking definitions, ``identity`` the platform's own identity,
``extensions`` the extension definitions and observable types for identifiers STIX 2.1 does not
define (phone numbers, mobile-money and bank accounts, crypto wallets, IMEIs), ``observables``
and ``patterns`` the mapping of an indicator's (type, value) to a cyber-observable and a
pattern, and ``objects`` the indicators, sightings, relationships and groupings. Pure: no
database access.
"""
