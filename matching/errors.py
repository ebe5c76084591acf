class MatchingError(Exception):
    """A change that cannot be made; the message says why, in the user's language."""
