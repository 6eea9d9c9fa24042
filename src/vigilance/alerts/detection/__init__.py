"""Pure rules of scam-wave detection: given counts, whether they make a wave (no database)."""
