"""Aggregates for dashboards, open data and the annual report: never a person or a reference."""
