"""argmap.render."""
