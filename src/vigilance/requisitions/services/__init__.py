"""Every write on requisitions: drafting, approving (which sends), and the partner's answers."""
