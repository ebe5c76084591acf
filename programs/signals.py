"""Signals of the programs app, for the apps above it (DESIGN.md: they depend on us)."""

from django.dispatch import Signal

# Sent inside the check-in's transaction with `checkin`, when a WHO-5 answer suggests
# professional help and the participant agreed that their supporter may know. The
# matching app tells the supporter of the active match (never the score).
checkin_suggests_help = Signal()
