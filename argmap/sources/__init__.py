"""Thread readers: one module per input format, chosen by :mod:`argmap.sources.registry`."""
