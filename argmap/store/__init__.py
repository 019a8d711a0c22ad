"""argmap.store."""
