"""Data sets shipped with imnm."""
