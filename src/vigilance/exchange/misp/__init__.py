"""The platform's confirmed-fraud identifiers as MISP events and MISP feeds (manifest, one file
per event, hashes), built with ``pymisp`` and its shipped object templates."""
