"""Every change to the core's records goes through these functions."""
