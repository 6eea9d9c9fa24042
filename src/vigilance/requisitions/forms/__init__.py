"""Forms of the requisition pages."""
