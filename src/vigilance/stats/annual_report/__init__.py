"""The annual state-of-play report ("état des lieux"): a year's figures compared with the two
years before, as a signed bilingual PDF, small cells suppressed as in the open data."""
