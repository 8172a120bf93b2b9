"""Reconcile: the same figure as several articles report it, with every disagreement explained."""
