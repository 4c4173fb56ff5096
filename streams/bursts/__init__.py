"""Burst detection: a topic's rate of new stories far above its own baseline, by event time."""
