"""Reads of requisitions for pages, always through the gate of ``requisitions.access``."""
