"""The TAXII 2.1 server partners read under ``/taxii2/``: media types, filters, pagination,
the specification's error messages and the endpoints themselves."""
