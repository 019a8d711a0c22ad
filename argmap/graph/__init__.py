"""argmap.graph."""
