"""Pages of requisitions: a case's requisitions, one requisition, the partner desk, the overdue
list."""
