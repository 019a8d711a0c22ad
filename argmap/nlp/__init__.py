"""argmap.nlp."""
